"""Employee social insurance and housing fund: Shanghai figures, floor and cap edges, override."""
from dataclasses import replace
from decimal import Decimal as D

import pytest

from payroll.statutory.social_insurance import employee_contributions


@pytest.fixture()
def shanghai(statutory_policy):
    return statutory_policy.period_for("上海", "2024-07")


class TestShanghaiExamples:
    @pytest.mark.parametrize("wage, pension, medical, unemployment, hf, total", [
        # SI base 7,384 (floor); HF base 5,000 (inside 2,690..36,921)
        ("5000", "590.72", "147.68", "36.92", "350.00", "1125.32"),
        ("10000", "800.00", "200.00", "50.00", "700.00", "1750.00"),
        # both bases 36,921 (cap); unemployment 184.605 rounds half-up to 184.61
        ("50000", "2953.68", "738.42", "184.61", "2584.47", "6461.18"),
    ])
    def test_base_equals_wage(self, shanghai, wage, pension, medical, unemployment, hf, total):
        r = employee_contributions(None, D(wage), shanghai)
        assert (r.pension, r.medical, r.unemployment, r.housing_fund, r.total) == (
            D(pension), D(medical), D(unemployment), D(hf), D(total))
        assert r.total == r.pension + r.medical + r.unemployment + r.housing_fund
        assert not r.overridden and r.base_source == "wage"

    def test_the_example_months_use_the_2025_period(self, statutory_policy):
        period = statutory_policy.period_for("上海", "2026-11")
        assert employee_contributions(None, D("10000"), period).total == D("1750.00")


class TestBaseClamp:
    @pytest.mark.parametrize("wage, si_base, hf_base", [
        ("2689.99", "7384", "2690"),        # just below the HF floor
        ("2690", "7384", "2690"),           # on the HF floor
        ("2690.01", "7384", "2690.01"),     # just above it
        ("7383.99", "7384", "7383.99"),     # just below the SI floor
        ("7384", "7384", "7384"),           # on it
        ("7384.01", "7384.01", "7384.01"),  # just above it
        ("36920.99", "36920.99", "36920.99"),
        ("36921", "36921", "36921"),        # on the cap
        ("36921.01", "36921", "36921"),     # just above the cap
    ])
    def test_floor_and_cap(self, shanghai, wage, si_base, hf_base):
        r = employee_contributions(None, D(wage), shanghai)
        assert (r.si_base, r.hf_base) == (D(si_base), D(hf_base))

    @pytest.mark.parametrize("declared, si_base, hf_base", [
        ("7384", "7384", "7384"),           # the common case: the shop declares the floor
        ("3000", "7384", "3000"),           # a declared base below the floor is clamped too
        ("99999", "36921", "36921"),
    ])
    def test_declared_base_wins_over_wage_and_is_clamped(self, shanghai, declared, si_base, hf_base):
        r = employee_contributions(D(declared), D("20000"), shanghai)
        assert (r.si_base, r.hf_base, r.base_source) == (D(si_base), D(hf_base), "declared")

    def test_explanation_shows_the_clamp(self, shanghai):
        text = employee_contributions(None, D("5000"), shanghai).explanation
        assert "社保基数 7,384.00（下限）" in text and "= 1,125.32" in text


class TestRoundingAndFixedAmount:
    def test_yuan_rounding_of_housing_fund(self, shanghai):
        period = shanghai.model_copy(update={"items": shanghai.items.model_copy(
            update={"rounding": shanghai.items.rounding.model_copy(update={"housing_fund": "yuan"})})})
        r = employee_contributions(None, D("50000"), period)
        assert r.housing_fund == D("2584.00") and r.total == D("6460.71")

    def test_medical_fixed_amount_is_added(self, shanghai):
        period = shanghai.model_copy(update={"items": shanghai.items.model_copy(update={"medical_fixed": D("3")})})
        r = employee_contributions(None, D("10000"), period)
        assert r.medical == D("203.00") and r.total == D("1753.00")


class TestOverride:
    def test_hr_total_replaces_the_computation(self, shanghai):
        r = employee_contributions(D("7384"), D("10000"), shanghai, override=D("1234.5"))
        assert r.overridden and r.base_source == "override"
        assert r.total == D("1234.50")
        assert r.pension is None and r.si_base is None
        assert "override" in r.explanation

    def test_zero_override_is_an_override(self, shanghai):
        r = employee_contributions(None, D("10000"), shanghai, override=D("0"))
        assert r.overridden and r.total == D("0.00")

    def test_negative_override_is_refused(self, shanghai):
        with pytest.raises(ValueError, match="negative"):
            employee_contributions(None, D("10000"), shanghai, override=D("-1"))


def test_result_is_immutable(shanghai):
    r = employee_contributions(None, D("10000"), shanghai)
    with pytest.raises(Exception):
        r.total = D("0")
    assert replace(r, total=D("1")).total == D("1")
