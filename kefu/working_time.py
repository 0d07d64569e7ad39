"""The working-time regime 工时制度 and the standard hours it sets for a month or period.

Both packages read it: the roster plans each person's hours against it, payroll pays the hours
beyond it. The policy's top-level `[working_time]` table names the regime:

- 标准工时制 standard hours (Labour Law art. 36; 国务院关于职工工作时间的规定 art. 3): 8 h a day,
  40 h a week; work beyond the day is extended hours, work on a rest day without compensatory rest
  and work on a statutory holiday are paid at their own rates (art. 44).
- 综合计算工时制 comprehensive hours (劳部发〔1994〕503号, approved by the labour bureau): hours
  are totalled over a period (month, quarter or year) and those above the period's standard are
  overtime.

Either way overtime is capped at 36 h a month (art. 41; under comprehensive hours on average over
the period).

The standard hours of a month are derived the way 劳社部发〔2008〕3号 derives them: working days ×
8 h, where working days are the calendar's days less weekends and statutory holidays — here the
actual days of the month, so a month with 调休 (a weekend made a working day, a weekday made a rest
day) counts what the State Council's holiday notice sets. The notice's yearly average (20.83 days,
166.64 h a month on 11 statutory holidays; 20.67 days on 13 from 2025) is the same count spread
over twelve months. Pay conversion (21.75 days, 174 h: monthly wage → daily and hourly wage) is a
different figure and lives in `[payroll.wage]`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kefu.calendar import working_days

REGIMES = {"standard": "标准工时制", "comprehensive": "综合计算工时制"}
PERIODS = {"month": ("月", 1), "quarter": ("季度", 3), "year": ("年", 12)}


class WorkingTimePolicy(BaseModel):
    """`[working_time]`: the shop's regime and the limits the law sets on it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    regime: Literal["standard", "comprehensive"] = "standard"
    period: Literal["month", "quarter", "year"] = "month"       # comprehensive hours only
    approval: str = ""                      # comprehensive: the labour bureau's approval (shown on 说明)
    hours_per_day: Decimal = Field(Decimal(8), gt=0)          # Labour Law art. 36
    hours_per_week: Decimal = Field(Decimal(40), gt=0)        # 国务院令第174号 art. 3
    overtime_limit_monthly_hours: Decimal = Field(Decimal(36), ge=0)   # Labour Law art. 41

    @property
    def name(self) -> str:
        """The regime in words: '标准工时制' or '综合计算工时制（以季度为周期）'."""
        if self.regime == "standard":
            return REGIMES["standard"]
        return f"{REGIMES['comprehensive']}（以{PERIODS[self.period][0]}为周期）"

    @property
    def months_per_period(self) -> int:
        return PERIODS[self.period][1] if self.regime == "comprehensive" else 1


@dataclass(frozen=True)
class MonthStandard:
    """A month's working days and standard hours for one person (their employed days only)."""

    year: int
    month: int
    working_days: int
    hours: Decimal
    overtime_limit_hours: Decimal

    @property
    def minutes(self) -> int:
        return int(self.hours * 60)


def month_standard(wt: WorkingTimePolicy, year: int, month: int, *, country: str = "CN",
                   add: tuple[date, ...] = (), remove: tuple[date, ...] = (),
                   employed: tuple[date, date] | None = None) -> MonthStandard:
    """The month's standard: its working days (within `employed`, first and last day inclusive,
    when given) × hours a day; the overtime cap prorated the same way for a part month."""
    days = working_days(year, month, country, add, remove)
    all_days = len(days)
    if employed is not None:
        first, last = employed
        days = [d for d in days if first <= d <= last]
    share = Decimal(len(days)) / Decimal(all_days) if all_days else Decimal(0)
    limit = (wt.overtime_limit_monthly_hours * share).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return MonthStandard(year, month, len(days), wt.hours_per_day * len(days), limit)


def period_months(wt: WorkingTimePolicy, year: int, month: int) -> list[tuple[int, int]]:
    """The months of the settlement period holding (year, month), in order: just the month under
    standard hours or a monthly comprehensive period; its quarter or year otherwise."""
    n = wt.months_per_period
    first = (month - 1) // n * n + 1
    return [(year, m) for m in range(first, first + n)]


def yearly_average(wt: WorkingTimePolicy, year: int, *, country: str = "CN",
                   add: tuple[date, ...] = (), remove: tuple[date, ...] = ()) -> tuple[Decimal, Decimal]:
    """The notice's monthly average for a year: (working days, hours) a month, to 2 decimals."""
    days = sum(len(working_days(year, m, country, add, remove)) for m in range(1, 13))
    per_month = Decimal(days) / 12
    q = Decimal("0.01")
    return per_month.quantize(q, ROUND_HALF_UP), (per_month * wt.hours_per_day).quantize(q, ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthHours:
    """One person's month of hours against the standard, in minutes, split the way the law pays it.

    Standard hours (Labour Law art. 44, 工资支付暂行规定 §13): `extended` is paid time beyond the
    day's hours on an ordinary day (150 %); `rest_day` is ordinary-day time (each day up to the day's
    hours) beyond the month's standard, i.e. work on what would have been rest days, without
    compensatory rest inside the month (200 %); `holiday` is time on statutory holidays (300 %).
    Comprehensive hours: `over_standard` is the ordinary time above the standard (150 %; a quarter or
    year settles the period's sum, see period_over_standard) and `holiday` as above.
    Leave days count toward the standard as days attended (`credited`): someone who took two days of
    leave and worked every other day has still worked on their rest days.
    """

    standard: int
    worked: int               # paid time on every day worked, statutory holidays included
    holiday: int
    credited: int             # ordinary time (each day capped at the day's hours) + leave days × the day's hours
    extended: int = 0
    rest_day: int = 0
    over_standard: int = 0

    @property
    def overtime(self) -> int:
        """All time beyond the standard, measured against the 36-h cap (art. 41)."""
        return self.extended + self.rest_day + self.over_standard + self.holiday


def month_hours(wt: WorkingTimePolicy, standard: MonthStandard, worked: list[tuple[int, bool]],
                leave_days: int = 0) -> MonthHours:
    """A person's month: `worked` holds (paid minutes, on a statutory holiday) for each day worked."""
    day = int(wt.hours_per_day * 60)
    ordinary = [m for m, statutory in worked if not statutory]
    holiday = sum(m for m, statutory in worked if statutory)
    if wt.regime == "standard":
        credited = sum(min(m, day) for m in ordinary) + leave_days * day
        return MonthHours(standard.minutes, sum(m for m, _ in worked), holiday, credited,
                          extended=sum(max(0, m - day) for m in ordinary),
                          rest_day=max(0, credited - standard.minutes))
    credited = sum(ordinary) + leave_days * day
    return MonthHours(standard.minutes, sum(m for m, _ in worked), holiday, credited,
                      over_standard=max(0, credited - standard.minutes))


def period_over_standard(months: list[MonthHours]) -> int:
    """Comprehensive hours over a quarter or year: ordinary time above the period's standard."""
    return max(0, sum(m.credited for m in months) - sum(m.standard for m in months))
