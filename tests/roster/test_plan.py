"""plan (status, progress, penalties, repair) and explain_infeasible, on tiny instances and on the
example month (examples/ team + policy, 2026-12)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from roster.explain import explain_infeasible
from roster.instance import OFF, Cover, Setting
from roster.monthly import build_month_instance
from roster.policy import load_policy
from roster.planner import Budget, SolverProfile, plan
from kefu.team import read_team
from roster.validate import check

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def december():
    policy = load_policy(EXAMPLES / "policy.toml")
    team = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
    return build_month_instance(policy, team, 2026, 12)


@pytest.fixture(scope="module")
def december_roster(december):
    result = plan(december, Budget(20), SolverProfile(workers=2, seed=1))
    return result


class TestSolve:
    def test_progress_callback(self, make):
        seen = []
        inst = make(people=2, covers=[Cover(d, "A", None, 1) for d in range(7)],
                    settings={"shift_stability": Setting(False, 1)})
        result = plan(inst, Budget(5), SolverProfile(workers=1, seed=1),
                      progress=lambda step: seen.append((step.penalty, step.bound)))
        assert result.status == "OPTIMAL" and seen and seen[-1][0] == result.objective

    def test_penalties_in_words(self, make, solved):
        inst = make(people=1, covers=[Cover(2, "C", None, 1)], fixed={(0, 3): "AL"},
                    person={"min_consecutive_off": 2}, settings={"min_consecutive_off": Setting(False, 3)})
        inst.covers.append(Cover(4, "A", None, 1))
        result = solved(inst)
        assert result.status == "OPTIMAL" and result.objective == 3
        [line] = result.penalties
        assert line.rule_id == "min_consecutive_off" and line.person == "P1" and line.day == 3
        assert "P1 06-04（周四）起只连休 1 天" in line.words and line.amount == 3

    def test_infeasible_has_no_roster(self, make, solved):
        result = solved(make(covers=[Cover(0, "A", None, 9)]))
        assert result.status == "INFEASIBLE" and result.assignment is None


class TestRepairChanges:
    def test_days_before_freeze_kept_and_few_changes(self, make, solved):
        inst = make(people=3, person={"rest_days": 2}, covers=[Cover(d, "A", None, 1) for d in range(7)]
                    + [Cover(d, "B", None, 1) for d in range(7)])
        base = solved(inst)
        assert base.status == "OPTIMAL"
        who = next(p for p in range(3) if base.assignment.codes[p][4] in ("A", "B"))
        sick = replace(inst, fixed={(who, 4): "SL"})
        repaired = solved(sick, baseline=base.assignment, freeze_before=3)
        assert repaired.status == "OPTIMAL"
        for p in range(3):
            assert repaired.assignment.codes[p][:3] == base.assignment.codes[p][:3]
        assert repaired.assignment.codes[who][4] == "SL"
        changed = sum(repaired.assignment.codes[p][d] != base.assignment.codes[p][d]
                      for p in range(3) for d in range(3, 7))
        assert changed == repaired.changes and 2 <= changed <= 4

    def test_hard_repair_changes_forbid_changes(self, make, solved):
        inst = make(people=1, person={"rest_days": 2})
        base = solved(inst)
        sick = replace(inst, fixed={(0, d): "SL" for d in range(7) if base.assignment.codes[0][d] != OFF},
                       settings={"repair_changes": Setting(True)})
        assert solved(sick, baseline=base.assignment, freeze_before=0).status == "INFEASIBLE"


class TestExplain:
    def test_coverage_shortfall_in_words(self, make):
        inst = make(people=3, person={"rest_days": 2}, covers=[Cover(2, "B", None, 3)], fixed={(0, 2): "AL"})
        e = explain_infeasible(inst, 5, SolverProfile(workers=1, seed=1))
        assert e.conflicting_rules == ["coverage"] and e.proven
        assert "班次人数（coverage）：06-03（周三）需要 3 人（B班 3），在职且未请假的只有 2 人，缺 1 人" in str(e)
        [s] = [s for s in e.shortages if s.rule_id == "coverage"]
        assert (s.rule_id, s.day, s.shift, s.needed, s.possible, s.short) == ("coverage", 2, "B", 3, 2, 1)

    def test_shortfall_only_a_roster_can_show(self, make):
        # enough people every day, but C -> A is forbidden: only the relaxation can name the conflict
        inst = make(people=2, days=2, covers=[Cover(0, "C", None, 2), Cover(1, "A", None, 2)],
                    forbidden_successions={("C", "A")})
        e = explain_infeasible(inst, 5, SolverProfile(workers=1, seed=1))
        assert "coverage" in e.conflicting_rules and "succession" in e.conflicting_rules
        assert "硬约束无法同时满足" in e.lines[0]
        assert "班次人数（coverage）" in e.lines[1] and "班次衔接（succession）" in e.lines[1]

    def test_conflicting_person_rules_named(self, make):
        inst = make(people=1, person={"rest_days": 1, "max_consecutive_work": 2})
        e = explain_infeasible(inst, 5, SolverProfile(workers=1, seed=1))
        assert set(e.conflicting_rules) == {"rest_days", "max_consecutive_work"}
        assert "硬约束无法同时满足" in e.lines[0]


class TestExampleMonth:
    def test_solves_with_no_hard_violation(self, december, december_roster):
        result = december_roster
        assert result.status in ("OPTIMAL", "FEASIBLE")
        report = check(december, result.assignment)
        assert report.violations == []
        assert report.total_penalty == result.objective
        assert result.bound is not None and result.bound <= result.objective

    def test_repair_after_sick_leave(self, december, december_roster):
        base = december_roster.assignment
        p = next(p for p in range(len(december.people)) if base.codes[p][12] in ("A", "B", "C")
                 and not december.people[p].duty_eligible)
        sick = replace(december, fixed={**december.fixed, (p, 12): "SL", (p, 13): "SL"})
        result = plan(sick, Budget(10), SolverProfile(workers=2, seed=1), baseline=base, freeze_before=10)
        assert result.status in ("OPTIMAL", "FEASIBLE")
        assert all(result.assignment.codes[q][:10] == base.codes[q][:10] for q in range(len(december.people)))
        assert result.assignment.codes[p][12:14] == ["SL", "SL"]
        assert check(sick, result.assignment).violations == []
        assert result.changes <= 20
        moved_duty = sum(1 for d in range(10, december.n_days) if set(result.assignment.duty[d]) != set(base.duty[d]))
        assert moved_duty <= 2          # the on-duty person is a change too: kept where possible

    def test_explains_impossible_promotion_coverage(self, december):
        covers = [replace(c, minimum=14) if (c.day == 11 and c.shift == "C" and c.role == "presale") else c
                  for c in december.covers]
        e = explain_infeasible(replace(december, covers=covers), 20, SolverProfile(seed=1))
        assert "coverage" in e.conflicting_rules
        assert any(line.startswith("  班次人数（coverage）：12-12（周六，大促）需要") for line in e.lines)
        assert sum(s.short for s in e.shortages if s.day == 11) >= 1


class TestHalt:
    def test_a_halt_set_from_another_thread_stops_the_solve(self, december):
        """The example month is not proven optimal in minutes: halted after 1 s, run returns soon,
        with the roster it has (or UNKNOWN), long before its 40-s limit."""
        import threading
        import time

        from roster.model import RosterModel
        from roster.planner.cp_sat import run_model

        m = RosterModel(december)
        halt = threading.Event()
        threading.Timer(1.0, halt.set).start()
        started = time.monotonic()
        result = run_model(m, Budget(40), SolverProfile(workers=2, seed=5), halt=halt)
        assert time.monotonic() - started < 10
        assert result.status in ("FEASIBLE", "UNKNOWN")
