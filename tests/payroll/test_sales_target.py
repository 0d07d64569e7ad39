"""sales_target: completion = sales ÷ (daily target × days worked); each full 10 % above 100 % → 100, no cap."""
from decimal import Decimal as D

import pytest
from payroll_testkit import JI, TM, agent, policy

from payroll.rules.sales_target import sales_completion, sales_target_reward

P = policy()


@pytest.mark.parametrize("sales, expected", [
    ("220000", None),           # exactly 100 %: nothing  (11,000 × 20 days)
    ("241999.99", None),        # 109.99 %
    ("242000", "100.00"),       # exactly 110 %
    ("242000.01", "100.00"),
    ("264000", "200.00"),       # 120 %
    ("550000", "1500.00"),      # 250 %: no cap
    ("100000", None),           # below target
])
def test_steps_above_target(sales, expected):
    lines = sales_target_reward(agent(shop=JI, days=20, sales=sales), P)
    assert (lines[0].amount if lines else None) == (D(expected) if expected else None)


def test_tmall_target_and_completion():
    a = agent(shop=TM, days=10, sales="143000")             # 13,000 × 10 = 130,000 → 110 %
    assert sales_completion(a, P) == D("110")
    assert sales_target_reward(a, P)[0].figures["steps"] == 1


def test_no_days_or_no_sales_is_not_applicable():
    assert sales_completion(agent(days=0, sales="1000"), P) is None
    assert sales_target_reward(agent(days=0, sales="1000"), P) == []
    assert sales_completion(agent(days=20), P) is None


def test_target_follows_policy():
    p = policy(projects={"sales_target": {"daily_target": {"集市": 10000, "天猫": 13000}}})
    assert sales_completion(agent(shop=JI, days=10, sales="100000"), p) == D("100")
