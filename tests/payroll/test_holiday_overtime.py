"""holiday_overtime (300 % of the daily wage on top) and overtime (150 % of the hourly wage, optional)."""
from decimal import Decimal as D

import pytest
from payroll_testkit import policy

from payroll.rules.overtime import holiday_overtime, overtime

P = policy()


@pytest.mark.parametrize("days, expected", [(0, None), (1, "413.79"), (2, "827.59"), ("0.5", "206.90")])
def test_holiday_work_pays_three_daily_wages(days, expected):
    lines = holiday_overtime("KF1", D(3000), D(str(days)), P)     # 3000 / 21.75 × 3 = 413.793
    assert (lines[0].amount if lines else None) == (D(expected) if expected else None)


def test_holiday_overtime_can_be_switched_off():
    assert holiday_overtime("KF1", D(3000), 1, policy(holiday_overtime={"enabled": False})) == []


def test_overtime_is_off_by_default():
    assert overtime("KF1", D(3000), 10, P) == []


@pytest.mark.parametrize("hours, expected", [(0, None), (1, "25.86"), (10, "258.62")])
def test_overtime_pays_150_percent_of_the_hourly_wage(hours, expected):
    lines = overtime("KF1", D(3000), hours, policy(overtime={"enabled": True}))   # 3000/174 × 1.5
    assert (lines[0].amount if lines else None) == (D(expected) if expected else None)
