"""Curtois & Qu benchmark: the file reader, the independent checker, and Instance1 solved to optimality
through the product's engine."""
from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

from benchmarks.curtois import check as curtois_check, read as curtois_format
from kefu.errors import InputError
from roster.instance import OFF

# the public data set where it is (CURTOIS_DIR, or beside the checkout); the tiny instances the
# tests need are in tests/data/curtois
BENCH = Path(os.environ.get("CURTOIS_DIR", Path(__file__).resolve().parents[3] / "shared/benchmarks/curtois"))
DATA = Path(__file__).resolve().parents[1] / "data" / "curtois"
FILES = sorted(glob.glob(str(BENCH / "Instance*.txt")))
needs_files = pytest.mark.skipif(not FILES, reason=f"benchmark files absent ({BENCH})")

# Two weeks, two shifts (L may not be followed by E), two employees. A: 2..4 shifts in a row, off
# blocks >= 2, at most 1 weekend, at most 3 L, 1440..2400 minutes. B similar but looser.
TINY = """\
# tiny
SECTION_HORIZON
14

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=14|L=3,2400,1440,4,2,2,1
B,E=14|L=0,4800,0,14,1,1,2

SECTION_DAYS_OFF
A,0
B,13

SECTION_SHIFT_ON_REQUESTS
A,2,E,5

SECTION_SHIFT_OFF_REQUESTS
B,3,E,7

SECTION_COVER
2,E,1,100,1
3,E,1,100,1
4,L,1,50,2
"""

# A on days 2,3,4 (E E L) then off: every hard rule holds; B works E on 3 and 4.
GOOD = [("A", 2, "E"), ("A", 3, "E"), ("A", 4, "L"), ("B", 3, "E"), ("B", 4, "E")]


class TestParser:
    def test_tiny_instance(self):
        inst = curtois_format.parse(TINY, name="tiny")
        assert inst.n_days == 14 and inst.shift_ids == ["E", "L"]
        assert [d.weekday for d in inst.days[:7]] == [0, 1, 2, 3, 4, 5, 6]
        assert [d.weekend_index for d in inst.days if d.weekend_index is not None] == [0, 0, 1, 1]
        a = inst.people[0]
        assert a.max_per_shift == {"E": 14, "L": 3}
        assert (a.min_minutes, a.max_minutes) == (1440, 2400)
        assert (a.max_consecutive_work, a.min_consecutive_work, a.min_consecutive_off) == (4, 2, 2)
        assert a.max_weekends == 1
        assert inst.fixed == {(0, 0): OFF, (1, 13): OFF}
        assert inst.forbidden_successions == {("L", "E")}
        on, off = inst.wishes
        assert (on.person, on.day, on.shift, on.kind, on.weight) == (0, 2, "E", "on", 5)
        assert (off.person, off.day, off.shift, off.kind, off.weight) == (1, 3, "E", "off", 7)
        cover = inst.covers[2]
        assert (cover.day, cover.shift, cover.minimum, cover.under_weight, cover.over_weight) == (4, "L", 1, 50, 2)
        assert cover.role is None and not cover.under_hard
        assert inst.edge_exempt
        assert all(inst.setting(r).hard for r in curtois_format.HARD_RULES)

    def test_errors_name_the_line(self):
        with pytest.raises(InputError, match="row 10: unknown shift 'X'"):
            curtois_format.parse(TINY.replace("A,E=14|L=3", "A,X=14|L=3"))
        with pytest.raises(InputError, match="outside the horizon"):
            curtois_format.parse(TINY.replace("B,13", "B,14"))

    @needs_files
    @pytest.mark.parametrize("path", FILES, ids=lambda p: Path(p).stem)
    def test_every_shipped_file(self, path):
        inst = curtois_format.load(path)
        bench = curtois_check.read_benchmark(Path(path).read_text())
        assert inst.n_days == bench.horizon and inst.n_days % 7 == 0
        assert len(inst.people) == len(bench.staff)
        assert inst.shift_ids == list(bench.minutes)
        assert len(inst.covers) == len(bench.cover)
        assert len(inst.wishes) == len(bench.on_requests) + len(bench.off_requests)
        assert len(inst.fixed) == sum(len(d) for d in bench.days_off.values())


