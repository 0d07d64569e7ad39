"""One employee's month of working time as payroll pays it, on the definitions of `kefu.working_time`.

- the month's standard: the calendar's legal working days (with 调休 and the policy's calendar overrides)
  within the employee's employed days × hours a day, and the overtime cap prorated the same way;
- the month's hours, split the way the law pays them (`month_hours`); leave days count as attended, those
  on legal working days only: a day of leave on a rest day or a holiday stands for no working day (职工带薪
  年休假条例 art. 3 counts leave in working days), so a month of leave never becomes rest-day overtime;
- under comprehensive hours over a quarter or a year, the period's settlement: in the period's last
  month, or in the month the employee leaves, the hours over the period's standard are summed from the
  ledger's closed months of the period and this one (`period_over_standard`);
- the hours against the monthly overtime cap (Labour Law art. 41), as warnings in words.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kefu.calendar import month_dates, working_days
from kefu.team import Employee
from kefu.working_time import (MonthHours, MonthStandard, WorkingTimePolicy, month_hours, month_standard,
                               period_months, period_over_standard)
from payroll.attendance import Attendance
from payroll.ledger import LedgerHistory, month_key
from payroll.money import fmt_figure
from payroll.statutory.overtime_hours import overtime_limit_report
from payroll.withholding import PayWarning
from roster.policy import CalendarPolicy

PERIOD_NAMES = {"quarter": "季度", "year": "年度"}


@dataclass(frozen=True)
class PeriodSettlement:
    """A comprehensive-hours quarter or year settled this month, on the sums of its months."""

    months: tuple[str, ...]          # the months summed: closed months of the period and this one
    missing: tuple[str, ...]         # months of the period the employee was employed in, not closed in the ledger
    standard: int                    # minutes
    credited: int
    holiday: int
    over_standard: int
    limit_hours: Decimal             # the months' caps added up
    leaving: bool                    # settled early because the employee leaves this month


@dataclass(frozen=True)
class HoursToPay:
    """The month's minutes at each rate, with what they were measured against."""

    regime: WorkingTimePolicy
    standard: MonthStandard
    hours: MonthHours
    overtime: int                    # 150 %: extended (standard hours) or over the standard (comprehensive)
    rest_day: int                    # 200 %
    holiday: int                     # 300 %
    leave_days: int = 0              # days of leave credited as attended
    settlement: PeriodSettlement | None = None
    awaiting: str | None = None      # a period's month that pays nothing over the standard yet: when it will

    @property
    def comprehensive(self) -> bool:
        return self.regime.regime == "comprehensive"


def _hours(minutes: int) -> str:
    return fmt_figure(Decimal(minutes) / 60)


def employed_in(e: Employee, year: int, month: int) -> tuple[date, date] | None:
    """The first and last day of the month the employee is employed (None when not at all)."""
    days = [d for d in month_dates(year, month) if e.employed_on(d)]
    return (days[0], days[-1]) if days else None


def standard_of(e: Employee, wt: WorkingTimePolicy, cal: CalendarPolicy, year: int, month: int) -> MonthStandard:
    """The month's standard for the employee: their employed days only, on the policy's calendar."""
    return month_standard(wt, year, month, country=cal.country, add=tuple(cal.statutory_add),
                          remove=tuple(cal.statutory_remove), employed=employed_in(e, year, month))


def leave_on_working_days(a: Attendance, cal: CalendarPolicy) -> int:
    """The days of leave that fall on the calendar's legal working days (those credited as attended)."""
    legal = set(working_days(a.year, a.month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove)))
    return sum(1 for d in a.leave_dates if d in legal)


def hours_to_pay(e: Employee, a: Attendance, wt: WorkingTimePolicy, cal: CalendarPolicy, history: LedgerHistory,
                 year: int, month: int) -> HoursToPay:
    """One employee's minutes at 150 %, 200 % and 300 % this month by the regime. A comprehensive quarter or
    year pays nothing at 150 % before its last month (or the month of leaving), which settles the period."""
    standard = standard_of(e, wt, cal, year, month)
    leave = leave_on_working_days(a, cal)
    hours = month_hours(wt, standard, list(a.worked), leave)
    if wt.regime == "standard":
        return HoursToPay(wt, standard, hours, hours.extended, hours.rest_day, hours.holiday, leave)
    if wt.months_per_period == 1:
        return HoursToPay(wt, standard, hours, hours.over_standard, 0, hours.holiday, leave)
    months = period_months(wt, year, month)
    leaving = e.leave_date is not None and (e.leave_date.year, e.leave_date.month) == (year, month)
    if (year, month) != months[-1] and not leaving:
        return HoursToPay(wt, standard, hours, 0, 0, hours.holiday, leave, awaiting=month_key(*months[-1]))
    return HoursToPay(wt, standard, hours, 0, 0, hours.holiday, leave,
                      settlement=_settle(e, wt, cal, history, months, (year, month), hours, leaving))


