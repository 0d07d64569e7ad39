"""The staged solve: the cheapest rows, then the whole model (rows route); or a merged-shift rest
pattern, then shifts, then the whole model (pattern route)."""
import pytest

from roster.instance import Cover, Setting, Wish
from roster.solve import SolveParams, SolveResult, solve
from roster.staged import MERGED, pattern_instance, solve_staged
from roster.validate import check

from conftest import make_instance

PARAMS = SolveParams(time_limit_s=6, workers=1, seed=3)


def _instance():
    covers = [Cover(d, s, "presale", 1) for d in range(7) for s in ("A", "C")]
    return make_instance(people=4, days=7, person={"rest_days": 2, "max_consecutive_work": 4,
                                                   "min_consecutive_off": 2},
                         covers=covers, forbidden_successions={("C", "A")},
                         wishes=[Wish(0, 2, None, "off", 5, "day_off_requests"),
                                 Wish(1, 3, "C", "off", 2, "shift_preferences")],
                         settings={"min_consecutive_off": Setting(False, 3),
                                   "day_off_requests": Setting(False, 1),
                                   "shift_preferences": Setting(False, 1),
                                   "shift_stability": Setting(False, 1)})


class TestPatternInstance:
    def test_shifts_merged_and_coverage_summed(self):
        inst = _instance()
        merged = pattern_instance(inst)
        assert merged.shift_ids == [MERGED]
        assert sorted((c.day, c.minimum) for c in merged.covers) == [(d, 2) for d in range(7)]
        assert merged.forbidden_successions == set()
        assert [w.shift for w in merged.wishes] == [None]          # shift wishes belong to stage 2
        assert merged.setting("shift_stability").weight == 0

    def test_is_a_relaxation(self):
        inst = _instance()
        whole = solve(inst, PARAMS)
        relaxed = solve(pattern_instance(inst), PARAMS)
        assert whole.status == relaxed.status == "OPTIMAL"
        assert relaxed.objective <= whole.objective


@pytest.fixture(params=["rows", "pattern"])
def route(request, monkeypatch):
    """Run a test through both routes: the pattern route is taken when no rows can be listed."""
    import roster.staged as staged

    if request.param == "pattern":
        monkeypatch.setattr(staged, "patterns_by_person", lambda m: {})
    else:
        monkeypatch.setattr(staged, "ROWS_LEAST_S", 0.0)
    return request.param


class TestSolveStaged:
    def test_roster_valid_and_priced_like_the_validator(self, route):
        inst = _instance()
        result = solve_staged(inst, PARAMS)
        assert result.status in ("OPTIMAL", "FEASIBLE")
        report = check(inst, result.assignment)
        assert report.violations == []
        assert report.total_penalty == result.objective
        assert result.bound <= result.objective

    def test_matches_the_whole_model_optimum_on_a_small_month(self, route):
        inst = _instance()
        assert solve_staged(inst, PARAMS).objective == solve(inst, PARAMS).objective

    def test_infeasible_stays_infeasible(self, route):
        inst = _instance()
        inst.covers = inst.covers + [Cover(0, "B", "presale", 3)]          # 5 people on day 0 of 4
        assert solve_staged(inst, PARAMS).status == "INFEASIBLE"


class TestRowsRoute:
    @pytest.fixture(autouse=True)
    def rows_whatever_the_limit(self, monkeypatch):
        import roster.staged as staged

        monkeypatch.setattr(staged, "ROWS_LEAST_S", 0.0)

    def test_taken_only_with_time_for_it(self, monkeypatch):
        import roster.staged as staged

        monkeypatch.setattr(staged, "ROWS_LEAST_S", 100.0)
        monkeypatch.setattr(staged, "solve_by_rows", lambda *a: pytest.fail("rows route under its least time"))
        assert solve_staged(_instance(), PARAMS).ok

    def test_cheapest_rows_that_cannot_hold_fall_back_to_the_pattern_route(self, monkeypatch):
        import roster.staged as staged

        taken = []
        pattern_route = staged.solve_by_pattern
        monkeypatch.setattr(staged, "solve_by_pattern", lambda *a, **kw: taken.append(1) or pattern_route(*a, **kw))
        monkeypatch.setattr(staged, "cheapest", lambda rows: [])       # stage 1 cannot hold
        inst = _instance()
        result = solve_staged(inst, PARAMS)
        assert taken
        best = solve(inst, PARAMS)
        assert result.status == best.status == "OPTIMAL"
        assert result.objective == best.objective
        assert check(inst, result.assignment).violations == []

    def test_short_limit_keeps_the_first_stage_roster_with_a_valid_bound(self):
        inst = _instance()
        result = solve_staged(inst, PARAMS)            # 6 s: too short for stage 2, stage 1 alone
        best = solve(inst, PARAMS)
        assert result.ok and best.status == "OPTIMAL"
        assert result.bound <= best.objective <= result.objective

    def test_whole_stage_with_alike_people_in_order_proves_the_optimum(self, monkeypatch):
        import roster.staged as staged

        monkeypatch.setattr(staged, "WHOLE_LEAST_S", 0.0)     # stage 2 runs on this small month
        inst = _instance()
        m = staged.RosterModel(inst)
        assert staged.interchangeable(m, staged.patterns_by_person(m)) == [[2, 3]]
        ordered = []
        order = staged.order_interchangeable
        monkeypatch.setattr(staged, "order_interchangeable", lambda *a: ordered.append(a[1]) or order(*a))
        result = solve_staged(inst, PARAMS)
        best = solve(inst, PARAMS)
        assert ordered and sorted(ordered[0][0]) == [2, 3]
        assert result.status == best.status == "OPTIMAL"
        assert result.objective == best.objective
        assert check(inst, result.assignment).total_penalty == result.objective

    def test_optimal_among_the_cheapest_rows_is_not_called_optimal(self, monkeypatch):
        import roster.staged as staged

        # stage 1 on each person's dearest rows only: its optimum is not the month's
        monkeypatch.setattr(staged, "cheapest",
                            lambda rows: [r for r in rows if r.cost == max(x.cost for x in rows)])
        inst = _instance()
        result = solve_staged(inst, PARAMS)
        best = solve(inst, PARAMS)
        assert best.status == "OPTIMAL" and result.objective > best.objective
        assert result.status == "FEASIBLE"
        assert result.bound <= best.objective


