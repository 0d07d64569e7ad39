"""Pay for hours beyond the standard (Labour Law art. 44): which minutes earn 150 %, 200 % and 300 % under
each regime, on the hourly overtime base (monthly ÷ 174, a declared base, never below the minimum wage).

Every expected amount is derived by hand in the comment beside it: monthly × hours × rate ÷ 174, rounded
half-up to the fen once.
"""
from datetime import date
from decimal import Decimal as D

import pytest
from payroll_testkit import policy

from kefu.errors import InputError
from kefu.team import Employee
from kefu.working_time import WorkingTimePolicy
from payroll.attendance import Attendance
from payroll.ledger import LedgerHistory
from payroll.rules.overtime import OvertimeBase, holiday_overtime, overtime, overtime_base, rest_day_overtime
from payroll.working_hours import hours_to_pay, settlement_overtime
from roster.policy import CalendarPolicy

P = policy()
MINIMUM = D(2740)                      # Shanghai from 2025-07 (the example policy)
FIVE = OvertimeBase(D(5000), "基本工资", D(174))
THREE = OvertimeBase(D(3000), "基本工资", D(174))
STANDARD = WorkingTimePolicy()
MONTHLY = WorkingTimePolicy(regime="comprehensive", period="month")
CAL = CalendarPolicy()


def employee(hired=date(2020, 1, 1), left=None) -> Employee:
    return Employee("KF100", "测试", "presale", "P3", "三档", None, hired, None, left, False, None, None,
                    None, None, 2)


def attendance(year, month, worked, leave=()) -> Attendance:
    return Attendance("KF100", year, month, 31, 31, len(worked), 0, 0, len(leave), 0, 0, 0, 0,
                      sum(m for m, _ in worked), {}, (), tuple(worked), tuple(leave))


def pay(wt, year, month, worked, leave=()) -> dict[str, D]:
    """rule_id -> amount for one month at 5,000 a month."""
    h = hours_to_pay(employee(), attendance(year, month, worked, leave), wt, CAL, LedgerHistory("x", {}, {}),
                     year, month)
    lines = (overtime("KF100", settlement_overtime(h), FIVE, P, comprehensive=h.comprehensive)
             + rest_day_overtime("KF100", h.rest_day, FIVE, P) + holiday_overtime("KF100", h.holiday, FIVE, P))
    return {ln.rule_id: ln.amount for ln in lines}


DAY = [(480, False)]
# December 2026: 23 working days (31 days from a Tuesday, no statutory holiday) → standard 184 h.


class TestRestDayOvertime:
    """Standard hours: ordinary time beyond the month's standard is rest-day work, 200 %."""

    @pytest.mark.parametrize("days, expected", [
        (22, {}),                                        # 176 h: below the standard
        (23, {}),                                        # 184 h: on it
        (24, {"rest_day_overtime": D("459.77")}),        # 8 h above: 5000 × 8 × 2 ÷ 174 = 459.770
        (27, {"rest_day_overtime": D("1839.08")}),       # 32 h: 5000 × 32 × 2 ÷ 174 = 1,839.080
    ])
    def test_on_below_above_the_standard(self, days, expected):
        assert pay(STANDARD, 2026, 12, DAY * days) == expected

    def test_leave_days_count_as_attended(self):
        # 22 days worked + leave on Tuesday 1 and Wednesday 2 December = 24 days credited: 8 h of rest-day work
        leave = [date(2026, 12, 1), date(2026, 12, 2)]
        assert pay(STANDARD, 2026, 12, DAY * 22, leave) == {"rest_day_overtime": D("459.77")}

    def test_leave_on_a_rest_day_stands_for_no_working_day(self):
        # Saturday 5 and Sunday 6 December are rest days: leave there is not credited (22 days: below)
        assert pay(STANDARD, 2026, 12, DAY * 22, [date(2026, 12, 5), date(2026, 12, 6)]) == {}
        # a whole month of leave pays no overtime
        assert pay(STANDARD, 2026, 12, [], [date(2026, 12, d) for d in range(1, 32)]) == {}


