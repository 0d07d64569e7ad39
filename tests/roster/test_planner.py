"""The planner's entry and its parts: Budget, SolverProfile (and the [roster.solver] policy table),
the portfolio's choice by shape, progress records, deterministic mode."""
from __future__ import annotations

import time
from dataclasses import fields
from pathlib import Path

import pytest

from kefu.errors import InputError
from roster.instance import Cover
from roster.planner import Budget, Plan, SolverProfile, plan
from roster.planner.portfolio import choose
from roster.planner.problem import Problem
from roster.policy import SolverPolicy, load_policy
from roster.validate import check

from conftest import make_instance

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class TestBudget:
    def test_parts_never_end_after_their_budget(self):
        budget = Budget(10)
        assert budget.share(0.3).seconds == pytest.approx(3, abs=0.05)
        assert budget.most(50).seconds <= 10
        assert budget.most(50).until() <= budget.until() + 1e-3

    def test_elapsed_counts_from_the_root(self):
        root = Budget(10, started=time.monotonic() - 4)
        part = root.most(1)
        assert part.elapsed() == pytest.approx(4, abs=0.1) and part.spent() < 0.1

    def test_a_deterministic_budget_hands_out_time_by_account(self):
        budget = Budget(10, deterministic=True)
        first = budget.share(0.3)
        assert first.seconds == 3 and budget.left() == 7
        assert budget.rest().seconds == 7 and budget.left() == 0


class TestSolverProfile:
    def test_the_policy_table_has_every_tunable(self):
        assert set(SolverPolicy.model_fields) == {f.name for f in fields(SolverProfile)}

    def test_defaults_without_the_table(self):
        assert SolverProfile.from_policy(load_policy(EXAMPLES / "policy.toml")) == SolverProfile()

    def test_the_table_overrides_the_defaults(self, tmp_path):
        text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
        path = tmp_path / "policy.toml"
        path.write_text(text.replace("[payroll]\n", "[roster.solver]\nseed = 7\ngroup_size = 30\n\n[payroll]\n", 1),
                        encoding="utf-8")
        profile = SolverProfile.from_policy(load_policy(path))
        assert profile.seed == 7 and profile.group_size == 30 and profile.workers == SolverProfile().workers

    def test_a_bad_value_names_the_key(self, tmp_path):
        text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
        path = tmp_path / "policy.toml"
        path.write_text(text.replace("[payroll]\n", "[roster.solver]\nworkers = 0\n\n[payroll]\n", 1), encoding="utf-8")
        with pytest.raises(InputError) as err:
            load_policy(path)
        assert "roster.solver.workers" in err.value.chinese()

    def test_an_unknown_key_is_named(self, tmp_path):
        text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
        path = tmp_path / "policy.toml"
        path.write_text(text.replace("[payroll]\n", "[roster.solver]\ntime_limit = 5\n\n[payroll]\n", 1),
                        encoding="utf-8")
        with pytest.raises(InputError) as err:
            load_policy(path)
        assert "roster.solver.time_limit" in err.value.chinese()


def _month_like(people: int, days: int = 14):
    return make_instance(people=people, days=days, person={"rest_days": 4, "max_consecutive_work": 6},
                         covers=[Cover(d, s, None, 1) for d in range(days) for s in ("A", "B", "C")])


class TestPortfolio:
    def test_small_problems_go_to_the_whole_model(self):
        assert choose(Problem(make_instance(people=3)), Budget(5)).name == "whole model"

    def test_a_repair_goes_to_the_whole_model(self, make):
        inst = _month_like(20)
        base = plan(make_instance(people=1), Budget(1)).assignment
        assert choose(Problem(inst, baseline=base, freeze_before=2), Budget(5)).name == "whole model"

    def test_months_with_listable_patterns_go_patterns_first(self):
        assert choose(Problem(_month_like(20)), Budget(5)).name == "patterns first"

    def test_large_teams_go_to_groups(self):
        assert choose(Problem(_month_like(20), SolverProfile(group_size=8)), Budget(5)).name == "groups"

    def test_staff_without_a_fixed_number_of_rest_days_go_to_neighbourhood_search(self):
        inst = make_instance(people=20, days=14, covers=[Cover(d, "A", None, 5) for d in range(14)])
        assert choose(Problem(inst), Budget(5)).name == "neighbourhood search"


class TestPlan:
    def test_patterns_first_plans_a_valid_month_and_reports_progress(self):
        inst = _month_like(14)
        seen = []
        result = plan(inst, Budget(10), SolverProfile(workers=2, seed=3), seen.append)
        assert isinstance(result, Plan) and result.ok and result.strategy == "patterns first"
        report = check(inst, result.assignment)
        assert report.violations == [] and report.total_penalty == result.objective
        assert seen and all(s.elapsed >= 0 for s in seen) and any(s.step == "patterns" for s in seen)
        assert result.bound is not None and 0 <= result.bound <= result.objective

    def test_the_merged_shift_route_when_the_time_is_too_short_for_patterns(self):
        inst = _month_like(14)
        seen = []
        result = plan(inst, Budget(4), SolverProfile(workers=2, seed=3), seen.append)
        assert result.ok and any(s.step == "merged" for s in seen)
        assert check(inst, result.assignment).violations == []

    def test_deterministic_mode_twice_gives_the_same_roster(self):
        inst = _month_like(14)
        profile = SolverProfile(seed=4, deterministic=True)
        first, second = plan(inst, Budget(3), profile), plan(inst, Budget(3), profile)
        assert first.ok and first.assignment.codes == second.assignment.codes
        assert first.assignment.duty == second.assignment.duty and first.objective == second.objective
