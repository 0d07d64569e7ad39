"""The month calendar: statutory holidays (observed=False, no 调休 swaps), day types, overrides."""
from datetime import date

import pytest

from kefu.calendar import build_days, parse_month, statutory_holidays
from kefu.errors import InputError


class TestStatutoryHolidays:
    def test_national_day_is_three_statutory_days_without_substituted_rest_days(self):
        days = statutory_holidays(2026)
        october = sorted(d for d in days if d.month == 10)
        assert october == [date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)]

    def test_new_year_2027(self):
        assert date(2027, 1, 1) in statutory_holidays(2027)

    def test_december_2026_has_none(self):
        assert not [d for d in build_days(2026, 12) if d.statutory]

    def test_policy_can_add_and_remove(self):
        add, remove = (date(2026, 12, 24),), (date(2026, 10, 3),)
        days = statutory_holidays(2026, add=add, remove=remove)
        assert date(2026, 12, 24) in days and date(2026, 10, 3) not in days


class TestDayTypes:
    def test_promotion_outranks_weekend_and_holiday_outranks_all(self):
        days = {d.date: d for d in build_days(2026, 12, promotion_days=("12-12",))}
        assert days[date(2026, 12, 12)].day_type == "promotion"      # a Saturday
        assert days[date(2026, 12, 13)].day_type == "weekend"
        assert days[date(2026, 12, 14)].day_type == "weekday"
        jan = {d.date: d for d in build_days(2027, 1, promotion_days=("01-01",))}
        assert jan[date(2027, 1, 1)].day_type == "holiday"

    def test_month_length(self):
        assert len(build_days(2027, 2)) == 28 and len(build_days(2028, 2)) == 29


class TestParseMonth:
    @pytest.mark.parametrize("text,expected", [("2026-12", (2026, 12)), ("2026-1", (2026, 1))])
    def test_good(self, text, expected):
        assert parse_month(text) == expected

    @pytest.mark.parametrize("text", ["2026-13", "12-2026", "2026/12", ""])
    def test_bad(self, text):
        with pytest.raises(InputError, match="month must look like"):
            parse_month(text)
