"""Pay lines of the clock-in check (payroll.rules.punctuality): late_arrival and early_leave by tier,
absence at the daily wage, one line per day in words."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from kefu.errors import InputError

from payroll.clock_in import DayCheck
from payroll.rules.punctuality import punctuality_lines
from payroll_testkit import policy

D = Decimal
DAY = date(2026, 11, 3)
# the example policy's tiers, written out here: minutes (inclusive) -> amount
TIERS = ((31, D(-100)), (16, D(-50)), (1, D(-20)))


def day(late=0, early=0, absent=D(0), why="", first=None, last=None, start=9 * 60, end=18 * 60):
    first = start + late if first is None else first
    last = end - early if last is None else last
    return DayCheck("KF001", DAY, "A", start, end, first, last, late, early, absent, why, 5, 0)


def fen(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def expected_tier(minutes: int) -> Decimal:
    return next(amount for at_least, amount in TIERS if minutes >= at_least)


class TestLateArrivalTiers:
    @pytest.mark.parametrize("minutes", [6, 15, 16, 30, 31, 60])
    def test_tier_amounts(self, minutes):
        (line,) = punctuality_lines([day(late=minutes)], D(3000), policy())
        assert (line.rule_id, line.amount) == ("late_arrival", expected_tier(minutes))

    def test_reason_in_words(self):
        (line,) = punctuality_lines([day(late=17)], D(3000), policy())
        assert line.reason == "11-03 迟到 17 分钟（上班 09:00，打卡 09:17，宽限 5 分钟）扣 50.00（16 分钟及以上档）"

    def test_tiers_are_policy(self):
        pol = policy(clock_in={"late_tiers": [{"at_least_minutes": 1, "amount": -5}]})
        (line,) = punctuality_lines([day(late=45)], D(3000), pol)
        assert line.amount == D(-5)


class TestEarlyLeaveTiers:
    @pytest.mark.parametrize("minutes", [1, 15, 16, 31])
    def test_tier_amounts(self, minutes):
        (line,) = punctuality_lines([day(early=minutes)], D(3000), policy())
        assert (line.rule_id, line.amount) == ("early_leave", expected_tier(minutes))

    def test_midnight_end_reads_24_00(self):
        (line,) = punctuality_lines([day(early=20, start=15 * 60, end=24 * 60)], D(3000), policy())
        assert "（下班 24:00，打卡 23:40，宽限 0 分钟）" in line.reason


class TestAbsenceDeduction:
    @pytest.mark.parametrize("monthly, days", [(D(3000), D(1)), (D(4000), D("0.5")), (D(5000), D(1))])
    def test_daily_wage_per_day(self, monthly, days):
        (line,) = punctuality_lines([day(absent=days, why="A 班 09:00–18:00 无打卡", first=None, last=None)],
                                    monthly, policy())
        assert line.rule_id == "absence"
        assert line.amount == (-monthly * days / D("21.75")).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        assert line.reason.startswith(f"11-03 旷工 {days.normalize():f} 天（A 班 09:00–18:00 无打卡）× 日工资")

    def test_nothing_on_a_clean_day(self):
        assert punctuality_lines([day()], D(3000), policy()) == []


class TestPolicyChecks:
    @pytest.mark.parametrize("over, zh", [
        ({"late_tiers": [{"at_least_minutes": 1, "amount": -20}, {"at_least_minutes": 31, "amount": -100}]},
         "从最高档往下写"),
        ({"late_tiers": [{"at_least_minutes": 10, "amount": -20}]}, "没有对应金额"),
        ({"half_day_absent_after_minutes": 300}, "不能大于"),
        ({"missing_punch_absent_days": 0.25}, "0、0.5 或 1"),
        ({"late_tiers": [{"at_least_minutes": 1, "amount": 20}]}, None),     # an amount is a deduction (≤ 0)
        ({"grace": 5}, None),                                                   # unknown key
    ])
    def test_rejected(self, over, zh):
        with pytest.raises(InputError) as err:
            policy(clock_in=over)
        assert "clock_in" in str(err.value)
        if zh:
            assert zh in err.value.zh


class TestAbsenceStopsAtTheBase:
    """21.75 is an average: a month absent throughout deducts the base salary left, not more."""

    def test_capped(self):
        checks = [DayCheck("KF001", date(2026, 11, n), "A", 540, 1080, None, None, 0, 0, D(1), "无打卡", 5, 0)
                  for n in range(1, 27)]
        lines = punctuality_lines(checks, D(3000), policy(), base_left=D(3000))
        assert sum(ln.amount for ln in lines) == D(-3000)
        daily = fen(D(3000) / D("21.75"))
        assert len(lines) == 22 and lines[-1].amount == -(D(3000) - 21 * daily)
        assert "本月基本工资只余" in lines[-1].reason

    def test_not_capped_below_the_base(self):
        checks = [DayCheck("KF001", DAY, "A", 540, 1080, None, None, 0, 0, D(1), "无打卡", 5, 0)]
        (line,) = punctuality_lines(checks, D(3000), policy(), base_left=D(3000))
        assert line.amount == -fen(D(3000) / D("21.75"))
