"""payroll.withholding: one employee's statutory steps — the share of the month the minimum wage applies
to, and income tax on 应发 with the after-tax deductions left out. (Hours against the overtime limit:
test_working_hours.py.)"""
from __future__ import annotations

from decimal import Decimal as D

from payroll_testkit import policy

from payroll.attendance import Attendance
from payroll.lines import PayLine
from payroll.withholding import employed_share, taxable_wage

P = policy()


def att(minutes: int, employed: int = 30, days: int = 30, pl: int = 0, sl: int = 0) -> Attendance:
    return Attendance("KF100", 2026, 11, days, employed, 26, 4, 0, 0, pl, sl, 0, 0, minutes)


class TestEmployedShare:
    def test_full_month(self):
        assert employed_share(att(0), 22, P) == (D(1), "在职 30/30 天")

    def test_calendar_day_proration_like_the_base(self):
        share, text = employed_share(att(0, employed=12), 8, P)
        assert share == D(12) / D(30) and text == "在职 12/30 天"

    def test_paid_day_proration_like_the_base(self):
        p = policy(base_salary={"proration": "paid_days"})
        share, text = employed_share(att(0, employed=12), 8, p)
        assert share == D(8) / D("21.75") and text == "在职计薪 8 天 ÷ 21.75"


def test_after_tax_deductions_are_not_taxable_wage():
    lines = [PayLine.of("A", "base_salary", D("5000"), "x"), PayLine.of("A", "exam", D("-10"), "x"),
             PayLine.of("A", "other_deduction", D("-300"), "x"), PayLine.of("A", "fault_deduction_cap", D("40"), "x"),
             PayLine.of("A", "fault_deduction_carry", D("-25"), "x"), PayLine.of("A", "minimum_wage", D("7"), "x")]
    # negative incentives are pay (应发 4,997); compensation out of the wage and its carry are not income removed
    assert taxable_wage(lines) == D("4997.00")
