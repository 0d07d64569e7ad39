"""The working-time regime and the standard hours it derives from the calendar (kefu.working_time)."""
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kefu.calendar import working_days
from kefu.errors import InputError
from kefu.working_time import (WorkingTimePolicy, month_hours, month_standard, period_months, period_over_standard,
                               yearly_average)
from roster.policy import load_policy

EXAMPLE = Path(__file__).parents[2] / "examples" / "policy.toml"


class TestWorkingDays:
    def test_a_month_without_holidays_counts_monday_to_friday(self):
        days = working_days(2026, 12)
        assert len(days) == 23
        assert all(d.weekday() < 5 for d in days)

    def test_a_statutory_holiday_is_not_a_working_day(self):
        assert date(2027, 1, 1) not in working_days(2027, 1)
        assert len(working_days(2027, 1)) == 20

    def test_tiaoxiu_swaps_are_counted_as_the_state_council_sets_them(self):
        october = working_days(2026, 10)
        assert date(2026, 10, 10) in october            # a Saturday made a working day
        assert date(2026, 10, 6) not in october         # a Tuesday made a rest day
        assert date(2026, 10, 5) not in october         # the Saturday holiday (10-03) rested on Monday
        assert len(october) == 18                       # 国庆 10-01..07 off, 09-20 and 10-10 worked
        assert date(2026, 4, 6) not in working_days(2026, 4)   # 清明 04-05 (a Sunday) rested on Monday
        assert date(2026, 9, 20) in working_days(2026, 9)

    def test_the_policy_can_remove_a_statutory_holiday(self):
        assert date(2027, 1, 1) in working_days(2027, 1, remove=(date(2027, 1, 1),))


class TestMonthStandard:
    def test_hours_are_working_days_times_hours_a_day(self):
        s = month_standard(WorkingTimePolicy(), 2026, 12)
        assert (s.working_days, s.hours, s.overtime_limit_hours) == (23, Decimal(184), Decimal(36))

    def test_a_part_month_counts_only_employed_working_days_and_prorates_the_cap(self):
        s = month_standard(WorkingTimePolicy(), 2026, 12, employed=(date(2026, 12, 16), date(2026, 12, 31)))
        assert s.working_days == 12 and s.hours == Decimal(96)
        assert s.overtime_limit_hours == Decimal("18.78")      # 36 × 12 / 23

    def test_the_yearly_average_is_the_notices_count_over_twelve_months(self):
        days, hours = yearly_average(WorkingTimePolicy(), 2026)
        total = sum(len(working_days(2026, m)) for m in range(1, 13))
        assert days == (Decimal(total) / 12).quantize(Decimal("0.01"))
        assert hours == (Decimal(total) * 8 / 12).quantize(Decimal("0.01"))


class TestPeriod:
    def test_standard_hours_settle_each_month(self):
        assert period_months(WorkingTimePolicy(regime="standard", period="year"), 2026, 5) == [(2026, 5)]

    @pytest.mark.parametrize("period, month, first, n", [("month", 5, 5, 1), ("quarter", 5, 4, 3),
                                                         ("quarter", 12, 10, 3), ("year", 7, 1, 12)])
    def test_comprehensive_periods(self, period, month, first, n):
        months = period_months(WorkingTimePolicy(regime="comprehensive", period=period), 2026, month)
        assert months == [(2026, m) for m in range(first, first + n)]


class TestPolicyTable:
    def test_the_example_policy_names_its_regime(self):
        wt = load_policy(EXAMPLE).working_time
        assert wt.regime == "standard" and wt.name == "标准工时制"

    def test_an_unknown_regime_is_named(self, tmp_path):
        text = EXAMPLE.read_text(encoding="utf-8").replace('regime = "standard"', 'regime = "flexible"')
        path = tmp_path / "policy.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=r"working_time\.regime"):
            load_policy(path)


class TestMonthHours:
    STANDARD = month_standard(WorkingTimePolicy(), 2026, 12)          # 23 days, 184 h

    def test_standard_hours_rest_day_work_is_ordinary_time_beyond_the_standard(self):
        h = month_hours(WorkingTimePolicy(), self.STANDARD, [(480, False)] * 27)
        assert (h.rest_day, h.extended, h.holiday, h.overtime) == (4 * 480, 0, 0, 4 * 480)

    def test_at_and_below_the_standard_there_is_no_overtime(self):
        assert month_hours(WorkingTimePolicy(), self.STANDARD, [(480, False)] * 23).overtime == 0
        assert month_hours(WorkingTimePolicy(), self.STANDARD, [(480, False)] * 22).overtime == 0

    def test_a_long_day_is_extended_time_not_rest_day_time(self):
        h = month_hours(WorkingTimePolicy(), self.STANDARD, [(600, False)] + [(480, False)] * 22)
        assert (h.extended, h.rest_day) == (120, 0)

    def test_leave_counts_as_attended(self):
        h = month_hours(WorkingTimePolicy(), self.STANDARD, [(480, False)] * 22, leave_days=3)
        assert h.rest_day == 2 * 480

    def test_holiday_time_is_its_own_part(self):
        h = month_hours(WorkingTimePolicy(), self.STANDARD, [(480, True)] + [(480, False)] * 23)
        assert (h.holiday, h.rest_day, h.overtime) == (480, 0, 480)

    def test_comprehensive_hours_count_all_ordinary_time_above_the_standard(self):
        wt = WorkingTimePolicy(regime="comprehensive")
        h = month_hours(wt, self.STANDARD, [(600, False)] * 20)
        assert (h.over_standard, h.extended, h.rest_day) == (20 * 600 - 184 * 60, 0, 0)

    def test_a_quarter_settles_the_periods_sum(self):
        wt = WorkingTimePolicy(regime="comprehensive", period="quarter")
        months = [month_hours(wt, self.STANDARD, [(480, False)] * n) for n in (27, 19, 23)]
        assert period_over_standard(months) == 0
        assert period_over_standard(months[:1]) == 4 * 480