class TestExtendedHours:
    """Standard hours: time beyond the day's 8 h on an ordinary day is extended hours, 150 %."""

    @pytest.mark.parametrize("minutes, expected", [
        (479, {}),                                       # below the day's hours
        (480, {}),                                       # on them
        (481, {"overtime": D("0.72")}),                  # 1 min: 5000 × 1.5 ÷ 174 ÷ 60 = 0.718
        (600, {"overtime": D("86.21")}),                 # 2 h: 5000 × 2 × 1.5 ÷ 174 = 86.207
    ])
    def test_on_below_above_the_days_hours(self, minutes, expected):
        assert pay(STANDARD, 2026, 12, DAY * 22 + [(minutes, False)]) == expected

    def test_a_long_day_beyond_the_standard_pays_both(self):
        # 23 days, one of 10 h: 2 h extended (86.21); the month's ordinary time is 184 h, no rest-day work
        assert pay(STANDARD, 2026, 12, DAY * 22 + [(600, False)]) == {"overtime": D("86.21")}
        # 24 days, one of 10 h: 2 h extended and 8 h rest-day work
        assert pay(STANDARD, 2026, 12, DAY * 23 + [(600, False)]) == {"overtime": D("86.21"),
                                                                        "rest_day_overtime": D("459.77")}


class TestHolidayOvertime:
    """Either regime: time on a statutory holiday is 300 %, on top of the salary (January 2027: 1 January
    is the statutory holiday; 20 working days, 160 h)."""

    @pytest.mark.parametrize("wt", [STANDARD, MONTHLY], ids=["standard", "comprehensive"])
    @pytest.mark.parametrize("minutes, expected", [
        (0, None),
        (240, D("344.83")),                              # 4 h: 5000 × 4 × 3 ÷ 174 = 344.828
        (480, D("689.66")),                              # 8 h: 5000 × 8 × 3 ÷ 174 = 689.655
    ])
    def test_hours_on_the_holiday(self, wt, minutes, expected):
        worked = DAY * 20 + ([(minutes, True)] if minutes else [])
        assert pay(wt, 2027, 1, worked).get("holiday_overtime") == expected

    def test_holiday_work_is_not_counted_toward_the_standard(self):
        # 20 ordinary days meet the standard exactly; the holiday adds no rest-day or comprehensive time
        assert pay(STANDARD, 2027, 1, DAY * 20 + [(480, True)]) == {"holiday_overtime": D("689.66")}
        assert pay(MONTHLY, 2027, 1, DAY * 20 + [(480, True)]) == {"holiday_overtime": D("689.66")}

    @pytest.mark.parametrize("monthly", [D(3000), D(4000), D(5000)])
    def test_an_eight_hour_day_is_the_old_daily_wage_figure(self, monthly):
        # 174 = 21.75 × 8, so 8 h × monthly ÷ 174 × 3 is exactly 3 daily wages (monthly ÷ 21.75 × 3)
        [line] = holiday_overtime("KF1", 480, OvertimeBase(monthly, "基本工资", D(174)), P)
        assert line.amount == (monthly / D("21.75") * 3).quantize(D("0.01"), rounding="ROUND_HALF_UP")


class TestComprehensiveMonth:
    """Comprehensive hours by the month: ordinary time above the month's standard is 150 %; long days are not
    extended hours and there is no rest-day rate."""

    @pytest.mark.parametrize("worked, expected", [
        (DAY * 22 + [(479, False)], {}),                 # 1 min below 184 h
        (DAY * 23, {}),                                  # on the standard
        (DAY * 22 + [(540, False)], {"overtime": D("43.10")}),   # 1 h above: 5000 × 1.5 ÷ 174 = 43.103
        (DAY * 27, {"overtime": D("1379.31")}),          # 32 h: 5000 × 32 × 1.5 ÷ 174 = 1,379.310
    ])
    def test_on_below_above_the_standard(self, worked, expected):
        assert pay(MONTHLY, 2026, 12, worked) == expected


