"""The statutory steps of one employee's month, after every pay rule has given its lines.

In order: the fault-deduction cap (20 % of the month's wage, the excess carried to the next month);
the minimum-wage guard (pay after deductions, and after the employee's SI/HF where the city says so,
against the minimum prorated to the normal hours due); social insurance and housing fund; income tax
by cumulative withholding on the month's 应发 (the after-tax deductions of `lines.AFTER_TAX_RULES` are
not income taken away). (The working hours against the overtime limit: `payroll.working_hours`.) Each step
adds pay lines when it acts and a `PayWarning` when a guard fires; the formulas live in
`payroll.statutory`, this module only feeds them one employee's figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kefu.team import Employee
from payroll.attendance import Attendance
from payroll.kpi import KpiRecord
from payroll.lines import AFTER_TAX_RULES, PayLine
from payroll.money import ZERO, fmt, fmt_figure
from payroll.policy import PayrollPolicy
from payroll.statutory import (SIResult, StatutoryPolicy, TaxMonthInput, cap_fault_deductions,
                               employee_contributions, minimum_wage_guard, minimum_wage_share, withhold)
from payroll.statutory.income_tax import TaxYTD

FAULT_CARRY_RULE = "fault_deduction_carry"     # last month's fault deductions above the cap
FAULT_CAP_RULE = "fault_deduction_cap"         # this month's fault deductions above the cap, given back
MINIMUM_WAGE_RULE = "minimum_wage"             # top-up to the local minimum wage
FAULT_RULES = ("exam", "typing", "items_per_customer", "monthly_summary", "other_deduction",
               "late_arrival", "early_leave")   # 迟到/早退 amounts (payroll.rules.punctuality); 旷工 is unpaid time, not a fault
EXCLUDED_FROM_MINIMUM = ("holiday_overtime", "rest_day_overtime", "overtime", "duty_allowance")   # 最低工资规定 art. 12
# unused annual-leave pay compensates days not taken; it is not pay for the month's normal hours
EXCLUDED_FROM_MINIMUM += ("annual_leave_payout",)


@dataclass(frozen=True)
class PayWarning:
    """A statutory guard that fired for one employee (shown in 人事预警 and on the command line)."""

    employee_id: str
    rule_id: str
    message: str


def employed_share(a: Attendance, paid_days: int, pol: PayrollPolicy) -> tuple[Decimal, str]:
    """The share of the month employed, prorated the way the base salary is, and its text."""
    if a.employed_days >= a.days_in_month:
        return Decimal(1), f"在职 {a.employed_days}/{a.days_in_month} 天"
    if pol.base_salary.proration == "paid_days":
        per_month = pol.wage.paid_days_per_month
        return min(Decimal(paid_days) / per_month, Decimal(1)), f"在职计薪 {paid_days} 天 ÷ {fmt_figure(per_month)}"
    return Decimal(a.employed_days) / a.days_in_month, f"在职 {a.employed_days}/{a.days_in_month} 天"


def guards(e: Employee, a: Attendance, own: list[PayLine], carried_in: Decimal, si_total: Decimal,
           stat: StatutoryPolicy, first: date, employed: tuple[Decimal, str]
           ) -> tuple[list[PayLine], Decimal, list[PayWarning]]:
    """Fault-deduction cap with carry-over, then the minimum-wage guard; both add lines when they act."""
    eid, warnings = e.employee_id, []
    faults = -sum((ln.amount for ln in own if ln.rule_id in FAULT_RULES and ln.amount < ZERO), ZERO)
    wage = sum((ln.amount for ln in own if not (ln.rule_id in FAULT_RULES and ln.amount < ZERO)), ZERO)
    cap = cap_fault_deductions(max(wage, ZERO), faults, carried_in, stat.fault_cap_ratio_for(e.city))
    if carried_in > ZERO:
        own.append(PayLine.of(eid, FAULT_CARRY_RULE, -carried_in, f"上月超出扣款上限结转 {fmt(carried_in)}",
                              carried_in=carried_in))
    if cap.fired:
        own.append(PayLine.of(eid, FAULT_CAP_RULE, cap.carried_out, cap.message, cap=cap.cap,
                              applied=cap.applied, carried_out=cap.carried_out))
        warnings.append(PayWarning(eid, cap.rule_id, cap.message))
    pay = sum((ln.amount for ln in own), ZERO)
    excluded = sum((ln.amount for ln in own if ln.rule_id in EXCLUDED_FROM_MINIMUM), ZERO)
    share, share_text = minimum_wage_share(employed[0], employed[1], a.personal_leave_days, a.sick_leave_days,
                                           stat.paid_days_per_month, stat.sick_pay_minimum_ratio)
    guard = minimum_wage_guard(pay, si_total, stat.minimum_wage_for(e.city, first), stat.minimum_wage_action,
                               excluded_pay=excluded, share_of_month=share, share_text=share_text)
    if guard.top_up > ZERO:
        own.append(PayLine.of(eid, MINIMUM_WAGE_RULE, guard.top_up, guard.message, minimum=guard.minimum,
                              shortfall=guard.shortfall, share_of_month=share))
    if guard.fired:
        warnings.append(PayWarning(eid, guard.rule_id, guard.message))
    return own, cap.carried_out, warnings


def social_insurance(e: Employee, monthly: Decimal, record: KpiRecord | None, stat: StatutoryPolicy,
                     first: date) -> SIResult:
    """SI and housing fund on the declared base, else the grade's monthly wage; or HR's override."""
    override = record.social_insurance_override if record is not None else None
    return employee_contributions(e.si_base, monthly, stat.period_for(e.city, first), override)


def taxable_wage(own: list[PayLine]) -> Decimal:
    """The month's 应发: every line so far except the after-tax deductions."""
    return sum((ln.amount for ln in own if ln.rule_id not in AFTER_TAX_RULES), ZERO)


def withholdings(e: Employee, own: list[PayLine], si: SIResult, record: KpiRecord | None, ytd: TaxYTD,
                 stat: StatutoryPolicy) -> tuple[list[PayLine], TaxYTD]:
    """The social-insurance line and the income-tax line (cumulative, from `ytd` before this month)."""
    eid = e.employee_id
    figures: dict[str, Any] = {"pension": si.pension, "medical": si.medical, "unemployment": si.unemployment,
                               "housing_fund": si.housing_fund, "si_base": si.si_base, "hf_base": si.hf_base,
                               "base_source": si.base_source, "overridden": si.overridden}
    income = taxable_wage(own)
    own.append(PayLine.of(eid, "social_insurance", -si.total, si.explanation,
                          **{k: v for k, v in figures.items() if v is not None}))
    special = record.special_deduction if record is not None and record.special_deduction else ZERO
    tax = withhold(ytd.months + 1, ytd, TaxMonthInput(income, si.total, special), stat)
    own.append(PayLine.of(eid, "income_tax", -tax.tax_this_month, tax.explanation,
                          cumulative_income=tax.cumulative_income,
                          cumulative_taxable_income=tax.cumulative_taxable_income, rate=tax.rate,
                          cumulative_tax=tax.cumulative_tax, tax_withheld_ytd=tax.ytd.tax_withheld,
                          months=tax.ytd.months))
    return own, tax.ytd
