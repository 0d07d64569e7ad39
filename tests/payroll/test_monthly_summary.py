"""monthly_summary: approved 100; none submitted −5; submitted or blank: nothing."""
from decimal import Decimal as D

import pytest
from payroll_testkit import agent, policy

from payroll.rules.monthly_summary import monthly_summary

P = policy()


@pytest.mark.parametrize("status, expected", [("approved", "100.00"), ("submitted", None), ("none", "-5.00"),
                                              (None, None)])
def test_monthly_summary(status, expected):
    lines = monthly_summary(agent(monthly_summary=status), P)
    assert (lines[0].amount if lines else None) == (D(expected) if expected else None)
