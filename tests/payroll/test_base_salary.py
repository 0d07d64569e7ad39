"""base_salary, unpaid_leave, sick_leave: grade base, part months, daily wage = monthly / 21.75."""
from decimal import Decimal as D

import pytest
from payroll_testkit import policy

from kefu.errors import InputError
from kefu.team import Employee
from payroll.rules.base_salary import base_salary, grade_monthly, sick_leave, unpaid_leave

P = policy()


@pytest.mark.parametrize("grade, monthly", [("一档", "3000"), ("二档", "4000"), ("三档", "5000")])
def test_grade_bases_come_from_policy(grade, monthly):
    e = Employee("KF1", "x", "presale", "P1", grade, None, None, None, None, False, None, None, None, None, 7)
    assert grade_monthly(e, P) == D(monthly)


def test_unknown_grade_names_the_team_cell():
    e = Employee("KF1", "x", "presale", "P1", "四档", None, None, None, None, False, None, None, None, None, 7)
    with pytest.raises(InputError) as exc:
        grade_monthly(e, P)
    assert exc.value.row == 7 and exc.value.column == "薪资档"


@pytest.mark.parametrize("employed, expected", [
    (30, "3000.00"),        # whole month
    (31, "3000.00"),        # never above the monthly base
    (29, "2900.00"),        # one day short
    (1, "100.00"),
    (17, "1700.00"),        # hired on the 14th of a 30-day month
])
def test_calendar_day_proration(employed, expected):
    [line] = base_salary("KF1", D(3000), 30, employed, P)
    assert line.rule_id == "base_salary" and line.amount == D(expected)


def test_nobody_employed_gets_no_line():
    assert base_salary("KF1", D(3000), 30, 0, P) == []


@pytest.mark.parametrize("paid_days, expected", [
    ("10", "1379.31"),      # 3000 / 21.75 × 10 = 1379.3103
    ("21.75", "3000.00"),   # exactly the paid month
    ("23", "3000.00"),      # capped at the base
])
def test_paid_days_proration(paid_days, expected):
    p = policy(base_salary={"proration": "paid_days"})
    [line] = base_salary("KF1", D(3000), 30, 20, p, paid_days_employed=D(paid_days))
    assert line.amount == D(expected)


def test_paid_days_proration_needs_the_paid_days():
    with pytest.raises(ValueError):
        base_salary("KF1", D(3000), 30, 20, policy(base_salary={"proration": "paid_days"}))


@pytest.mark.parametrize("days, expected", [(0, None), ("0.5", "-68.97"), (1, "-137.93"), (2, "-275.86")])
def test_unpaid_leave_deducts_a_daily_wage_per_day(days, expected):
    lines = unpaid_leave("KF1", D(3000), D(str(days)), P)
    assert (lines[0].amount if lines else None) == (D(expected) if expected else None)


def test_sick_leave_deducts_the_unpaid_share():
    [line] = sick_leave("KF1", D(4000), 2, P)          # 4000 / 21.75 × 0.2 × 2 = 73.5632
    assert line.amount == D("-73.56") and line.figures["sick_pay_ratio"] == D("0.8")
    assert sick_leave("KF1", D(4000), 2, policy(leave={"sick_pay_ratio": 1})) == []