def _settle(e: Employee, wt: WorkingTimePolicy, cal: CalendarPolicy, history: LedgerHistory,
            months: list[tuple[int, int]], now: tuple[int, int], hours: MonthHours, leaving: bool
            ) -> PeriodSettlement:
    earlier = [m for m in months if m < now]
    keys = [month_key(*m) for m in earlier]
    held = history.month_hours(e.employee_id, keys)
    employed = [month_key(*m) for m in earlier if employed_in(e, *m) is not None]
    missing = tuple(k for k in employed if k not in held)
    summed = [*held.values(), hours]
    limit = sum((standard_of(e, wt, cal, *m).overtime_limit_hours for m in [*earlier, now]
                 if month_key(*m) in held or m == now), Decimal(0))
    return PeriodSettlement(tuple([*held, month_key(*now)]), missing, sum(h.standard for h in summed),
                            sum(h.credited for h in summed), sum(h.holiday for h in summed),
                            period_over_standard(summed), limit, leaving)


def overtime_why(p: HoursToPay) -> str:
    """What the 150 % minutes were measured against, in words."""
    if p.settlement is not None:
        s = p.settlement
        period = f"{s.months[0]}～{s.months[-1]}" if len(s.months) > 1 else s.months[0]
        why = (f"{PERIOD_NAMES.get(p.regime.period, '')}结算（{period}）：计入工时 {_hours(s.credited)} 小时 − "
               f"标准 {_hours(s.standard)} 小时")
        return why + ("，离职结算" if s.leaving else "")
    if p.comprehensive:
        return (f"本月计入工时 {_hours(p.hours.credited)} 小时 − 标准 {_hours(p.standard.minutes)} 小时"
                f"（{p.standard.working_days} 个工作日）")
    return f"每日超过 {fmt_figure(p.regime.hours_per_day)} 小时的部分"


def rest_day_why(p: HoursToPay) -> str:
    leave = f"（含工作日假期 {p.leave_days} 天按出勤计）" if p.leave_days else ""
    return (f"本月计入工时 {_hours(p.hours.credited)} 小时{leave} − 标准 {_hours(p.standard.minutes)} 小时"
            f"（{p.standard.working_days} 个工作日），未安排补休")


def settlement_overtime(p: HoursToPay) -> int:
    """The 150 % minutes this month pays: the month's own, or the period's sum when it settles now."""
    return p.settlement.over_standard if p.settlement is not None else p.overtime


def hour_warnings(eid: str, p: HoursToPay) -> list[PayWarning]:
    """The month's (or settled period's) overtime against the cap (Labour Law art. 41), in words."""
    if p.awaiting is not None:
        return []
    if p.settlement is not None:
        s = p.settlement
        report = overtime_limit_report(
            s.over_standard + s.holiday, s.limit_hours, period=f"{s.months[0]}～{s.months[-1]} 合计",
            detail=f"计入工时 {_hours(s.credited)} 小时，标准 {_hours(s.standard)} 小时：超出标准 "
                   f"{_hours(s.over_standard)} 小时，法定节假日 {_hours(s.holiday)} 小时")
    elif p.comprehensive:
        report = overtime_limit_report(
            p.hours.overtime, p.standard.overtime_limit_hours, period="本月",
            detail=f"计入工时 {_hours(p.hours.credited)} 小时，标准 {_hours(p.standard.minutes)} 小时"
                   f"（{p.standard.working_days} 个工作日）：超出标准 {_hours(p.hours.over_standard)} 小时，"
                   f"法定节假日 {_hours(p.hours.holiday)} 小时")
    else:
        report = overtime_limit_report(
            p.hours.overtime, p.standard.overtime_limit_hours, period="本月",
            detail=f"工作 {_hours(p.hours.worked)} 小时，标准 {_hours(p.standard.minutes)} 小时"
                   f"（{p.standard.working_days} 个工作日）：休息日 {_hours(p.hours.rest_day)} 小时，延长工作时间 "
                   f"{_hours(p.hours.extended)} 小时，法定节假日 {_hours(p.hours.holiday)} 小时")
    return [PayWarning(eid, report.rule_id, report.message)] if report.fired else []
