"""StatutoryPolicy: validation of the [payroll.statutory] table and the effective-dated look-ups."""
import copy
import tomllib
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from payroll.statutory.policy import StatutoryPolicyError, month_start, statutory_policy_from_table

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture()
def raw():
    path = EXAMPLES / "policy.toml"
    return copy.deepcopy(tomllib.loads(path.read_text(encoding="utf-8"))["payroll"]["statutory"])


def first_si(raw):
    return raw["cities"]["上海"]["social_insurance"][0]


class TestPeriodFor:
    @pytest.mark.parametrize("month, start", [
        ("2024-07", date(2024, 7, 1)),    # first month of the 2024 period
        ("2025-06", date(2024, 7, 1)),    # last month of it (end inclusive)
        ("2025-07", date(2025, 7, 1)),    # first month of the next one
        ("2026-11", date(2025, 7, 1)),    # the product's example months
        (date(2026, 12, 31), date(2025, 7, 1)),
    ])
    def test_the_period_covering_the_month(self, statutory_policy, month, start):
        assert statutory_policy.period_for("上海", month).start == start

    def test_the_2024_shanghai_figures(self, statutory_policy):
        p = statutory_policy.period_for("上海", "2024-07")
        assert (p.si_base_floor, p.si_base_cap, p.hf_base_floor, p.hf_base_cap) == (
            D("7384"), D("36921"), D("2690"), D("36921"))
        assert (p.items.pension, p.items.medical, p.items.unemployment, p.items.housing_fund_rate) == (
            D("0.08"), D("0.02"), D("0.005"), D("0.07"))

    def test_no_period_names_city_and_month(self, statutory_policy):
        with pytest.raises(StatutoryPolicyError, match=r"上海.*2024-06"):
            statutory_policy.period_for("上海", "2024-06")

    @pytest.mark.parametrize("alias", ["上海", "上海市", "shanghai", "Shanghai ", None])
    def test_city_aliases_and_default(self, statutory_policy, alias):
        assert statutory_policy.city_name(alias) == "上海"

    def test_unknown_city_is_named(self, statutory_policy):
        with pytest.raises(StatutoryPolicyError, match="杭州"):
            statutory_policy.period_for("杭州", "2026-11")

    def test_bad_month_text(self):
        with pytest.raises(StatutoryPolicyError, match="YYYY-MM"):
            month_start("November")


class TestMinimumWageFor:
    def test_shanghai_from_2025_07(self, statutory_policy):
        mw = statutory_policy.minimum_wage_for("上海", "2025-07")
        assert mw.monthly == D("2740") and mw.includes_social_insurance is False

    def test_before_the_first_period_is_an_error(self, statutory_policy):
        with pytest.raises(StatutoryPolicyError, match=r"minimum wage.*2025-06"):
            statutory_policy.minimum_wage_for("上海", "2025-06")


class TestValidation:
    def test_shipped_policy_loads(self, raw):
        policy = statutory_policy_from_table(raw)
        assert policy.fault_deduction_cap_ratio == D("0.20")
        assert policy.paid_days_per_month == D("21.75")

    @pytest.mark.parametrize("key", ["standard_monthly_hours", "overtime_limit_monthly_hours"])
    def test_working_time_keys_are_not_statutory_keys(self, raw, key):
        # the hourly wage's 174 h is [payroll.wage]'s, the 36 h cap is [working_time]'s: one place each
        raw[key] = 36
        with pytest.raises(StatutoryPolicyError, match=f"unknown key '{key}'"):
            statutory_policy_from_table(raw)

    def test_unknown_key_is_rejected_with_its_table(self, raw):
        first_si(raw)["items"]["pension_rate"] = 0.08
        with pytest.raises(StatutoryPolicyError,
                           match=r"payroll\.statutory\.cities\.上海\.social_insurance\[0\]\.items: unknown key 'pension_rate'"):
            statutory_policy_from_table(raw)

    def test_missing_key_is_named(self, raw):
        del raw["income_tax"]["basic_deduction_monthly"]
        with pytest.raises(StatutoryPolicyError, match="missing key 'basic_deduction_monthly'"):
            statutory_policy_from_table(raw)

    @pytest.mark.parametrize("rate, ok", [
        (0.049, False), (0.05, True), (0.07, True), (0.12, True), (0.121, False),
    ])
    def test_housing_fund_rate_between_5_and_12_percent(self, raw, rate, ok):
        first_si(raw)["items"]["housing_fund_rate"] = rate
        if ok:
            assert statutory_policy_from_table(raw).period_for("上海", "2024-07").items.housing_fund_rate == D(str(rate))
        else:
            with pytest.raises(StatutoryPolicyError, match="housing_fund_rate"):
                statutory_policy_from_table(raw)

    def test_floats_are_read_exactly(self, raw):
        assert statutory_policy_from_table(raw).period_for("上海", "2024-07").items.unemployment == D("0.005")

    def test_overlapping_periods_are_rejected(self, raw):
        first_si(raw)["end"] = date(2025, 7, 1)
        with pytest.raises(StatutoryPolicyError, match="overlap"):
            statutory_policy_from_table(raw)

    def test_floor_above_cap_is_rejected(self, raw):
        first_si(raw)["si_base_floor"] = 40000
        with pytest.raises(StatutoryPolicyError, match="si_base_floor"):
            statutory_policy_from_table(raw)

    def test_unknown_rounding_mode_is_rejected(self, raw):
        first_si(raw)["items"]["rounding"]["housing_fund"] = "jiao"
        with pytest.raises(StatutoryPolicyError, match="housing_fund"):
            statutory_policy_from_table(raw)

    def test_quick_deduction_typo_is_caught(self, raw):
        raw["income_tax"]["brackets"][2]["quick_deduction"] = 16902
        with pytest.raises(StatutoryPolicyError, match="bracket 3 quick_deduction 16902 should be 16920"):
            statutory_policy_from_table(raw)

    def test_last_bracket_must_be_open(self, raw):
        raw["income_tax"]["brackets"][-1]["up_to"] = 2000000
        with pytest.raises(StatutoryPolicyError, match="last bracket"):
            statutory_policy_from_table(raw)

    def test_default_city_must_exist(self, raw):
        raw["default_city"] = "北京"
        with pytest.raises(StatutoryPolicyError, match="北京"):
            statutory_policy_from_table(raw)


