"""exam: score = exam × 70 % + daily × 30 %; ≥ 80 and first 100, ≥ 80 50; missed/failed 3 months: −10, level down."""
from decimal import Decimal as D

import pytest
from payroll_testkit import EMPTY, agent, facts, history, policy

from kefu.errors import InputError
from payroll.rules.exam import exam_failed_or_missed, exam_rewards, exam_sanction, exam_score

P = policy()
LEVELS = P.review.levels


def taker(eid, exam, daily, **kw):
    return agent(eid, exam_taken=True, exam_score=exam, daily_score=daily, **kw)


def test_score_weights():
    assert exam_score(taker("A", 90, 70), P) == D("84.0")          # 63 + 21


@pytest.mark.parametrize("exam, daily, expected", [
    ("80", "80", "50.00"),          # exactly 80: reward (inclusive)
    ("79.99", "80", None),          # just below
    ("81", "80", "50.00"),          # just above
])
def test_reward_threshold_when_not_first(exam, daily, expected):
    leader = taker("TOP", 100, 100)
    lines = {ln.employee_id: ln.amount for ln in exam_rewards([leader, taker("A", exam, daily)], P)}
    assert lines["TOP"] == D("100.00")
    assert lines.get("A") == (D(expected) if expected else None)


def test_first_needs_the_threshold_too():
    assert exam_rewards([taker("A", 79, 79), taker("B", 50, 50)], P) == []


def test_ties_share_first_place():
    lines = exam_rewards([taker("A", 90, 90), taker("B", 90, 90), taker("C", 85, 85)], P)
    assert {(ln.employee_id, ln.amount, ln.figures["rank"]) for ln in lines} == {
        ("A", D("100.00"), 1), ("B", D("100.00"), 1), ("C", D("50.00"), 3)}


def test_no_exam_this_month_is_not_a_failure():
    a = agent("A")
    assert exam_score(a, P) is None and not exam_failed_or_missed(a, P)


@pytest.mark.parametrize("exam, daily, failed", [("60", "60", False), ("59.99", "60", True), ("61", "60", False)])
def test_pass_mark(exam, daily, failed):
    assert exam_failed_or_missed(taker("A", exam, daily), P) is failed


def test_marked_absent_is_missed():
    assert exam_failed_or_missed(agent("A", exam_taken=False), P)


def test_taken_without_daily_score_names_the_cell():
    with pytest.raises(InputError, match="平时成绩"):
        exam_score(agent("A", exam_taken=True, exam_score="90"), P)


def failed(month, level="P3"):
    return facts(month, exam_failed_or_missed=True, level=level)


def test_third_month_running_demotes_and_penalises():
    h = history("A", failed("2026-10"), failed("2026-09"))
    lines, changes = exam_sanction(agent("A", level="P3", exam_taken=False), "2026-11", h, P, LEVELS)
    assert [ln.amount for ln in lines] == [D("-10.00")]
    assert lines[0].figures["months"] == ["2026-09", "2026-10", "2026-11"]
    [c] = changes
    assert (c.level_from, c.level_to, c.restart_promotion_clock) == ("P3", "P2", True)


def test_two_months_running_is_not_enough():
    h = history("A", failed("2026-10"), facts("2026-09"))
    assert exam_sanction(agent("A", exam_taken=False), "2026-11", h, P, LEVELS) == ([], [])


def test_a_missing_month_breaks_the_run():
    h = history("A", failed("2026-10"), failed("2026-08"))
    assert exam_sanction(agent("A", exam_taken=False), "2026-11", h, P, LEVELS) == ([], [])


def test_passing_this_month_ends_the_run():
    h = history("A", failed("2026-10"), failed("2026-09"))
    assert exam_sanction(taker("A", 70, 70), "2026-11", h, P, LEVELS) == ([], [])


def test_p1_stays_p1_and_restarts_the_promotion_clock():
    h = history("A", failed("2026-10", "P1"), failed("2026-09", "P1"))
    lines, [c] = exam_sanction(agent("A", level="P1", exam_taken=False), "2026-11", h, P, LEVELS)
    assert lines[0].amount == D("-10.00") and "晋级时间从 0 开始" in lines[0].reason
    assert (c.level_from, c.level_to, c.restart_promotion_clock) == ("P1", "P1", True)


@pytest.mark.parametrize("run, sanctioned", [(3, True), (4, False), (5, False), (6, True)])
def test_a_long_run_is_sanctioned_once_per_three_months(run, sanctioned):
    months = ["2026-10", "2026-09", "2026-08", "2026-07", "2026-06"][:run - 1]
    h = history("A", *(failed(m) for m in months))
    lines, _ = exam_sanction(agent("A", exam_taken=False), "2026-11", h, P, LEVELS)
    assert bool(lines) is sanctioned


def test_sanction_months_follow_policy():
    p = policy(projects={"exam": {"penalty_months": 2, "penalty": -20}})
    lines, _ = exam_sanction(agent("A", exam_taken=False), "2026-11", history("A", failed("2026-10")), p, LEVELS)
    assert lines[0].amount == D("-20.00")
    assert exam_sanction(agent("A", exam_taken=False), "2026-11", EMPTY, P, LEVELS) == ([], [])
