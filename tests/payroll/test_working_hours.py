"""payroll.working_hours: the month's hours against the overtime cap in words (Labour Law art. 41), and the
settlement of a comprehensive-hours quarter from the ledger's closed months (and early, on leaving).

The standards are counted by hand: November 2026 has 21 working days (168 h), December 23 (184 h),
October 2026 is left out (its 调休 is the calendar's business, tested in tests/roster).
"""
from datetime import date

import pytest

from kefu.team import Employee
from kefu.working_time import MonthHours, WorkingTimePolicy
from payroll.attendance import Attendance
from payroll.ledger import LedgerHistory
from payroll.working_hours import hour_warnings, hours_to_pay, overtime_why, settlement_overtime
from roster.policy import CalendarPolicy

STANDARD = WorkingTimePolicy()
MONTHLY = WorkingTimePolicy(regime="comprehensive", period="month")
QUARTER = WorkingTimePolicy(regime="comprehensive", period="quarter")
CAL = CalendarPolicy()
DAY = [(480, False)]
NONE = LedgerHistory("x", {}, {})


def employee(hired=date(2020, 1, 1), left=None) -> Employee:
    return Employee("KF100", "测试", "presale", "P3", "三档", None, hired, None, left, False, None, None,
                    None, None, 2)


def attendance(year, month, worked, days=31, employed=31) -> Attendance:
    return Attendance("KF100", year, month, days, employed, len(worked), 0, 0, 0, 0, 0, 0, 0,
                      sum(m for m, _ in worked), {}, (), tuple(worked))


def warnings(wt, worked, e=None, year=2026, month=12, history=NONE, **kw):
    h = hours_to_pay(e or employee(), attendance(year, month, worked, **kw), wt, CAL, history, year, month)
    return hour_warnings("KF100", h)


class TestOvertimeMonthlyLimit:
    """Standard hours, December 2026 (184 h): 36 h of overtime is the most a month may hold."""

    @pytest.mark.parametrize("worked, fired", [
        (DAY * 27 + [(239, False)], False),       # 35.98 h over
        (DAY * 27 + [(240, False)], False),       # 36 h over: on the cap
        (DAY * 27 + [(241, False)], True),        # 36.02 h
    ])
    def test_on_below_above_the_cap(self, worked, fired):
        assert [w.rule_id for w in warnings(STANDARD, worked)] == (["overtime_monthly_limit"] if fired else [])

    def test_message_in_words(self):
        [w] = warnings(STANDARD, DAY * 28 + [(600, False)])     # 29 days, one of 10 h
        # 234 h worked: 2 h extended; ordinary time 29 × 8 = 232 h − 184 h = 48 h rest-day work: 50 h, 14 h over
        assert w.message == ("本月加班 50 小时（工作 234 小时，标准 184 小时（23 个工作日）：休息日 48 小时，延长工作时间 "
                             "2 小时，法定节假日 0 小时），超过上限 36 小时 14 小时（劳动法第四十一条）")

    def test_holiday_hours_count_toward_the_cap(self):
        # January 2027: 160 h standard; 20 ordinary days + 1 January worked + 4 rest days worked = 40 h
        got = warnings(STANDARD, DAY * 24 + [(480, True)], year=2027, month=1)
        assert "本月加班 40 小时" in got[0].message and "法定节假日 8 小时" in got[0].message

    def test_part_month_prorates_the_cap(self):
        # hired 2026-12-16: 12 working days (96 h), cap 36 × 12 ÷ 23 = 18.78 h
        e = employee(hired=date(2026, 12, 16))
        assert warnings(STANDARD, DAY * 14 + [(166, False)], e, employed=16) == []     # 112 + 2.77 − 96 = 18.77 h
        [w] = warnings(STANDARD, DAY * 14 + [(168, False)], e, employed=16)             # 18.8 h
        assert "超过上限 18.78 小时" in w.message

    def test_comprehensive_month(self):
        assert warnings(MONTHLY, DAY * 27 + [(240, False)]) == []
        [w] = warnings(MONTHLY, DAY * 27 + [(300, False)])
        assert w.message.startswith("本月加班 37 小时（计入工时 221 小时，标准 184 小时（23 个工作日）：超出标准 37 小时")


