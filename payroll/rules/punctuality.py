"""Pay lines from the clock-in check (payroll.clock_in.DayCheck): 迟到 late_arrival, 早退 early_leave,
旷工 absence — one line per day, in words.

Late and early amounts are company rules from the employee handbook (policy `[payroll.clock_in]`):
fault deductions, so the statutory layer keeps them inside the 20 % cap of 工资支付暂行规定 §16
(payroll.withholding.FAULT_RULES). Absence is different in kind: no work, no pay for that time — the
daily wage (monthly ÷ 21.75, 劳社部发〔2008〕3号) per day absent, as for 事假, and like 事假 it is not
a fault deduction and stays outside the cap (capping it would pay for time not worked).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from payroll.clock_in import DayCheck, clock_text
from payroll.lines import PayLine
from payroll.money import ZERO, fmt, fmt_figure, round_fen
from payroll.policy import ClockInPolicy, LatenessTier, PayrollPolicy
from payroll.rules.base_salary import daily_wage


def tier_amount(minutes: int, tiers: Iterable[LatenessTier]) -> tuple[Decimal, int]:
    """(amount, tier's minutes) of the highest tier reached; tiers are listed highest first."""
    for t in tiers:
        if minutes >= t.at_least_minutes:
            return t.amount, t.at_least_minutes
    return ZERO, 0


def late_arrival(check: DayCheck, policy: ClockInPolicy) -> list[PayLine]:
    """Late beyond the grace and not counted as absence: the amount of the tier reached."""
    if check.late_minutes <= 0 or check.first_in is None:
        return []
    amount, tier = tier_amount(check.late_minutes, policy.late_tiers)
    reason = (f"{check.day:%m-%d} 迟到 {check.late_minutes} 分钟（上班 {clock_text(check.start)}，打卡 "
              f"{clock_text(check.first_in)}，宽限 {check.grace_late} 分钟）扣 {fmt(-amount)}"
              f"（{tier} 分钟及以上档）")
    return [PayLine.of(check.employee_id, "late_arrival", amount, reason, date=check.day.isoformat(),
                       shift=check.shift, minutes=check.late_minutes, grace=check.grace_late, tier=tier)]


def early_leave(check: DayCheck, policy: ClockInPolicy) -> list[PayLine]:
    """Left early beyond the grace and not counted as absence: the amount of the tier reached."""
    if check.early_minutes <= 0 or check.last_out is None:
        return []
    amount, tier = tier_amount(check.early_minutes, policy.early_tiers)
    reason = (f"{check.day:%m-%d} 早退 {check.early_minutes} 分钟（下班 {clock_text(check.end)}，打卡 "
              f"{clock_text(check.last_out)}，宽限 {check.grace_early} 分钟）扣 {fmt(-amount)}"
              f"（{tier} 分钟及以上档）")
    return [PayLine.of(check.employee_id, "early_leave", amount, reason, date=check.day.isoformat(),
                       shift=check.shift, minutes=check.early_minutes, grace=check.grace_early, tier=tier)]


def absence(check: DayCheck, monthly: Decimal, policy: PayrollPolicy, left: Decimal | None = None
            ) -> list[PayLine]:
    """旷工: the daily wage (monthly ÷ 21.75) per day absent, unpaid time rather than a fine.

    `left` is the base salary not yet deducted this month: 21.75 is an average, so a month with many
    days absent would otherwise deduct more than the month's base; the deduction stops at it.
    """
    if check.absent_days <= ZERO:
        return []
    daily = daily_wage(monthly, policy)
    days = check.absent_days
    amount = round_fen(daily * days)
    reason = (f"{check.day:%m-%d} 旷工 {fmt_figure(days)} 天（{check.absent_why}）× 日工资 {fmt(daily)}"
              f"（{fmt(monthly)} ÷ {fmt_figure(policy.wage.paid_days_per_month)}）")
    if left is not None and amount > max(left, ZERO):
        amount = max(left, ZERO)
        reason += f"，本月基本工资只余 {fmt(amount)}，扣 {fmt(amount)}"
    if amount <= ZERO:
        return []
    return [PayLine.of(check.employee_id, "absence", -amount, reason, date=check.day.isoformat(),
                       shift=check.shift, days=days, daily_wage=daily, monthly=monthly)]


def punctuality_lines(checks: Iterable[DayCheck], monthly: Decimal, policy: PayrollPolicy,
                      base_left: Decimal | None = None) -> list[PayLine]:
    """Every late, early and absence line of one employee's month, day by day; absence deductions stop
    at `base_left` (the base salary after leave deductions), when given."""
    rules = policy.clock_in
    if rules is None:
        return []
    out: list[PayLine] = []
    left = base_left
    for check in checks:
        out += late_arrival(check, rules) + early_leave(check, rules)
        taken = absence(check, monthly, policy, left)
        if left is not None and taken:
            left += taken[0].amount
        out += taken
    return out


def minimum_wage_share(employed: tuple[Decimal, str], checks: Iterable[DayCheck], paid_days_per_month: Decimal
                       ) -> tuple[Decimal, str]:
    """The share of the month's minimum wage due, less the days absent.

    The minimum wage is pay for the normal hours worked (最低工资规定 art. 3); a day absent provides
    none, so like an unpaid 事假 day it takes 1 ÷ 21.75 off the share — otherwise the minimum-wage
    top-up would pay the absence deduction back.
    """
    days = sum((c.absent_days for c in checks), ZERO)
    if days <= ZERO:
        return employed
    share, text = employed
    return (max(share - days / paid_days_per_month, ZERO),
            f"{text} − 旷工 {fmt_figure(days)} 天 ÷ {fmt_figure(paid_days_per_month)}")
