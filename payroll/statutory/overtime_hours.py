"""Overtime hours against the statutory monthly limit (Labour Law art. 41: at most 36 h a month).

The overtime measured is every hour the law pays beyond the standard — extended hours, rest-day work,
statutory-holiday work, or (comprehensive hours) the hours over the period's standard — as split by
`kefu.working_time.month_hours` against the month's standard from the calendar. The limit is the
`[working_time]` cap, prorated for a part month (`MonthStandard.overtime_limit_hours`) and added up over
a comprehensive-hours period. These are reports, never pay lines: the hours are paid whatever the cap.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from payroll.money import ZERO, fmt_figure
from payroll.statutory.guards import GuardWarning

OVERTIME_LIMIT_RULE_ID = "overtime_monthly_limit"


@dataclass(frozen=True)
class HoursReport:
    """Overtime measured against the limit; `excess` is the part above it (0 when within)."""

    rule_id: str
    hours: Decimal
    limit: Decimal
    excess: Decimal
    fired: bool
    message: str
    warning: GuardWarning | None


def overtime_limit_report(overtime_minutes: int, limit_hours: Decimal, *, period: str = "本月",
                          detail: str = "") -> HoursReport:
    """Overtime above the legal limit, in words: '本月加班 40 小时（…），超过上限 36 小时 4 小时（劳动法第四十一条）'."""
    hours = Decimal(overtime_minutes) / 60
    excess = max(ZERO, hours - limit_hours)
    fired = excess > ZERO
    shown = f"{period}加班 {fmt_figure(hours)} 小时" + (f"（{detail}）" if detail else "")
    message = shown + (f"，超过上限 {fmt_figure(limit_hours)} 小时 {fmt_figure(excess)} 小时（劳动法第四十一条）"
                       if fired else f"，未超过上限 {fmt_figure(limit_hours)} 小时")
    warning = GuardWarning(OVERTIME_LIMIT_RULE_ID, message) if fired else None
    return HoursReport(OVERTIME_LIMIT_RULE_ID, hours, limit_hours, excess, fired, message, warning)
