"""Statutory guards on the month's pay (工资支付暂行规定 §16, 最低工资规定).

- Fault deductions (compensation for losses the employee caused) are capped at a ratio of the
  month's wage (default 20 %); the excess is carried to the next month, not dropped.
- Pay after deductions is never below the local minimum wage; whether the employee's own social
  insurance and housing fund count inside the minimum is city policy.

Each guard returns its figures and, when it fires, a warning record (rule_id and a message with
the figures, no employee named) that the payroll engine writes into its workbook.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from payroll.money import ZERO, fmt, fmt_figure, round_fen
from payroll.statutory.policy import MinimumWagePeriod

FAULT_CAP_RULE_ID = "fault_deduction_cap"
MINIMUM_WAGE_RULE_ID = "minimum_wage"


@dataclass(frozen=True)
class GuardWarning:
    """A statutory warning for the workbook: which rule, and the figures in words."""

    rule_id: str
    message: str


@dataclass(frozen=True)
class GuardResult:
    """Fault deductions after the cap: `applied` this month, `carried_out` to the next."""

    applied: Decimal
    carried_out: Decimal
    cap: Decimal
    fired: bool
    message: str
    warning: GuardWarning | None
    rule_id: str = FAULT_CAP_RULE_ID


@dataclass(frozen=True)
class MinimumWageResult:
    """Pay compared with the minimum: `top_up` is the amount to add (0 when action is "warn")."""

    compared: Decimal      # the pay the minimum is measured against
    minimum: Decimal       # the minimum for this month (prorated by share_of_month)
    shortfall: Decimal
    top_up: Decimal
    fired: bool
    message: str
    warning: GuardWarning | None
    rule_id: str = MINIMUM_WAGE_RULE_ID


def cap_fault_deductions(month_wage: Decimal, fault_deductions: Decimal, carried_in: Decimal,
                         ratio: Decimal) -> GuardResult:
    """Deductions for faults ≤ ratio × the month's wage; the rest carries over (工资支付暂行规定 §16)."""
    if min(month_wage, fault_deductions, carried_in) < ZERO:
        raise ValueError("wage and fault deductions must not be negative")
    cap = round_fen(month_wage * ratio)
    due = fault_deductions + carried_in
    applied = min(due, cap)
    carried_out = due - applied
    fired = due > cap
    if fired:
        message = (f"过失扣款 {fmt(due)}（本月 {fmt(fault_deductions)} + 上月结转 {fmt(carried_in)}）超过上限 "
                   f"{ratio:.0%} × 工资 {fmt(month_wage)} = {fmt(cap)}：本月扣 {fmt(applied)}，"
                   f"{fmt(carried_out)} 结转下月（工资支付暂行规定第十六条）")
    else:
        message = f"过失扣款 {fmt(due)} 未超过上限 {ratio:.0%} × 工资 {fmt(month_wage)} = {fmt(cap)}"
    warning = GuardWarning(FAULT_CAP_RULE_ID, message) if fired else None
    return GuardResult(applied, carried_out, cap, fired, message, warning)


def minimum_wage_share(employed: Decimal, employed_text: str, personal_leave_days: Decimal | int,
                       sick_leave_days: Decimal | int, paid_days_per_month: Decimal,
                       sick_minimum_ratio: Decimal) -> tuple[Decimal, str]:
    """The part of the month's minimum wage that applies, and how it was reached, in words.

    The minimum is pay for the normal hours the employee was due to work. `employed` is the share of
    the month employed, prorated as the base salary is (e.g. 29/30 calendar days). An unpaid 事假 day
    provides no normal work: it takes 1 ÷ 21.75 off (the daily wage of 劳社部发〔2008〕3号, as the leave
    deduction does). A sick day's pay may fall to `sick_minimum_ratio` of the minimum (劳部发〔1995〕309号
    §59: 80 %), so it takes (1 − ratio) ÷ 21.75 off. The share is exact; the text is for reading.
    """
    pl, sl = Decimal(personal_leave_days), Decimal(sick_leave_days)
    share = employed - pl / paid_days_per_month - sl * (1 - sick_minimum_ratio) / paid_days_per_month
    share = min(max(share, ZERO), Decimal(1))
    parts = [employed_text]
    if pl:
        parts.append(f"事假 {fmt_figure(pl)} 天 ÷ {fmt_figure(paid_days_per_month)}")
    if sl:
        parts.append(f"病假 {fmt_figure(sl)} 天 × (1 − {sick_minimum_ratio:.0%}) ÷ {fmt_figure(paid_days_per_month)}")
    return share, " − ".join(parts)


def minimum_wage_guard(pay_after_deductions: Decimal, employee_si_hf: Decimal, minimum: MinimumWagePeriod,
                       action: Literal["top_up", "warn"], *, excluded_pay: Decimal = ZERO,
                       share_of_month: Decimal = Decimal(1), share_text: str = "") -> MinimumWageResult:
    """Pay for normal hours, after deductions, is not below the local minimum wage.

    pay_after_deductions: the month's gross after fault and other deductions, before SI/HF and tax.
    employee_si_hf: the employee's own SI + HF this month; subtracted before comparing when the
        city's minimum excludes them (includes_social_insurance = false, e.g. Shanghai).
    excluded_pay: pay the minimum does not count (overtime, night-shift and hardship allowances,
        最低工资规定 art. 12).
    share_of_month: the part of the month's normal hours the employee was due to work (mid-month
        hire or leaver, unpaid leave; see minimum_wage_share); the minimum is prorated by it.
    share_text: how the share was reached, for the message (else the share itself, rounded).
    """
    if not ZERO <= share_of_month <= 1:
        raise ValueError(f"share_of_month {share_of_month} must be between 0 and 1")
    counted_si = ZERO if minimum.includes_social_insurance else employee_si_hf
    compared = round_fen(pay_after_deductions - excluded_pay - counted_si)
    floor = round_fen(minimum.monthly * share_of_month)
    shortfall = max(ZERO, floor - compared)
    fired = shortfall > ZERO
    top_up = shortfall if action == "top_up" else ZERO

    basis = "扣款后工资" if minimum.includes_social_insurance else "扣除个人社保公积金后的工资"
    figures = (f"{basis} {fmt(compared)}（扣款后应发 {fmt(pay_after_deductions)}"
               f"{'' if not excluded_pay else f' − 不计入项目 {fmt(excluded_pay)}'}"
               f"{'' if not counted_si else f' − 社保公积金 {fmt(counted_si)}'}）对比最低工资 "
               f"{fmt(floor)}" + ("" if share_of_month == 1 else
                                f"（{fmt(minimum.monthly)} × ({share_text or fmt_figure(share_of_month)})）"))
    if not fired:
        message = f"{figures}：不低于最低工资"
    elif top_up:
        message = f"{figures}：低 {fmt(shortfall)}，补足 {fmt(top_up)}"
    else:
        message = f"{figures}：低于最低工资 {fmt(shortfall)}，未补足（策略：仅提示）"
    warning = GuardWarning(MINIMUM_WAGE_RULE_ID, message) if fired else None
    return MinimumWageResult(compared, floor, shortfall, top_up, fired, message, warning)