class TestFaultCapRatio:
    def test_national_default(self, statutory_policy):
        assert statutory_policy.fault_cap_ratio_for("上海") == D("0.20")

    def test_a_city_may_set_its_own(self, raw):
        raw["cities"]["上海"]["fault_deduction_cap_ratio"] = 0.30
        assert statutory_policy_from_table(raw).fault_cap_ratio_for("上海") == D("0.30")

    @pytest.mark.parametrize("ratio", [0, 1.01, -0.2])
    def test_ratio_must_be_a_fraction(self, raw, ratio):
        raw["fault_deduction_cap_ratio"] = ratio
        with pytest.raises(StatutoryPolicyError, match="fault_deduction_cap_ratio"):
            statutory_policy_from_table(raw)


class TestFiguresNeverCarriedForwardSilently:
    """A social-insurance period that may not hold the official figures for a month says so (a notice on
    every run): when the policy marks it provisional, or when an open-ended period is a year old or more
    (bases are republished every year)."""

    def test_shipped_example_months_are_flagged_provisional(self, statutory_policy):
        notice = statutory_policy.period_notice("上海", "2026-11")
        assert "2025-07-01" in notice and "标为暂定" in notice and "距开始已 16 个月" in notice
        assert "待核对" in notice                                   # the policy's own note

    def test_a_closed_official_period_is_silent(self, statutory_policy):
        assert statutory_policy.period_notice("上海", "2025-06") is None

    @pytest.mark.parametrize("month, flagged", [
        ("2026-05", False),     # 10 months after 2025-07-01
        ("2026-06", False),     # 11 months: just below a year
        ("2026-07", True),      # 12 months: on it, the next year's bases are due
        ("2026-08", True),      # 13 months
    ])
    def test_an_open_period_is_flagged_from_a_year_after_its_start(self, raw, month, flagged):
        later = raw["cities"]["上海"]["social_insurance"][1]
        del later["provisional"], later["note"]
        notice = statutory_policy_from_table(raw).period_notice("上海", month)
        assert (notice is not None) is flagged
        if flagged:
            assert "未设结束日期" in notice and "暂定" not in notice

    def test_a_provisional_period_is_flagged_from_its_first_month(self, raw):
        later = raw["cities"]["上海"]["social_insurance"][1]
        later["end"] = date(2026, 6, 30)
        notice = statutory_policy_from_table(raw).period_notice("上海", "2025-07")
        assert "标为暂定" in notice and "未设结束日期" not in notice

    def test_the_contribution_line_says_provisional(self, statutory_policy):
        from payroll.statutory.social_insurance import employee_contributions
        text = employee_contributions(None, D("5000"), statutory_policy.period_for("上海", "2026-11")).explanation
        assert "（2025-07-01 起，暂定）" in text
        official = employee_contributions(None, D("5000"), statutory_policy.period_for("上海", "2024-11")).explanation
        assert "暂定" not in official


class TestSickPayMinimumRatio:
    def test_shipped_80_percent(self, statutory_policy):
        assert statutory_policy.sick_pay_minimum_ratio == D("0.80")

    @pytest.mark.parametrize("ratio", [0, 1.2])
    def test_must_be_a_fraction(self, raw, ratio):
        raw["sick_pay_minimum_ratio"] = ratio
        with pytest.raises(StatutoryPolicyError, match="sick_pay_minimum_ratio"):
            statutory_policy_from_table(raw)