class TestScored:
    def test_the_lean_roster_read_back_through_the_whole_model(self):
        from roster.patterns import cheapest, patterns_by_person, patterns_model
        from roster.solve import run
        from roster.staged import RosterModel, scored

        inst = _instance()
        m = RosterModel(inst)
        lean = patterns_model(inst, {p: cheapest(listed) for p, listed in patterns_by_person(m).items()})
        found = run(lean, PARAMS)
        assert found.ok
        result = scored(m, lean, found.values, PARAMS)
        assert result.status == "FEASIBLE" and result.bound is None
        assert len(result.values) == len(m.model.proto.variables)
        assert result.assignment.codes == found.assignment.codes
        assert result.assignment.duty == found.assignment.duty
        report = check(inst, result.assignment)
        assert report.violations == [] and report.total_penalty == result.objective
        # the lean model's own lines leave the row rules out; the whole model's count them
        assert result.objective >= found.objective


class TestStageTwoFallback:
    def test_last_stage_without_a_roster_returns_the_stage_two_roster(self, monkeypatch):
        import roster.staged as staged

        monkeypatch.setattr(staged, "patterns_by_person", lambda m: {})
        from roster.solve import SolveResult

        real = staged.solve

        def whole_stage_finds_nothing(inst, params, hint=None, started=None):
            if hint is not None:
                return SolveResult("UNKNOWN", None, None, None, None, 0.0)
            return real(inst, params)

        monkeypatch.setattr(staged, "solve", whole_stage_finds_nothing)
        inst = _instance()
        result = staged.solve_staged(inst, PARAMS)
        assert result.ok and result.bound is not None
        assert check(inst, result.assignment).violations == []


