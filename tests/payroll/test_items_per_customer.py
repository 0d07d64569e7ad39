"""items_per_customer: completion ≥ 60 %: first and > 1.9 → 300, ≥ 1.9 → 200; below shop average → −10."""
from decimal import Decimal as D

import pytest
from payroll_testkit import JI, TM, agent, policy

from payroll.rules.items_per_customer import items_below_average, items_rewards

P = policy()


def rewards(agents, completion):
    return {ln.employee_id: ln.amount for ln in items_rewards(agents, completion, P)}


@pytest.mark.parametrize("completion, expected", [("60", "300.00"), ("59.99", None), ("60.01", "300.00"), (None, None)])
def test_completion_gate(completion, expected):
    a = agent("A", items_per_customer="2.5")
    got = rewards([a], {"A": D(completion) if completion else None})
    assert got.get("A") == (D(expected) if expected else None)


@pytest.mark.parametrize("items, expected", [
    ("1.91", "300.00"),     # first and above 1.9
    ("1.9", "200.00"),      # first but not above 1.9: still ≥ 1.9
    ("1.89", None),
])
def test_first_place_threshold_is_strict(items, expected):
    got = rewards([agent("A", items_per_customer=items), agent("B", items_per_customer="1.0")],
                  {"A": D(100), "B": D(100)})
    assert got.get("A") == (D(expected) if expected else None)


@pytest.mark.parametrize("items, expected", [("1.9", "200.00"), ("1.89", None), ("1.95", "200.00")])
def test_others_threshold_is_inclusive(items, expected):
    got = rewards([agent("TOP", items_per_customer="3"), agent("A", items_per_customer=items)],
                  {"TOP": D(100), "A": D(100)})
    assert got["TOP"] == D("300.00") and got.get("A") == (D(expected) if expected else None)


def test_ties_share_first():
    got = rewards([agent("A", items_per_customer="2.2"), agent("B", items_per_customer="2.2"),
                   agent("C", items_per_customer="2.0")], {"A": D(80), "B": D(80), "C": D(80)})
    assert got == {"A": D("300.00"), "B": D("300.00"), "C": D("200.00")}


def test_ranking_is_team_wide_by_default_and_shop_wide_on_request():
    agents = [agent("A", shop=JI, items_per_customer="2.5"), agent("B", shop=TM, items_per_customer="2.2")]
    done = {"A": D(100), "B": D(100)}
    assert rewards(agents, done)["B"] == D("200.00")
    by_shop = {ln.employee_id: ln.amount for ln in items_rewards(
        agents, done, policy(projects={"items_per_customer": {"rank_scope": "shop"}}))}
    assert by_shop["B"] == D("300.00")


def test_below_the_shop_average():
    agents = [agent("A", shop=JI, items_per_customer="1.5"), agent("B", shop=JI, items_per_customer="2.5"),
              agent("C", shop=JI, items_per_customer="2.0"),       # exactly the average 2.0: no penalty
              agent("D", shop=TM, items_per_customer="1.0")]      # alone in its shop: the average itself
    lines = items_below_average(agents, P)
    assert [(ln.employee_id, ln.amount) for ln in lines] == [("A", D("-10.00"))]
    assert lines[0].figures["average"] == D("2")


def test_the_penalty_ignores_the_completion_gate():
    agents = [agent("A", items_per_customer="1.0"), agent("B", items_per_customer="3.0")]
    assert [ln.employee_id for ln in items_below_average(agents, P)] == ["A"]


@pytest.mark.parametrize("items, penalised", [("1.99", True), ("2.00", False), ("2.01", False)])
def test_below_average_just_below_on_and_above(items, penalised):
    # the other two hold 1.5 and 2.5 − x + 2, so the shop average is exactly 2.00 whatever x is
    x = D(items)
    agents = [agent("X", shop=JI, items_per_customer=items), agent("L", shop=JI, items_per_customer="1.5"),
              agent("H", shop=JI, items_per_customer=str(D("4.5") - x))]
    got = {ln.employee_id for ln in items_below_average(agents, P)}
    assert ("X" in got) is penalised and "L" in got
