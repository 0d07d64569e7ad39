"""typing: ≥ 100 → 100, ≥ 80 → 50 at accuracy ≥ 90 %; below the requirement 2 months running → −10."""
from datetime import date
from decimal import Decimal as D

import pytest
from payroll_testkit import EMPTY, agent, facts, history, policy

from kefu.errors import InputError
from payroll.rules.typing_speed import typing_below, typing_penalty, typing_requirement, typing_reward

P = policy()


@pytest.mark.parametrize("speed, accuracy, expected", [
    ("100", "90", "100.00"),    # on both thresholds
    ("99.9", "95", "50.00"),    # just below 100
    ("101", "95", "100.00"),
    ("80", "95", "50.00"),      # on 80
    ("79", "95", None),         # just below 80
    ("120", "89.9", None),      # accuracy just below 90 %
    ("120", "90.1", "100.00"),
])
def test_reward_tiers(speed, accuracy, expected):
    lines = typing_reward(agent(typing_speed=speed, typing_accuracy=accuracy), P)
    assert (lines[0].amount if lines else None) == (D(expected) if expected else None)


def test_no_test_no_reward():
    assert typing_reward(agent(), P) == []


def test_reward_needs_accuracy():
    with pytest.raises(InputError, match="打字正确率"):
        typing_reward(agent(typing_speed="100"), P)


@pytest.mark.parametrize("regular, requirement", [
    (None, "60"),                    # never regularised: probation
    (date(2026, 11, 2), "60"),       # regularised during the month: probation status on the 1st
    (date(2026, 11, 1), "60"),       # regular on the 1st, < 6 months
    (date(2026, 5, 2), "60"),        # six months reached on 11-02: not yet
    (date(2026, 5, 1), "70"),        # six months exactly on 11-01
    (date(2020, 1, 1), "70"),
])
def test_requirement_by_status(regular, requirement):
    assert typing_requirement(agent(regular=regular), "2026-11", P)[0] == D(requirement)


@pytest.mark.parametrize("speed, below", [("69", True), ("70", False), ("71", False)])
def test_below_requirement_threshold(speed, below):
    assert typing_below(agent(regular=date(2020, 1, 1), typing_speed=speed), "2026-11", P) is below


def test_second_month_below_is_penalised():
    h = history("KF100", facts("2026-10", typing_below=True))
    [line] = typing_penalty(agent(typing_speed="65", regular=date(2020, 1, 1)), "2026-11", h, P)
    assert line.amount == D("-10.00") and line.figures["months"] == ["2026-10", "2026-11"]
    assert line.figures["requirement"] == D("70")


def test_one_month_below_is_not_penalised():
    assert typing_penalty(agent(typing_speed="65", regular=date(2020, 1, 1)), "2026-11", EMPTY, P) == []
    h = history("KF100", facts("2026-10", typing_below=False))
    assert typing_penalty(agent(typing_speed="65", regular=date(2020, 1, 1)), "2026-11", h, P) == []


@pytest.mark.parametrize("earlier, penalised", [(1, True), (2, False), (3, True)])
def test_a_long_run_is_penalised_every_second_month(earlier, penalised):
    months = ["2026-10", "2026-09", "2026-08"][:earlier]
    h = history("KF100", *(facts(m, typing_below=True) for m in months))
    lines = typing_penalty(agent(typing_speed="50"), "2026-11", h, P)
    assert bool(lines) is penalised


def test_reason_shows_the_figures_rounded_for_reading():
    # a percent-formatted cell 0.9567 reads as 95.6700 %; a float speed as 100.0
    [line] = typing_reward(agent(typing_speed="100.0", typing_accuracy="95.6700"), P)
    assert "打字速度 100 字/分" in line.reason and "正确率 95.67%" in line.reason
    assert line.figures["accuracy_pct"] == D("95.6700")          # the ledger keeps the exact figure
