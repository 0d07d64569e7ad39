"""Statutory annual leave 带薪年休假: the year's entitlement by service, the balance, unused days paid.

Entitlement (职工带薪年休假条例 art. 3; the tiers are policy data, [payroll.annual_leave].tiers): by
cumulative years of service — counted from 参加工作日期 (first employment anywhere, optional team
column), else from 入职日期 — completed on the last day of the year the employee is employed (31
December, or the leaving date): ≥ 1 and < 10 years 5 days, ≥ 10 and < 20 years 10 days, ≥ 20 years 15.
- A new employee (企业职工带薪年休假实施办法 §5): the remaining calendar days of the year from the
  hire date ÷ 365 × the full entitlement, a fraction of a day dropped.
- A leaver (§12): the calendar days of the year passed up to the leaving date (from the hire date when
  hired that year) ÷ 365 × the full entitlement, a fraction dropped, less the days already taken; days
  taken beyond it are not clawed back.
Not modelled: the exclusions of 条例 art. 4 (long sick leave, more than 20 days of 事假 ...) and a
change of tier in the middle of a year; the daily wage is the grade's monthly base ÷ 21.75, not the
average of the previous twelve months (§11).

Balance: 应休 (entitlement, plus days carried from last year when the policy carries over) − 已休 (the
annual type's days of this year's closed months in the ledger, the opening days of 年假已休（启用前）
in the year the shop adopted the tool, and this month's) = 未休. Reopening a month gives its days back,
because history counts closed months only.

Payout (§10, rule `annual_leave_payout`): each unused day earns payout_rate (300 %) of the daily wage.
That 300 % includes the normal wage for the day, which the month's base salary has already paid, so
the line pays payout_rate − 1 (200 %) when payout_includes_normal_wage (the policy says which). Paid in
the leaving month for a leaver, and in December for everyone with days left when year_end = "pay"; with
"carry_over" (the employee agreed, 条例 art. 5) December pays nothing and next year's balance starts
with the days left.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from kefu.team import Employee
from payroll.lines import PayLine
from payroll.money import ZERO, fmt, fmt_figure
from payroll.policy import AnnualLeavePolicy, PayrollPolicy

RULE_ID = "annual_leave_payout"


def service_years(start: date, on: date) -> int:
    """Completed years from `start` to `on` (a birthday-style count: 2016-07-01 → 2026-06-30 is 9)."""
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(0, years)


def full_entitlement(years: int, policy: AnnualLeavePolicy) -> int:
    """Days a year for `years` of cumulative service: the highest tier reached (条例 art. 3)."""
    days = 0
    for tier in policy.tiers:
        if years >= tier.years_at_least:
            days = tier.days
    return days


@dataclass(frozen=True)
class Entitlement:
    """One employee's annual leave for a year, with how it was reached in words."""

    days: int              # after prorating
    full: int              # the tier's days for a whole year
    years: int             # cumulative years of service
    text: str


def year_entitlement(employee: Employee, year: int, policy: AnnualLeavePolicy) -> Entitlement:
    """The year's entitlement: the tier by service, prorated for a joiner (§5) or a leaver (§12)."""
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    start = employee.work_start_date or employee.hire_date
    last = min(dec31, employee.leave_date) if employee.leave_date else dec31
    if start is None:
        return Entitlement(0, 0, 0, "无参加工作日期或入职日期，未计年假")
    years = service_years(start, last)
    full = full_entitlement(years, policy)
    since = "参加工作" if employee.work_start_date else "入职"
    text = f"{since} {start}，至 {last} 工龄 {years} 年 → 全年 {full} 天"
    first = max(jan1, employee.hire_date) if employee.hire_date else jan1
    if first == jan1 and last == dec31 or full == 0:
        return Entitlement(full, full, years, text)
    counted = (last - first).days + 1
    days = int((Decimal(counted) / policy.days_in_year * full).to_integral_value(rounding=ROUND_FLOOR))
    why = "离职折算（实施办法第十二条）" if last < dec31 else "新入职折算（实施办法第五条）"
    exact = fmt_figure(Decimal(counted) / policy.days_in_year * full)
    text += f"；{why} {first}–{last} 共 {counted} 天：{counted}/{fmt_figure(policy.days_in_year)} × {full} = {exact}，" \
            f"不足一天不计 → {days} 天"
    return Entitlement(days, full, years, text)


