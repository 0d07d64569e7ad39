"""roster.search: when the long-run turns (rows planned against coverage, price and dive) apply, and
which turn goes first after the first rows, the LNS windows of days."""
from __future__ import annotations

import random

from roster import search
from roster.benchmarks import curtois_format
from roster.model import RosterModel
from roster.search import LONG_RUN_MOST_DAYS, Neighbourhoods, SearchParams, _long_run, _whole_first

# Five people, two shifts, covered on day 0: only coverage ties them together.
TEAM = """\
SECTION_HORIZON
{days}

SECTION_SHIFTS
E,480,
L,480,

SECTION_STAFF
A,E={days}|L=0,9600,0,5,1,1,4
B,E={days}|L=0,9600,0,5,1,1,4
C,E=0|L={days},9600,0,5,1,1,4
D,E=0|L={days},9600,0,5,1,1,4
E,E={days}|L={days},9600,0,5,1,1,4

SECTION_COVER
0,E,1,100,1
0,L,1,100,1
"""


def _instance(days: int = 14):
    return curtois_format.parse(TEAM.format(days=days), name="skills")


class TestLongRun:
    def test_long_runs_apply_up_to_the_horizon_limit(self):
        params = SearchParams(time_limit_s=300)
        weeks = LONG_RUN_MOST_DAYS // 7
        assert _long_run(RosterModel(_instance(7 * weeks)), params, 240)
        assert not _long_run(RosterModel(_instance(7 * (weeks + 1))), params, 240)

    def test_long_runs_need_the_time(self):
        assert not _long_run(RosterModel(_instance()), SearchParams(time_limit_s=60), 240)


class TestFirstTurn:
    def test_whole_model_first_up_to_the_cell_limit(self, monkeypatch):
        m = RosterModel(_instance())
        monkeypatch.setattr(search, "WHOLE_FIRST_MOST_CELLS", len(m.work))
        assert _whole_first(m)
        monkeypatch.setattr(search, "WHOLE_FIRST_MOST_CELLS", len(m.work) - 1)
        assert not _whole_first(m)


class TestNeighbourhoodWindows:
    """The LNS windows of days: consecutive days that wrap around the end of the horizon."""

    def _windows(self, kind: str, costly_days: list[int] = (), draws: int = 400):
        hoods = Neighbourhoods(_instance(14), random.Random(7))
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
