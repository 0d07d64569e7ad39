"""The months benchmark: a month no roster can staff is reported with the planner's reason, not a dash."""
from __future__ import annotations

from benchmarks.months import one


class TestMonthWithoutRoster:
    def test_impossible_month_names_the_shortage(self, tmp_path):
        # October 2027 (国庆): the example's aftersale minimums ask 177 shift-days, the overtime cap
        # leaves its people at most 176 — proven by counting before any search
        row = one("2027-10", 5, 0, False, str(tmp_path), True)
        assert row["status"] == "INFEASIBLE" and row["penalty"] is None
        assert "177" in row["why"] and "176" in row["why"] and "aftersale" in row["why"]
        assert not list(tmp_path.iterdir())        # nothing kept as history

    def test_month_with_a_roster_has_no_reason(self, tmp_path):
        row = one("2026-12", 3, 0, False, str(tmp_path), False)
        assert row["penalty"] is not None and row["violations"] == 0 and row["why"] is None
