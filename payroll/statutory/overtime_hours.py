"""Monthly overtime hours against the statutory limits (Labour Law art. 41; 综合计算工时工作制).

Standard working hours: overtime above the monthly limit (36 h) is reported. Comprehensive hours:
hours worked above the standard monthly hours (e.g. 174) are overtime and reported, and that
overtime is itself checked against the monthly limit. These are reports, never pay lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from payroll.statutory.guards import GuardWarning
from payroll.money import ZERO, fmt
from payroll.statutory.policy import StatutoryPolicy

OVERTIME_LIMIT_RULE_ID = "overtime_monthly_limit"
COMPREHENSIVE_RULE_ID = "comprehensive_hours_over_standard"


@dataclass(frozen=True)
class HoursReport:
    """Hours measured against a limit; `excess` is the part above it (0 when within)."""

    rule_id: str
    hours: Decimal
    limit: Decimal
    excess: Decimal
    fired: bool
    message: str
    warning: GuardWarning | None


def monthly_overtime_excess(overtime_hours: Decimal, limit_hours: Decimal) -> HoursReport:
    """Overtime in a month above the legal limit (Labour Law art. 41: ≤ 36 h a month)."""
    excess = max(ZERO, overtime_hours - limit_hours)
    fired = excess > ZERO
    message = (f"本月加班 {fmt(overtime_hours)} 小时，上限 {fmt(limit_hours)} 小时"
               + (f"：超出 {fmt(excess)} 小时（劳动法第四十一条）" if fired else "：未超出"))
    warning = GuardWarning(OVERTIME_LIMIT_RULE_ID, message) if fired else None
    return HoursReport(OVERTIME_LIMIT_RULE_ID, overtime_hours, limit_hours, excess, fired, message, warning)


def comprehensive_hours_excess(worked_hours: Decimal, standard_hours: Decimal) -> HoursReport:
    """Under comprehensive hours, hours worked above the standard monthly hours are overtime."""
    excess = max(ZERO, worked_hours - standard_hours)
    fired = excess > ZERO
    message = (f"本月工作 {fmt(worked_hours)} 小时，标准 {fmt(standard_hours)} 小时"
               + (f"：超出 {fmt(excess)} 小时（综合计算工时加班）" if fired else "：未超出"))
    warning = GuardWarning(COMPREHENSIVE_RULE_ID, message) if fired else None
    return HoursReport(COMPREHENSIVE_RULE_ID, worked_hours, standard_hours, excess, fired, message, warning)


def overtime_reports(policy: StatutoryPolicy, *, overtime_hours: Decimal | None = None,
                     worked_hours: Decimal | None = None, comprehensive: bool = False) -> list[HoursReport]:
    """The month's hour reports by the policy's limits.

    Standard hours: give `overtime_hours`. Comprehensive hours: give `worked_hours`; the hours
    above the standard are reported and then checked against the monthly overtime limit.
    """
    if comprehensive:
        if worked_hours is None:
            raise ValueError("comprehensive hours need worked_hours")
        above = comprehensive_hours_excess(worked_hours, policy.standard_monthly_hours)
        return [above, monthly_overtime_excess(above.excess, policy.overtime_limit_monthly_hours)]
    if overtime_hours is None:
        raise ValueError("standard hours need overtime_hours")
    return [monthly_overtime_excess(overtime_hours, policy.overtime_limit_monthly_hours)]
