"""project_lines over the example team and KPI sheet: the expected rewards and penalties, ties, history."""
from decimal import Decimal as D

import pytest
from payroll_testkit import EMPTY, EXAMPLES, agent, facts, history, policy

from kefu.team import read_team
from payroll.history import InMemoryHistory
from payroll.kpi import read_kpi
from payroll.review import month_facts, review_list
from payroll.rules.context import agents_for
from payroll.rules.projects import project_lines
from payroll.scorecard import appraisals
from roster.policy import load_policy

MONTH = "2026-11"


@pytest.fixture(scope="module")
def example():
    team_policy = load_policy(EXAMPLES / "policy.toml").team
    team = read_team(EXAMPLES / "team.xlsx", team_policy)
    kpi = read_kpi(EXAMPLES / "kpi-2026-11.xlsx", team)
    channels = {sid: s.channel for sid, s in team_policy.shops.items()}
    days = {e.employee_id: 26 for e in team.employees}
    days.update({"KF008": 23, "KF013": 25})          # annual leave 16-18, personal leave on the 20th
    return agents_for(team, kpi, channels, days), policy()


def by(lines):
    out = {}
    for ln in lines:
        out.setdefault(ln.employee_id, {})[ln.rule_id] = out.get(ln.employee_id, {}).get(ln.rule_id, 0) + ln.amount
    return out


def test_example_month(example):
    agents, p = example
    assert len(agents) == 29
    out = project_lines(agents, MONTH, EMPTY, p)
    got = by(out.lines)
    assert got["KF004"] == {"exam": D(100), "typing": D(100), "items_per_customer": D(300),
                            "monthly_summary": D(100), "sales_target": D(200)}
    assert got["KF010"]["monthly_summary"] == D(-5)
    assert "KF001" not in got and "KF022" not in got            # leads and aftersale: not project roles
    assert all(ln.amount == ln.amount.quantize(D("0.01")) for ln in out.lines)
    assert out.level_changes == []


def test_example_review_with_history(example):
    agents, p = example
    earlier = {"KF012": [facts("2026-10", level="P2", exam_failed_or_missed=True),
                         facts("2026-09", level="P2", exam_failed_or_missed=True)],
               "KF016": [facts("2026-10", level="P1", exam_failed_or_missed=True, sales_rank_last=True),
                         facts("2026-09", level="P1", exam_failed_or_missed=True, sales_rank_last=True)]}
    hist = InMemoryHistory(earlier)
    out = project_lines(agents, MONTH, hist, p)
    assert {(c.employee_id, c.level_from, c.level_to) for c in out.level_changes} == {
        ("KF012", "P2", "P1"), ("KF016", "P1", "P1")}
    ap = appraisals(agents, p)
    fs = month_facts(agents, MONTH, ap, out.completion, out.level_changes, p)
    assert fs["KF016"].sales_rank_last and fs["KF016"].promotion_clock_restart
    items = review_list(agents, MONTH, fs, hist, ap, out.completion, p)
    kinds = {(i.employee_id, i.kind) for i in items}
    assert ("KF016", "elimination_review") in kinds       # last in sales 3 months running
    assert ("KF014", "elimination_review") in kinds       # 10 colleague complaints
    assert ("KF018", "dismissal_review") in kinds         # ★★★
    assert ap["KF029"].last and ap["KF029"].role == "aftersale"


def test_switching_project_rewards_off(example):
    agents, _ = example
    assert project_lines(agents, MONTH, EMPTY, policy(structure={"project_rewards": False})).lines == []


def test_typing_penalty_through_the_orchestrator():
    a = agent("A", typing_speed="50", regular=None)
    out = project_lines([a], MONTH, history("A", facts("2026-10", typing_below=True)), policy())
    assert [(ln.rule_id, ln.amount) for ln in out.lines] == [("typing", D("-10.00"))]