@dataclass(frozen=True)
class AnnualLeaveBalance:
    """应休 / 已休 / 未休 of one employee after a month; the ledger keeps one per employee and month."""

    employee_id: str
    year: int
    entitlement: int
    carried_in: Decimal          # days left from last year (carry_over), part of 应休
    taken_before: Decimal        # this year's closed months and the opening days
    taken_month: int             # this month's annual-leave days
    text: str = ""               # how the entitlement was reached

    @property
    def due(self) -> Decimal:
        """应休: the entitlement plus the days carried in."""
        return self.entitlement + self.carried_in

    @property
    def taken(self) -> Decimal:
        """已休: this year's days so far, this month's included."""
        return self.taken_before + self.taken_month

    @property
    def remaining(self) -> Decimal:
        """未休 (negative when more was taken than is due)."""
        return self.due - self.taken

    def words(self) -> str:
        carried = f"（含上年结转 {fmt_figure(self.carried_in)} 天）" if self.carried_in else ""
        return (f"{self.year} 年年假：应休 {fmt_figure(self.due)} 天{carried}，已休 {fmt_figure(self.taken)} 天，"
                f"未休 {fmt_figure(self.remaining)} 天")


def opening_taken(employee: Employee, year: int, month: int, policy: AnnualLeavePolicy) -> Decimal:
    """年假已休（启用前）: counted in the year the shop adopted the tool, from the adopted month on."""
    if employee.annual_leave_taken is None or policy.adopted_month is None:
        return ZERO
    y, m = (int(x) for x in policy.adopted_month.split("-"))
    return employee.annual_leave_taken if (year == y and month >= m) else ZERO


def month_balance(employee: Employee, year: int, month: int, taken_month: int, taken_in_ledger: Decimal,
                  carried_in: Decimal, policy: AnnualLeavePolicy) -> AnnualLeaveBalance:
    """The balance after `month`: entitlement and carry-over less the year's days taken so far."""
    ent = year_entitlement(employee, year, policy)
    before = taken_in_ledger + opening_taken(employee, year, month, policy)
    carried = carried_in if policy.year_end == "carry_over" else ZERO
    return AnnualLeaveBalance(employee.employee_id, year, ent.days, carried, before, taken_month, ent.text)


def payout_due(employee: Employee, year: int, month: int, policy: AnnualLeavePolicy) -> str | None:
    """Why unused days are paid this month ("leaver" / "year_end"), or None."""
    leave = employee.leave_date
    if leave is not None and (leave.year, leave.month) == (year, month):
        return "leaver"
    if month == 12 and policy.year_end == "pay":
        return "year_end"
    return None


def annual_leave_payout(employee: Employee, monthly: Decimal, balance: AnnualLeaveBalance, year: int, month: int,
                        policy: PayrollPolicy) -> list[PayLine]:
    """Unused annual-leave days paid (实施办法 §10, §12) in the leaving month or in December."""
    al = policy.annual_leave
    if al is None:
        return []
    why = payout_due(employee, year, month, al)
    days = max(balance.remaining, ZERO)
    if why is None or days <= ZERO:
        return []
    daily = monthly / policy.wage.paid_days_per_month
    rate = al.payout_rate - 1 if al.payout_includes_normal_wage else al.payout_rate
    basis = (f"{al.payout_rate:.0%} 含已随工资发放的正常工资 100 %，另付 {rate:.0%}" if al.payout_includes_normal_wage
             else f"另付 {rate:.0%}")
    when = "离职当月结算（实施办法第十二条）" if why == "leaver" else "年末结算"
    reason = (f"未休年假 {fmt_figure(days)} 天 × 日工资 {fmt(daily)} ({fmt(monthly)} ÷ "
              f"{policy.wage.paid_days_per_month}) × {rate:.0%}（{basis}；企业职工带薪年休假实施办法第十条），"
              f"{when}；{balance.words()}")
    return [PayLine.of(employee.employee_id, RULE_ID, daily * rate * days, reason, days=days, daily_wage=daily,
                       rate=rate, payout_rate=al.payout_rate, due=balance.due, taken=balance.taken,
                       remaining=balance.remaining, entitlement=balance.entitlement, when=why)]