def violations(rows):
    return curtois_check.check(TINY, rows).violations


class TestChecker:
    def test_good_roster_and_objective(self):
        report = curtois_check.check(TINY, GOOD)
        assert report.violations == []
        # cover: day 2 E 1 ok, day 3 E 2 (over 1 x1), day 4 L 1 ok; B's off-request on day 3 E (7)
        assert report.penalties == {"cover_under": 0, "cover_over": 1, "on_requests": 0, "off_requests": 7}
        assert report.objective == 8

    def test_on_request_charged_when_not_granted(self):
        rows = [r for r in GOOD if r[0] == "B"] + [("A", 3, "E"), ("A", 4, "L"), ("A", 5, "E")]
        report = curtois_check.check(TINY, rows)
        assert report.penalties["on_requests"] == 5       # A asked for E on day 2 and is off
        assert report.penalties["cover_under"] == 100     # nobody on day 2 E
        rows = [("A", 2, "L") if r == ("A", 2, "E") else r for r in GOOD]
        assert curtois_check.check(TINY, rows).penalties["on_requests"] == 5   # the wrong shift

    @pytest.mark.parametrize("rows, message", [
        (GOOD + [("A", 2, "L")], "two shifts"),
        (GOOD + [("Z", 2, "E")], "unknown employee"),
        (GOOD + [("B", 14, "E")], "outside the horizon"),
        ([("A", 3, "E"), ("A", 4, "L"), ("A", 5, "E")], "E may not follow L"),
        ([("A", d, "L") for d in (2, 3, 4, 5)], "4 shifts L > max 3"),
        ([("A", 2, "E"), ("A", 3, "E")], "960 minutes outside"),
        ([("A", d, "E") for d in range(1, 6)], "5 consecutive shifts > 4"),
        ([("A", 2, "E"), ("A", 4, "E"), ("A", 5, "E"), ("A", 6, "E")], "1 consecutive shifts < 2"),
        ([("A", 2, "E"), ("A", 3, "E"), ("A", 5, "E"), ("A", 6, "E")], "1 days off < 2"),
        ([("A", 5, "E"), ("A", 6, "E"), ("A", 12, "E"), ("A", 13, "E")], "2 weekends worked > 1"),
        ([("A", 0, "E"), ("A", 1, "E"), ("A", 2, "E")], "day 0: works E on a day off"),
    ])
    def test_each_hard_rule(self, rows, message):
        assert any(message in v for v in violations(rows)), violations(rows)

    def test_edge_blocks_are_exempt(self):
        # A needs blocks of >= 2 shifts and >= 2 days off, except blocks touching day 0 or day 13
        rows = [("A", 1, "E"), ("A", 2, "E"), ("A", 3, "E"), ("A", 13, "E")]
        assert violations(rows) == []                      # last-day block of 1 touches the edge
        rows = [("A", 1, "E"), ("A", 2, "E"), ("A", 5, "E"), ("A", 6, "E")]
        assert violations(rows) == []                      # off block 3-4 is 2 long: fine
        assert any("1 days off" in v for v in violations(
            [("A", 1, "E"), ("A", 2, "E"), ("A", 4, "E"), ("A", 5, "E")]))


def test_instance1_solves_to_the_optimum():
    from benchmarks.curtois.run import run_instance

    result = run_instance(DATA / "Instance1.txt", seconds=30, workers=2)
    assert result.status == "OPTIMAL"
    assert result.violations == []
    assert result.objective == 607
    assert result.time_s < 10


def _tiny_search(limit_s: float = 20, **profile):
    """NeighbourhoodSearch on the tiny instance through its public interface; the steps it reported."""
    from roster.planner import Budget, SolverProfile
    from roster.planner.neighbourhood_search import NeighbourhoodSearch
    from roster.planner.problem import Problem
    from roster.planner.progress import Reporter

    steps = []
    inst = curtois_format.parse(TINY, name="tiny")
    budget = Budget(limit_s)
    problem = Problem(inst, SolverProfile(workers=2, seed=1, lns_sub_s=0.5, **profile),
                      Reporter(lambda step: steps.append(step.step), budget))
    return inst, NeighbourhoodSearch().run(problem, budget), steps


