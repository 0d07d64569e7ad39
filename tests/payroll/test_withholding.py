"""payroll.withholding: one employee's statutory steps — hours against the overtime limits, the share of
the month the minimum wage applies to, and income tax on 应发 with the after-tax deductions left out."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from payroll_testkit import policy

from payroll.attendance import Attendance
from payroll.lines import PayLine
from payroll.withholding import employed_share, hour_warnings, taxable_wage

P = policy()
STAT = P.statutory


def att(minutes: int, employed: int = 30, days: int = 30, pl: int = 0, sl: int = 0) -> Attendance:
    return Attendance("KF100", 2026, 11, days, employed, 26, 4, 0, 0, pl, sl, 0, 0, minutes)


class TestOvertimeHours:
    """Hours worked − the standard month (174 h, prorated) is the month's overtime; above 36 h it is
    reported (Labour Law art. 41). 174 + 36 = 210 h is the most a full month may hold."""

    @pytest.mark.parametrize("minutes, fired", [
        (209 * 60 + 59, False),     # 209.98 h: below
        (210 * 60, False),          # 210.00 h: exactly 36 h of overtime, allowed
        (210 * 60 + 1, True),       # 210.02 h: just above
        (216 * 60, True),           # 27 eight-hour days in a 31-day month with 4 rest days
    ])
    def test_monthly_limit(self, minutes, fired):
        got = hour_warnings("KF100", att(minutes), P, STAT)
        assert [w.rule_id for w in got] == (["overtime_monthly_limit"] if fired else [])

    def test_message_shows_the_figures(self):
        [w] = hour_warnings("KF100", att(216 * 60), P, STAT)
        for figure in ("216.00", "174.00", "42.00", "36.00", "6.00", "第四十一条"):
            assert figure in w.message

    def test_part_month_prorates_the_standard(self):
        # 15 of 30 days employed: standard 87 h; 124 h worked = 37 h over
        assert hour_warnings("KF100", att(124 * 60, employed=15), P, STAT)[0].rule_id == "overtime_monthly_limit"
        assert hour_warnings("KF100", att(123 * 60, employed=15), P, STAT) == []

    def test_comprehensive_hours_report_the_hours_above_the_standard(self):
        p = policy(overtime={"enabled": True})
        assert hour_warnings("KF100", att(174 * 60), p, p.statutory) == []
        got = hour_warnings("KF100", att(174 * 60 + 60), p, p.statutory)
        assert [w.rule_id for w in got] == ["comprehensive_hours_over_standard"]
        got = hour_warnings("KF100", att(211 * 60), p, p.statutory)
        assert [w.rule_id for w in got] == ["comprehensive_hours_over_standard", "overtime_monthly_limit"]


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