class TestPartMonth:
    def test_the_standard_counts_the_employed_working_days_only(self):
        # hired Wednesday 2026-12-16: 12 working days employed (16–18, 21–25, 28–31) → standard 96 h; 13 days
        # worked = 8 h of rest-day work
        e = employee(hired=date(2026, 12, 16))
        a = attendance(2026, 12, DAY * 13)
        h = hours_to_pay(e, a, STANDARD, CAL, LedgerHistory("x", {}, {}), 2026, 12)
        # the 36-h cap prorated the same way, by working days: 36 × 12 ÷ 23 = 18.78
        assert (h.standard.working_days, h.rest_day, h.standard.overtime_limit_hours) == (12, 480, D("18.78"))


class TestOvertimeBase:
    def test_the_grade_base_by_default(self):
        assert overtime_base(D(5000), "三档", MINIMUM, P) == FIVE
        assert FIVE.text == "28.74（5,000 ÷ 174）"

    def test_a_declared_base_per_grade(self):
        p = policy(overtime={"declared_base": {"三档": 6000}})
        base = overtime_base(D(5000), "三档", MINIMUM, p)
        assert (base.monthly, base.source) == (D(6000), "申报加班基数")
        assert overtime_base(D(3000), "一档", MINIMUM, p) == THREE          # grades not declared: their base

    @pytest.mark.parametrize("declared, used, source", [
        (2739, D(2740), "最低工资"),                    # below the minimum wage: raised to it
        (2740, D(2740), "申报加班基数"),                # on it
        (2741, D(2741), "申报加班基数"),                # above it
    ])
    def test_never_below_the_minimum_wage(self, declared, used, source):
        base = overtime_base(D(3000), "一档", MINIMUM, policy(overtime={"declared_base": {"一档": declared}}))
        assert (base.monthly, base.source) == (used, source)

    def test_a_declared_base_names_grades_of_the_policy(self):
        with pytest.raises(InputError, match="declared_base"):
            policy(overtime={"declared_base": {"四档": 6000}})


class TestLineInWords:
    def test_rest_day_line(self):
        [line] = rest_day_overtime("KF1", 32 * 60, FIVE, P, why="本月计入工时 216 小时")
        assert line.reason == "休息日加班 32 小时 × 小时工资 28.74（5,000 ÷ 174）× 200 %；本月计入工时 216 小时"
        assert line.amount == D("1839.08")                # 5000 × 32 × 2 ÷ 174 = 1,839.080 (not 32 × 28.74 × 2)

    def test_fractions_of_an_hour(self):
        [line] = overtime("KF1", 90, THREE, P)
        assert line.reason.startswith("延长工作时间加班 1.5 小时 × 小时工资 17.24（3,000 ÷ 174）× 150 %")
        assert line.amount == D("38.79")                  # 3000 × 1.5 × 1.5 ÷ 174 = 38.793


class TestPayIsDue:
    """No switch leaves worked hours unpaid: the rates are policy data with their source, at least 100 %."""

    @pytest.mark.parametrize("table", ["overtime", "rest_day_overtime", "holiday_overtime"])
    def test_enabled_is_not_a_key(self, table):
        with pytest.raises(InputError, match="enabled"):
            policy(**{table: {"enabled": False}})

    def test_a_rate_below_100_percent_is_refused(self):
        with pytest.raises(InputError, match="rest_day_overtime"):
            policy(rest_day_overtime={"rate": 0.5})

    def test_the_shipped_rates(self):
        assert (P.overtime.rate, P.rest_day_overtime.rate, P.holiday_overtime.rate) == (D("1.5"), D(2), D(3))