def _valid(inst, result):
    from benchmarks.curtois.run import roster_rows

    report = curtois_check.check(TINY, roster_rows(inst, result.assignment))
    assert report.violations == []
    assert report.objective == result.objective


class TestNeighbourhoodSearch:
    def test_lns_only_keeps_every_hard_rule(self):
        """No least time for the whole model, LNS from the first schedules: the roster still
        passes the checker and scores what the engine says."""
        inst, result, _ = _tiny_search(limit_s=2, whole_share=0.0, person_bounds=False)
        assert result.ok
        _valid(inst, result)

    def test_lns_goes_first_on_a_big_model_and_proves_the_tiny_optimum(self):
        inst, result, steps = _tiny_search(whole_first_most_cells=0)
        assert steps[0] == "first" and "whole" not in steps     # a sub-model freeing everything proves it
        assert result.status == "OPTIMAL" and result.objective == result.bound
        _valid(inst, result)

    def test_the_whole_model_goes_first_on_a_small_model(self):
        inst, result, steps = _tiny_search(whole_first_most_cells=10**9)
        assert steps[0] == "first" and steps[1] == "whole"
        assert result.status == "OPTIMAL" and result.objective == result.bound
        _valid(inst, result)


class TestBenchmarkCommand:
    def test_seeds_give_a_row_each_their_spread_and_the_best_solution(self, tmp_path, capsys):
        from benchmarks.curtois import run as curtois

        instance = tmp_path / "tiny.txt"
        instance.write_text(TINY)
        table, solutions = tmp_path / "table.csv", tmp_path / "solutions"
        code = curtois.main([str(instance), "--time-limit", "2", "--seeds", "2", "--seed", "4",
                             "--csv", str(table), "--solutions", str(solutions)])
        assert code == 0
        lines = table.read_text().splitlines()
        assert lines[0].split(",") == list(curtois.COLUMNS)
        written = [dict(zip(curtois.COLUMNS, line.split(","))) for line in lines[1:]]
        assert [row["seed"] for row in written] == ["4", "5"]
        best = min(int(row["objective"]) for row in written)
        report = curtois_check.check(TINY, curtois_check.read_rows(solutions / "tiny.csv"))
        assert report.violations == [] and report.objective == best
        out = capsys.readouterr().out
        assert f"tiny over 2 seeds: objective {best}–" in out and "2 valid" in out

    @pytest.mark.parametrize("text, words", [(None, "cannot read it"),
                                             ("SECTION_HORIZON\n14\n", "SECTION_SHIFTS is missing")])
    def test_a_file_it_cannot_take_stops_every_run_with_one_message(self, tmp_path, capsys, text, words):
        from benchmarks.curtois import run as curtois

        good, bad = tmp_path / "tiny.txt", tmp_path / "bad.txt"
        good.write_text(TINY)
        if text is not None:
            bad.write_text(text)
        table = tmp_path / "table.csv"
        code = curtois.main([str(good), str(bad), "--time-limit", "1", "--csv", str(table)])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith(f"{bad}: ") and words in err
        assert "Traceback" not in err and not table.exists()     # no run started, nothing written

    def test_seeds_below_one_are_a_usage_error(self, tmp_path):
        from benchmarks.curtois import run as curtois

        with pytest.raises(SystemExit) as stop:
            curtois.main([str(tmp_path / "tiny.txt"), "--time-limit", "1", "--seeds", "0"])
        assert stop.value.code == 2


class TestOwnProcess:
    def test_each_run_has_a_process_of_its_own(self):
        from benchmarks.curtois.run import in_own_process

        first, second = in_own_process(os.getpid), in_own_process(os.getpid)
        assert len({first, second, os.getpid()}) == 3
