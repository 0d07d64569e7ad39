"""Overtime hours against the monthly limit (Labour Law art. 41): on, below and above the cap, in words."""
from decimal import Decimal as D

import pytest

from payroll.statutory.overtime_hours import overtime_limit_report


class TestOvertimeMonthlyLimit:
    @pytest.mark.parametrize("minutes, limit, excess, fired", [
        (36 * 60 - 1, "36", "0", False),      # a minute below
        (36 * 60, "36", "0", False),          # on the cap: allowed
        (36 * 60 + 30, "36", "0.5", True),    # half an hour above
        (0, "36", "0", False),
        (20 * 60, "17.42", "2.58", True),     # a part month's prorated cap (15 of 31 days: 36 × 15/31)
    ])
    def test_edges(self, minutes, limit, excess, fired):
        r = overtime_limit_report(minutes, D(limit))
        assert (r.excess, r.fired, r.rule_id) == (D(excess), fired, "overtime_monthly_limit")
        assert (r.warning is not None) == fired

    def test_message_in_words(self):
        r = overtime_limit_report(40 * 60, D(36), detail="休息日 32 小时，法定节假日 8 小时")
        assert r.message == ("本月加班 40 小时（休息日 32 小时，法定节假日 8 小时），超过上限 36 小时 4 小时"
                             "（劳动法第四十一条）")

    def test_within_says_so(self):
        assert overtime_limit_report(32 * 60, D(36)).message == "本月加班 32 小时，未超过上限 36 小时"
