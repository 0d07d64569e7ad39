"""Pay for hours worked beyond the standard (Labour Law art. 44; 工资支付暂行规定 §13).

Which minutes earn which rate is decided by the working-time regime (`kefu.working_time.month_hours`):
- `overtime`: extended hours beyond the day (standard hours), or hours over the period's standard
  (comprehensive hours): 150 %;
- `rest_day_overtime`: work on rest days without compensatory rest (standard hours): 200 %;
- `holiday_overtime`: work on statutory holidays (either regime): 300 %, on top of the monthly salary.

Each is paid on the hourly overtime base: a monthly base ÷ 174 (`[payroll.wage]`, pay conversion), the
monthly base being the grade's base salary or the policy's declared overtime base, never below the
city's minimum wage. A line's amount is monthly base × hours × rate ÷ 174, rounded once to the fen;
the hourly wage shown in its words is rounded for reading only.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from payroll.lines import PayLine
from payroll.money import HUNDRED, fmt, fmt_figure, fmt_pct
from payroll.policy import PayrollPolicy, RatePolicy

MINUTES_PER_HOUR = 60


@dataclass(frozen=True)
class OvertimeBase:
    """The monthly figure overtime is paid on, where it comes from, and the hours it is divided by."""

    monthly: Decimal
    source: str               # 基本工资 / 申报加班基数 / 最低工资
    hours: Decimal            # pay conversion: 174 hours a month

    @property
    def hourly(self) -> Decimal:
        return self.monthly / self.hours

    @property
    def text(self) -> str:
        """'28.74（5,000 ÷ 174）', with the source named unless it is the base salary."""
        source = "" if self.source == "基本工资" else f"{self.source} "
        return f"{fmt(self.hourly)}（{source}{_amount(self.monthly)} ÷ {fmt_figure(self.hours)}）"


def _amount(x: Decimal) -> str:
    """5,000 for a whole amount, 5,000.50 otherwise."""
    return f"{int(x):,}" if x == x.to_integral_value() else fmt(x)


def overtime_base(monthly: Decimal, grade: str | None, minimum_wage: Decimal, policy: PayrollPolicy) -> OvertimeBase:
    """The grade's declared overtime base if the policy has one, else the base salary; raised to the city's
    minimum wage when below it (上海市企业工资支付办法 §9: the base is not below the minimum wage)."""
    declared = policy.overtime.declared_base.get((grade or "").strip())
    base = OvertimeBase(monthly, "基本工资", policy.wage.standard_monthly_hours) if declared is None else \
        OvertimeBase(declared, "申报加班基数", policy.wage.standard_monthly_hours)
    if base.monthly < minimum_wage:
        return OvertimeBase(minimum_wage, "最低工资", base.hours)
    return base


def _line(employee_id: str, rule_id: str, label: str, minutes: int, base: OvertimeBase, rule: RatePolicy,
          why: str, **figures) -> list[PayLine]:
    if minutes <= 0:
        return []
    hours = Decimal(minutes) / MINUTES_PER_HOUR
    amount = base.monthly * minutes * rule.rate / (base.hours * MINUTES_PER_HOUR)
    reason = f"{label} {fmt_figure(hours)} 小时 × 小时工资 {base.text}× {fmt_pct(rule.rate * HUNDRED)}"   # text ends in ）
    return [PayLine.of(employee_id, rule_id, amount, reason + (f"；{why}" if why else ""),
                       minutes=minutes, hours=hours, overtime_base=base.monthly, base_source=base.source,
                       hourly_wage=base.hourly, rate=rule.rate, **figures)]


def overtime(employee_id: str, minutes: int, base: OvertimeBase, policy: PayrollPolicy, *,
             comprehensive: bool = False, why: str = "", **figures) -> list[PayLine]:
    """Extended hours (standard hours) or hours over the comprehensive-hours standard: 150 % (art. 44 (1))."""
    label = "综合计算工时超出标准" if comprehensive else "延长工作时间加班"
    return _line(employee_id, "overtime", label, minutes, base, policy.overtime, why, **figures)


def rest_day_overtime(employee_id: str, minutes: int, base: OvertimeBase, policy: PayrollPolicy, *,
                      why: str = "", **figures) -> list[PayLine]:
    """Work on rest days without compensatory rest: 200 % (art. 44 (2))."""
    return _line(employee_id, "rest_day_overtime", "休息日加班", minutes, base, policy.rest_day_overtime, why,
                 **figures)


def holiday_overtime(employee_id: str, minutes: int, base: OvertimeBase, policy: PayrollPolicy, *,
                     why: str = "", **figures) -> list[PayLine]:
    """Work on statutory holidays: 300 % on top of the monthly salary (art. 44 (3))."""
    return _line(employee_id, "holiday_overtime", "法定节假日加班", minutes, base, policy.holiday_overtime, why,
                 **figures)