class TestColumnBound:
    """Beside the rows route, the column-generation bound (roster.columns) in a thread."""

    @pytest.fixture(autouse=True)
    def rows_whatever_the_limit(self, monkeypatch):
        import roster.staged as staged

        monkeypatch.setattr(staged, "ROWS_LEAST_S", 0.0)

    def test_lifts_the_reported_bound_and_never_past_the_optimum(self):
        import threading
        from dataclasses import replace

        from test_columns import _month

        inst = _month(1)
        before = threading.active_count()
        with_columns = solve_staged(inst, PARAMS)
        without = solve_staged(inst, replace(PARAMS, column_bound=False))
        best = solve(inst, PARAMS)
        assert best.status == "OPTIMAL"
        assert with_columns.ok and without.ok
        assert without.bound < with_columns.bound <= best.objective <= with_columns.objective
        assert threading.active_count() == before          # the bound's thread has ended

    def test_stopped_when_the_cheapest_rows_cannot_hold(self, monkeypatch):
        import threading

        import roster.staged as staged
        from test_columns import _month

        monkeypatch.setattr(staged, "cheapest", lambda rows: [])       # stage 1 cannot hold
        before = threading.active_count()
        result = solve_staged(_month(1), PARAMS)
        assert result.ok
        assert threading.active_count() == before

    def test_kept_with_the_whole_time_when_the_cheapest_rows_cannot_hold(self, monkeypatch, capsys):
        """The pattern route's roster gets the month's bound, its wall time and progress lines count
        from the start (stage 1 slowed down here by a second, as a month's stage 1 can take 8 s to
        find that its rows cannot cover)."""
        import re
        import time
        from dataclasses import replace

        import roster.staged as staged
        from roster.columns import month_bound
        from roster.model import RosterModel
        from roster.patterns import patterns_by_person
        from test_columns import _month

        run = staged.run

        def slow_first_stage(*args, **kwargs):
            if kwargs.get("restricted"):
                time.sleep(1.0)
            return run(*args, **kwargs)

        monkeypatch.setattr(staged, "run", slow_first_stage)
        monkeypatch.setattr(staged, "cheapest", lambda rows: [])       # stage 1 cannot hold
        inst = _month(1)
        m = RosterModel(inst)
        alone = month_bound(m, patterns_by_person(m), 6.0)
        started = time.monotonic()
        result = solve_staged(inst, replace(PARAMS, log_progress=True))
        took = time.monotonic() - started
        best = solve(inst, PARAMS)
        assert best.status == "OPTIMAL"
        assert result.ok and alone <= result.bound <= best.objective <= result.objective
        assert result.wall_time == pytest.approx(took, abs=0.3)
        stamps = [float(x) for x in re.findall(r"^ *([0-9.]+) 秒", capsys.readouterr().err, re.M)]
        assert len(stamps) >= 2 and stamps == sorted(stamps)

    def test_a_failing_bound_leaves_the_roster_alone(self, monkeypatch):
        """No traceback from the thread (the supervisor would see it), the roster as always."""
        import threading

        import roster.columns as columns
        from test_columns import _month

        def broken(*args, **kwargs):
            raise RuntimeError("LP solver gone")

        escaped = []
        monkeypatch.setattr(threading, "excepthook", escaped.append)
        monkeypatch.setattr(columns, "month_bound", broken)
        inst = _month(1)
        result = solve_staged(inst, PARAMS)
        assert escaped == []
        assert result.ok and result.bound is not None
        assert check(inst, result.assignment).violations == []


class TestCheapestCheck:
    """The check beside stage 1 that its rows can cover the month with the shifts merged."""

    def _rows(self, inst):
        from roster.model import RosterModel
        from roster.patterns import patterns_by_person

        m = RosterModel(inst)
        return m, patterns_by_person(m)

    def test_rows_that_all_rest_on_a_covered_day_cannot_cover(self, monkeypatch):
        import roster.staged as staged

        m, rows = self._rows(_instance())
        assert not staged.cheapest_cannot_cover(m, rows, 5.0)
        monkeypatch.setattr(staged, "cheapest", lambda listed: [r for r in listed if not r.works[0]])
        assert staged.cheapest_cannot_cover(m, rows, 5.0)          # nobody works day 0, two are wanted

    def test_says_nothing_when_a_cover_is_soft(self, monkeypatch):
        from dataclasses import replace

        import roster.staged as staged

        inst = _instance()
        inst.covers = [replace(c, under_hard=False, under_weight=10) if c.day == 3 else c for c in inst.covers]
        m, rows = self._rows(inst)
        monkeypatch.setattr(staged, "cheapest", lambda listed: [r for r in listed if not r.works[0]])
        assert not staged.cheapest_cannot_cover(m, rows, 5.0)     # merged, day 3's soft minimum turns hard

    def test_stage_one_is_halted_and_the_pattern_route_takes_over(self, monkeypatch):
        import roster.staged as staged

        monkeypatch.setattr(staged, "ROWS_LEAST_S", 0.0)
        monkeypatch.setattr(staged, "cheapest_cannot_cover", lambda *a: True)
        halts, taken = [], []
        run = staged.run

        def halted_first_stage(*args, **kwargs):
            halts.append(kwargs.get("halt"))
            if kwargs.get("restricted"):          # stage 1 on a month too big to find a roster first
                assert kwargs["halt"].wait(5.0)
                return SolveResult("UNKNOWN", None, None, None, None, 0.0)
            return run(*args, **kwargs)

        monkeypatch.setattr(staged, "run", halted_first_stage)
        pattern_route = staged.solve_by_pattern
        monkeypatch.setattr(staged, "solve_by_pattern", lambda *a, **kw: taken.append(1) or pattern_route(*a, **kw))
        inst = _instance()
        result = solve_staged(inst, PARAMS)
        assert halts[0] is not None and halts[0].is_set() and taken
        assert result.ok and check(inst, result.assignment).violations == []

    def test_a_failing_check_leaves_stage_one_alone(self, monkeypatch):
        import threading

        import roster.staged as staged

        def broken(*args):
            raise RuntimeError("model gone")

        escaped = []
        monkeypatch.setattr(threading, "excepthook", escaped.append)
        monkeypatch.setattr(staged, "ROWS_LEAST_S", 0.0)
        monkeypatch.setattr(staged, "cheapest_cannot_cover", broken)
        inst = _instance()
        result = solve_staged(inst, PARAMS)
        assert result.ok and escaped == []
