"""roster.neighbourhoods: the LNS windows of days wrap around the horizon's end; the sets of
weekdays hold every day of a few weekdays in a row."""
from __future__ import annotations

import random

from roster.neighbourhoods import Neighbourhoods

from conftest import make_instance


class TestNeighbourhoodWindows:
    """The LNS windows of days: consecutive days that wrap around the end of the horizon."""

    def _windows(self, kind: str, costly_days: list[int] = (), draws: int = 400):
        hoods = Neighbourhoods(make_instance(people=5, days=14), random.Random(7))
        hoods.size["days"], hoods.size["block"] = 6, 0.25
        drawn = (hoods.draw(list(costly_days)) for _ in range(draws))
        return [days for k, _, days in drawn if k == kind]

    @staticmethod
    def _consecutive(days: list[int], n_days: int = 14) -> bool:
        """The days are one run of days in a row when day n_days - 1 is followed by day 0."""
        return sum((d + 1) % n_days not in days for d in days) == 1

    def test_every_window_is_one_run_of_distinct_days(self):
        for kind, length in (("days", 6), ("block", round(14 * 0.25 ** 0.5))):
            windows = self._windows(kind)
            assert windows
            for days in windows:
                assert len(set(days)) == len(days) == length
                assert all(0 <= d < 14 for d in days)
                assert self._consecutive(days), days

    def test_windows_wrap_around_the_end_of_the_horizon(self):
        windows = self._windows("days")
        wrapping = [days for days in windows if 0 in days and 13 in days]
        assert wrapping                      # both ends re-planned at once, in a window of 6 days

    def test_half_the_windows_hold_a_costly_day(self):
        windows = self._windows("days", costly_days=[2])
        holding = sum(2 in days for days in windows) / len(windows)
        # half the time around day 2, the other half anywhere (6 of 14 days hold day 2)
        assert 0.6 < holding < 0.85


class TestNeighbourhoodWeekdays:
    """The LNS sets of weekdays: every day of the horizon on a few weekdays in a row, for everyone."""

    def _drawn(self, costly_days: list[int] = (), draws: int = 600):
        hoods = Neighbourhoods(make_instance(people=5, days=14), random.Random(3))
        hoods.size["weekdays"] = 2
        drawn = (hoods.draw(list(costly_days)) for _ in range(draws))
        return [(people, days) for kind, people, days in drawn if kind == "weekdays"]

    def test_every_day_of_the_chosen_weekdays_for_everyone(self):
        drawn = self._drawn()
        assert drawn
        for people, days in drawn:
            assert people == set(range(5))
            weekdays = {d % 7 for d in days}          # the horizon starts on a Monday
            assert len(weekdays) == 2 and days == [d for d in range(14) if d % 7 in weekdays]
            assert weekdays in ({w, (w + 1) % 7} for w in range(7))     # two weekdays in a row

    def test_the_weekend_is_one_of_them(self):
        assert any(days == [5, 6, 12, 13] for _, days in self._drawn())

    def test_half_of_them_hold_a_costly_days_weekday(self):
        drawn = self._drawn(costly_days=[2])
        holding = sum(2 in days for _, days in drawn) / len(drawn)
        # half the time around Wednesday, the other half any two weekdays in a row (2 of 7)
        assert 0.55 < holding < 0.8