def closed(*months: tuple[str, MonthHours]) -> LedgerHistory:
    return LedgerHistory("2026-12", {}, {}, hours={"KF100": dict(months)})


OCT = MonthHours(standard=18 * 480, worked=20 * 480, holiday=0, credited=20 * 480)     # 16 h over
NOV = MonthHours(standard=21 * 480, worked=19 * 480, holiday=0, credited=19 * 480)     # 16 h under


class TestQuarterSettlement:
    """Comprehensive hours by the quarter: months before the last pay no 150 %; the last month pays the
    quarter's ordinary time over the quarter's standard; a leaver settles in the month they leave."""

    def test_a_months_before_the_last_pay_nothing_over_the_standard(self):
        h = hours_to_pay(employee(), attendance(2026, 11, DAY * 26, days=30, employed=30), QUARTER, CAL, NONE,
                         2026, 11)
        assert (settlement_overtime(h), h.awaiting, hour_warnings("KF100", h)) == (0, "2026-12", [])

    def test_the_last_month_pays_the_quarters_sum(self):
        # Oct 160 − 144 = +16 h, Nov 152 − 168 = −16 h, Dec 208 − 184 = +24 h → the quarter: 520 − 496 = 24 h
        h = hours_to_pay(employee(), attendance(2026, 12, DAY * 26), QUARTER, CAL,
                         closed(("2026-10", OCT), ("2026-11", NOV)), 2026, 12)
        assert settlement_overtime(h) == 24 * 60
        assert h.settlement.months == ("2026-10", "2026-11", "2026-12") and h.settlement.missing == ()
        assert overtime_why(h) == "季度结算（2026-10～2026-12）：计入工时 520 小时 − 标准 496 小时"

    def test_under_the_standard_over_the_quarter_pays_nothing(self):
        h = hours_to_pay(employee(), attendance(2026, 12, DAY * 23), QUARTER, CAL,
                         closed(("2026-10", OCT), ("2026-11", NOV)), 2026, 12)
        assert settlement_overtime(h) == 0       # +16 −16 +0

    def test_a_month_missing_from_the_ledger_is_named(self):
        h = hours_to_pay(employee(), attendance(2026, 12, DAY * 26), QUARTER, CAL, closed(("2026-11", NOV)),
                         2026, 12)
        assert h.settlement.missing == ("2026-10",) and settlement_overtime(h) == 8 * 60     # −16 + 24

    def test_a_leaver_settles_in_the_month_of_leaving(self):
        # leaves 2026-11-20: 15 working days employed in November (2–6, 9–13, 16–20) = 120 h; 17 days worked
        h = hours_to_pay(employee(left=date(2026, 11, 20)), attendance(2026, 11, DAY * 17, days=30, employed=20),
                         QUARTER, CAL, LedgerHistory("2026-11", {}, {}, hours={"KF100": {"2026-10": OCT}}),
                         2026, 11)
        assert h.settlement.leaving and settlement_overtime(h) == (16 + 16) * 60
        assert overtime_why(h).endswith("离职结算")

    def test_the_cap_over_the_quarter_is_the_months_caps_added(self):
        # 36 h × 3 = 108 h: Oct 16 h + Dec 96 h over (Nov on the standard) = 112 h → 4 h over
        nov = MonthHours(standard=21 * 480, worked=21 * 480, holiday=0, credited=21 * 480)
        h = hours_to_pay(employee(), attendance(2026, 12, DAY * 35), QUARTER, CAL,
                         closed(("2026-10", OCT), ("2026-11", nov)), 2026, 12)
        [w] = hour_warnings("KF100", h)
        assert "2026-10～2026-12 合计加班 112 小时" in w.message and "超过上限 108 小时 4 小时" in w.message
