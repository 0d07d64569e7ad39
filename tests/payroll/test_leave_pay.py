"""Leave paid by its type (payroll.rules.base_salary.leave_pay): full pay nothing off, unpaid a daily
wage a day, sick pay the rest of sick_pay_ratio, a ratio type the rest of its pay_ratio. A monthly
4,350 makes the daily wage 4,350 ÷ 21.75 = 200 exactly, so every figure is worked by hand."""
from __future__ import annotations

from decimal import Decimal

from kefu.leave_types import LeaveType, LeaveTypes
from payroll.rules.base_salary import leave_pay
from payroll_testkit import policy

D = Decimal
TYPES = LeaveTypes({
    "AL": LeaveType(name="年假", mark="年", pay="full", annual=True),
    "PL": LeaveType(name="事假", mark="事", pay="unpaid"),
    "SL": LeaveType(name="病假", mark="病", pay="sick_pay"),
    "HL": LeaveType(name="哺乳假", mark="哺", pay="ratio", pay_ratio=D("0.6")),
})


class TestLeavePay:
    def test_paid_in_full_takes_nothing(self):
        assert leave_pay("E1", D(4350), {"AL": 5}, policy(), TYPES) == []

    def test_unpaid_a_daily_wage_a_day(self):
        [line] = leave_pay("E1", D(4350), {"PL": 2}, policy(), TYPES)
        assert (line.rule_id, line.amount) == ("unpaid_leave", D("-400.00")) and line.reason.startswith("事假 2 天")

    def test_sick_pay_the_rest_of_the_ratio(self):
        [line] = leave_pay("E1", D(4350), {"SL": 1}, policy(), TYPES)       # 200 × (1 − 0.8)
        assert (line.rule_id, line.amount) == ("sick_leave", D("-40.00"))

    def test_ratio_type_the_rest_of_its_own_ratio(self):
        [line] = leave_pay("E1", D(4350), {"HL": 3}, policy(), TYPES)       # 200 × (1 − 0.6) × 3
        assert (line.rule_id, line.amount) == ("partly_paid_leave", D("-240.00"))
        assert line.reason.startswith("哺乳假 3 天") and line.figures["leave"] == "HL"

    def test_one_line_per_type_in_the_policy_order(self):
        lines = leave_pay("E1", D(4350), {"SL": 1, "PL": 1, "AL": 1}, policy(), TYPES)
        assert [ln.rule_id for ln in lines] == ["unpaid_leave", "sick_leave"]
