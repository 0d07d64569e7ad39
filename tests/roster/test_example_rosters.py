"""The shipped example roster and the month a supervisor plans after it (README, "The monthly cycle").

examples/roster-2026-11.csv is the attendance of the README's payroll example: `roster check` finds it
clean under the example policy. December 2026 planned with it as the previous month — the supervisor's
first real use — gives a roster with no hard violation, checked by the independent validator with the
previous month's runs, successions and duty days carried in. KF028 leaves on 18 December: 4 × 18/31
prorates to 2 rest days, which after a long run at the end of November cannot keep 7 days in a row
(roster.monthly.rest_for_longest_run gives 3).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kefu.team import read_team
from roster.cli import main
from roster.history import read_history
from roster.monthly import build_month_instance
from roster.planner import Budget, SolverProfile, plan
from roster.policy import load_policy
from roster.validate import check

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOVEMBER = EXAMPLES / "roster-2026-11.csv"


@pytest.fixture(scope="module")
def example():
    policy = load_policy(EXAMPLES / "policy.toml")
    return policy, read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))


class TestExampleNovember:
    def test_roster_check_is_clean(self):
        res = CliRunner().invoke(main, ["check", str(NOVEMBER), "--team", str(EXAMPLES / "team.xlsx"),
                                        "--policy", str(EXAMPLES / "policy.toml")])
        assert res.exit_code == 0, res.output
        assert "roster-2026-11.csv：所有硬约束均满足" in res.output


@pytest.fixture(scope="module")
def december(example):
    """December 2026 with the example November as the previous month (`roster solve --previous`)."""
    history = read_history(*example, 2026, 12, NOVEMBER)
    return build_month_instance(*example, 2026, 12, history.previous, history.previous_duty, history.carried)


class TestDecemberAfterNovember:
    def test_the_previous_month_is_carried_in(self, december):
        kf028 = next(p for p in december.people if p.id == "KF028")
        assert len(kf028.history) == 30 and kf028.rest_days == 3

    def test_planned_with_no_hard_violation(self, december):
        result = plan(december, Budget(10), SolverProfile(workers=2, seed=1))
        # a 30 × 31 month is not proven optimal in 10 s; a roster is found in about 3
        assert result.status == "FEASIBLE"
        report = check(december, result.assignment)
        assert report.violations == [], [str(v) for v in report.violations]
        assert report.total_penalty == result.objective
