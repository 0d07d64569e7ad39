"""roster.neighbourhoods: the LNS windows of days wrap around the horizon's end; the sets of
weekdays hold every day of a few weekdays in a row; a cross frees two weekdays in a row for
everyone and a few people over the whole horizon."""
from __future__ import annotations

import random

from roster.planner.neighbourhoods import Neighbourhoods

from conftest import make_instance


class TestNeighbourhoodWindows:
    """The LNS windows of days: consecutive days that wrap around the end of the horizon."""

    def _windows(self, kind: str, costly_days: list[int] = (), draws: int = 400):
        hoods = Neighbourhoods(make_instance(people=5, days=14), random.Random(7))
        hoods.size["days"], hoods.size["block"] = 6, 0.25
        drawn = (hoods.draw(list(costly_days)) for _ in range(draws))
        return [days for k, _, days, _ in drawn if k == kind]

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
        return [(people, days) for kind, people, days, _ in drawn if kind == "weekdays"]

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


class TestNeighbourhoodCross:
    """The LNS crosses: two weekdays in a row for everyone, and a few people on every day."""

    def _drawn(self, size: int, draws: int = 600):
        hoods = Neighbourhoods(make_instance(people=6, days=14), random.Random(5))
        hoods.size["cross"] = size
        drawn = (hoods.draw([]) for _ in range(draws))
        return [(people, days, whole) for kind, people, days, whole in drawn if kind == "cross"]

    def test_two_weekdays_for_everyone_and_a_few_people_on_every_day(self):
        drawn = self._drawn(size=3)
        assert drawn
        for people, days, whole in drawn:
            assert people == set(range(6))
            weekdays = {d % 7 for d in days}
            assert weekdays in ({w, (w + 1) % 7} for w in range(7))
            assert days == [d for d in range(14) if d % 7 in weekdays]
            assert len(whole) == 3 and whole <= set(range(6))

    def test_the_people_beside_vary(self):
        assert len({frozenset(whole) for _, _, whole in self._drawn(size=2)}) > 5

    def test_its_size_adapts_within_the_team(self):
        hoods = Neighbourhoods(make_instance(people=6, days=14), random.Random(5))
        for _ in range(40):
            hoods.feedback("cross", closed=True, improved=False)
        assert hoods.size["cross"] == 6
        for _ in range(40):
            hoods.feedback("cross", closed=False, improved=False)
        assert hoods.size["cross"] == 1

    def test_left_out_when_asked(self):
        hoods = Neighbourhoods(make_instance(people=6, days=14), random.Random(5), cross=False)
        kinds = {hoods.draw([])[0] for _ in range(200)}
        assert kinds == {"people", "days", "block", "weekdays"}


class TestStuckKinds:
    """A kind whose sub-models time out again and again at its least size is drawn no more."""

    def _hoods(self):
        hoods = Neighbourhoods(make_instance(people=6, days=14), random.Random(5))
        hoods.size["cross"] = hoods.limits["cross"][0]
        return hoods

    def test_dropped_after_time_outs_in_a_row_at_its_least_size(self):
        hoods = self._hoods()
        for _ in range(Neighbourhoods.STUCK_DRAWS):
            hoods.feedback("cross", closed=False, improved=False)
        assert "cross" not in hoods.kinds
        assert "cross" not in {hoods.draw([])[0] for _ in range(200)}

    def test_kept_when_one_closes_or_gains_between(self):
        every = Neighbourhoods.STUCK_DRAWS - 1
        for outcome in ({"closed": True, "improved": False}, {"closed": False, "improved": True}):
            hoods = self._hoods()
            for i in range(3 * Neighbourhoods.STUCK_DRAWS):
                between = i % every == every - 1
                hoods.feedback("cross", **(outcome if between else {"closed": False, "improved": False}))
                hoods.size["cross"] = hoods.limits["cross"][0]
            assert "cross" in hoods.kinds, outcome

    def test_time_outs_above_its_least_size_do_not_count(self):
        hoods = self._hoods()
        for _ in range(2 * Neighbourhoods.STUCK_DRAWS):
            hoods.size["cross"] = 4
            hoods.feedback("cross", closed=False, improved=False)
        assert "cross" in hoods.kinds

    def test_the_last_kind_stays(self):
        hoods = self._hoods()
        hoods.kinds = ("cross",)
        for _ in range(2 * Neighbourhoods.STUCK_DRAWS):
            hoods.feedback("cross", closed=False, improved=False)
        assert hoods.kinds == ("cross",)
