"""roster.search: when the long-run turns (rows planned against coverage, price and dive) apply,
which turn goes first after the first rows, and where LNS draws crosses."""
from __future__ import annotations

from roster import search
from roster.benchmarks import curtois_format
from roster.model import RosterModel
from roster.search import (COLUMN_TURN_LEAST_S, COVER_ROWS_LEAST_S, LONG_RUN_MOST_DAYS, SearchParams,
                           _long_run, _whole_first)
from roster.sub_models import SubModels

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

    def test_a_one_minute_run_of_four_weeks_takes_the_column_turn(self):
        # Curtois 5, 7, 9, 11 at 60 s: the turn's LP settles in 10-25 s (see COLUMN_TURN_LEAST_S)
        m = RosterModel(_instance(28))
        assert _long_run(m, SearchParams(time_limit_s=60), COLUMN_TURN_LEAST_S)
        assert not _long_run(m, SearchParams(time_limit_s=60), COVER_ROWS_LEAST_S)


class TestFirstTurn:
    def test_whole_model_first_up_to_the_cell_limit(self, monkeypatch):
        m = RosterModel(_instance())
        monkeypatch.setattr(search, "WHOLE_FIRST_MOST_CELLS", len(m.work))
        assert _whole_first(m)
        monkeypatch.setattr(search, "WHOLE_FIRST_MOST_CELLS", len(m.work) - 1)
        assert not _whole_first(m)


class TestCrosses:
    """LNS draws crosses (weekends for everyone, a few people over the whole horizon) only on
    models where the whole model takes no turns."""

    def _kinds(self, m: RosterModel) -> tuple[str, ...]:
        return search._Search(m, SearchParams(), 0.0, None, SubModels(m), None).hoods.kinds

    def test_not_on_small_models(self, monkeypatch):
        m = RosterModel(_instance())
        monkeypatch.setattr(search, "WHOLE_FIRST_MOST_CELLS", len(m.work))
        assert "cross" not in self._kinds(m)

    def test_on_big_models(self, monkeypatch):
        m = RosterModel(_instance())
        monkeypatch.setattr(search, "WHOLE_FIRST_MOST_CELLS", len(m.work) - 1)
        assert "cross" in self._kinds(m)
