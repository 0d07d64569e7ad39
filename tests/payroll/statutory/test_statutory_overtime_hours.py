"""Overtime hours: the 36 h monthly limit and hours above the comprehensive-hours standard."""
from decimal import Decimal as D

import pytest

from payroll.statutory.overtime_hours import comprehensive_hours_excess, monthly_overtime_excess, overtime_reports


@pytest.mark.parametrize("hours, excess, fired", [
    ("35.5", "0", False), ("36", "0", False), ("36.5", "0.5", True), ("0", "0", False),
])
def test_monthly_limit_edges(statutory_policy, hours, excess, fired):
    r = monthly_overtime_excess(D(hours), statutory_policy.overtime_limit_monthly_hours)
    assert (r.excess, r.fired, r.rule_id) == (D(excess), fired, "overtime_monthly_limit")
    assert (r.warning is not None) == fired


@pytest.mark.parametrize("worked, excess, fired", [("173.5", "0", False), ("174", "0", False), ("174.5", "0.5", True)])
def test_comprehensive_standard_edges(statutory_policy, worked, excess, fired):
    r = comprehensive_hours_excess(D(worked), statutory_policy.standard_monthly_hours)
    assert (r.excess, r.fired) == (D(excess), fired)


def test_comprehensive_overtime_is_checked_against_the_limit(statutory_policy):
    above, limit = overtime_reports(statutory_policy, worked_hours=D("220"), comprehensive=True)
    assert above.excess == D("46") and limit.hours == D("46") and limit.excess == D("10")
    assert "超出 10.00 小时" in limit.warning.message


def test_standard_hours_give_one_report(statutory_policy):
    (r,) = overtime_reports(statutory_policy, overtime_hours=D("40"))
    assert r.excess == D("4") and "劳动法第四十一条" in r.message


@pytest.mark.parametrize("kwargs", [{"comprehensive": True, "overtime_hours": D("1")}, {"worked_hours": D("1")}])
def test_the_needed_hours_must_be_given(statutory_policy, kwargs):
    with pytest.raises(ValueError):
        overtime_reports(statutory_policy, **kwargs)
