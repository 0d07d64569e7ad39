"""The month being planned: its days, weekends, statutory holidays and promotion days."""
from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays as _holidays

from kefu.errors import InputError

DAY_TYPES = ("weekday", "weekend", "holiday", "promotion")
WEEKDAY_ZH = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Day:
    """One calendar day of the plan, with the day type that selects its coverage."""

    date: date
    statutory: bool          # a PRC statutory holiday: rest there is HOL, work pays 300 %
    holiday_name: str | None
    promotion: bool          # a listed sales event (双11, 618, ...)

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def day_type(self) -> str:
        """Coverage day type; a statutory holiday outranks a promotion, which outranks a weekend."""
        if self.statutory:
            return "holiday"
        if self.promotion:
            return "promotion"
        return "weekend" if self.weekend else "weekday"

    @property
    def label(self) -> str:
        return f"{self.date.day}日 周{WEEKDAY_ZH[self.date.weekday()]}"


def parse_month(text: str) -> tuple[int, int]:
    """'2026-12' -> (2026, 12); anything else is a user error."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(text))
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError(f"month must look like 2026-12, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def month_dates(year: int, month: int) -> list[date]:
    n = _cal.monthrange(year, month)[1]
    return [date(year, month, d) for d in range(1, n + 1)]


@lru_cache(maxsize=32)
def _statutory_year(year: int, country: str) -> dict[date, str]:
    # observed=False: substituted rest days and "observed" days are not statutory holidays.
    days = _holidays.country_holidays(country, years=year, observed=False, language="en_US")
    # The package also lists 调休 substituted rest days; they are working-day swaps, not statutory
    # holidays, so drop them by the package's own label for them.
    label = getattr(days, "substituted_label", None)
    prefix = days.tr(label).split("%s")[0] if label else None
    return {d: n for d, n in days.items() if not (prefix and n.startswith(prefix))}


@lru_cache(maxsize=32)
def _swaps_year(year: int, country: str) -> tuple[frozenset[date], frozenset[date]]:
    """调休 of a year: (weekdays made rest days, weekend days made working days), from the package:
    its substituted rest days and the weekdays a weekend holiday is observed on."""
    days = _holidays.country_holidays(country, years=year, observed=False, language="en_US")
    observed = _holidays.country_holidays(country, years=year, observed=True, language="en_US")
    label = getattr(days, "substituted_label", None)
    prefix = days.tr(label).split("%s")[0] if label else None
    rest = {d for d, n in days.items() if prefix and n.startswith(prefix)}
    # a holiday falling on a weekend is rested on the next weekday ("observed", e.g. 2026-10-05): a rest
    # day of the schedule, not a statutory holiday (work there is rest-day work, not 300 %)
    rest |= set(observed) - set(days)
    work = frozenset(d for d in getattr(days, "weekend_workdays", ()) if d.year == year)
    return frozenset(rest), work


def working_days(year: int, month: int, country: str = "CN", add: tuple[date, ...] = (),
                 remove: tuple[date, ...] = ()) -> list[date]:
    """The month's legal working days: Monday to Friday less statutory holidays and the weekdays
    调休 makes rest days, plus the weekend days 调休 makes working days (the holidays package's
    State Council schedule; the policy's statutory overrides apply)."""
    stat = statutory_holidays(year, country, add, remove)
    rest, work = _swaps_year(year, country)
    return [d for d in month_dates(year, month)
            if d not in stat and ((d.weekday() < 5 and d not in rest) or d in work)]


def statutory_holidays(year: int, country: str = "CN", add: tuple[date, ...] = (),
                       remove: tuple[date, ...] = ()) -> dict[date, str]:
    """Statutory holidays of a year from the `holidays` package, with the policy's overrides."""
    found = {d: n for d, n in _statutory_year(year, country).items() if d not in set(remove)}
    for d in add:
        if d.year == year:
            found.setdefault(d, "statutory holiday (policy)")
    return found


def build_days(year: int, month: int, country: str = "CN", add: tuple[date, ...] = (),
               remove: tuple[date, ...] = (), promotion_days: tuple[str, ...] = ()) -> list[Day]:
    """The days of a month with statutory and promotion flags (promotion days given as 'MM-DD')."""
    stat = statutory_holidays(year, country, add, remove)
    promo = {tuple(int(p) for p in s.split("-")) for s in promotion_days}
    return [Day(d, d in stat, stat.get(d), (d.month, d.day) in promo) for d in month_dates(year, month)]


def previous_month(year: int, month: int) -> tuple[int, int]:
    first = date(year, month, 1) - timedelta(days=1)
    return first.year, first.month
