"""Guards: fault deductions capped at a ratio of the wage; pay not below the local minimum wage."""
from decimal import Decimal as D

import pytest

from payroll.statutory.guards import cap_fault_deductions, minimum_wage_guard, minimum_wage_share
from payroll.statutory.policy import MinimumWagePeriod


class TestFaultDeductionCap:
    @pytest.mark.parametrize("wage, faults, carried_in, ratio, applied, carried_out, fired", [
        ("3000", "599.99", "0", "0.20", "599.99", "0", False),    # just below the cap
        ("3000", "600", "0", "0.20", "600", "0", False),          # exactly the cap: allowed
        ("3000", "600.01", "0", "0.20", "600.00", "0.01", True),  # just above: excess carried
        ("3000", "400", "300", "0.20", "600.00", "100", True),    # carried-in counts toward the cap
        ("3000", "0", "250", "0.20", "250", "0", False),          # a carry-over is used up
        ("3000", "850", "0", "0.30", "850", "0", False),          # a city with a 30 % cap
        ("3000", "900.01", "0", "0.30", "900.00", "0.01", True),
        ("0", "100", "0", "0.20", "0.00", "100", True),           # no wage, nothing deducted
    ])
    def test_cap_edges(self, wage, faults, carried_in, ratio, applied, carried_out, fired):
        r = cap_fault_deductions(D(wage), D(faults), D(carried_in), D(ratio))
        assert (r.applied, r.carried_out, r.fired) == (D(applied), D(carried_out), fired)
        assert r.applied + r.carried_out == D(faults) + D(carried_in)
        assert (r.warning is not None) == fired

    def test_warning_shows_the_figures(self, statutory_policy):
        r = cap_fault_deductions(D("3000"), D("700"), D("0"), statutory_policy.fault_cap_ratio_for("上海"))
        assert r.warning.rule_id == "fault_deduction_cap"
        for figure in ("700.00", "20%", "3,000.00", "本月扣 600.00", "100.00 结转下月"):
            assert figure in r.warning.message

    def test_negative_input_is_refused(self):
        with pytest.raises(ValueError):
            cap_fault_deductions(D("3000"), D("-1"), D("0"), D("0.2"))


def minimum(monthly="2740", includes=False):
    return MinimumWagePeriod(start="2025-07-01", monthly=D(monthly), includes_social_insurance=includes)


class TestMinimumWage:
    @pytest.mark.parametrize("pay, si, includes, shortfall", [
        # Shanghai: SI/HF come on top of the minimum, so they are taken off before comparing
        ("3865.32", "1125.32", False, "0"),         # 2,740.00 exactly: not below
        ("3865.31", "1125.32", False, "0.01"),      # 2,739.99: one fen short
        ("3865.33", "1125.32", False, "0"),
        # a city whose minimum includes SI/HF compares the pay before them
        ("2740", "1125.32", True, "0"),
        ("2739.99", "1125.32", True, "0.01"),
        ("2740.01", "1125.32", True, "0"),
    ])
    def test_edges(self, pay, si, includes, shortfall):
        r = minimum_wage_guard(D(pay), D(si), minimum(includes=includes), "top_up")
        assert r.shortfall == D(shortfall) and r.top_up == D(shortfall)
        assert r.fired == (D(shortfall) > 0) and (r.warning is not None) == r.fired

    def test_shipped_shanghai_minimum_excludes_si(self, statutory_policy):
        mw = statutory_policy.minimum_wage_for("上海", "2026-11")
        r = minimum_wage_guard(D("3000"), D("1125.32"), mw, statutory_policy.minimum_wage_action)
        assert r.compared == D("1874.68") and r.top_up == D("865.32")
        assert r.warning.rule_id == "minimum_wage"
        assert "1,874.68" in r.message and "2,740.00" in r.message and "865.32" in r.message

    def test_warn_only_reports_the_shortfall(self):
        r = minimum_wage_guard(D("2000"), D("0"), minimum(includes=True), "warn")
        assert r.fired and r.shortfall == D("740.00") and r.top_up == D("0")
        assert "未补足" in r.warning.message

    def test_overtime_pay_does_not_count_toward_the_minimum(self):
        r = minimum_wage_guard(D("3000"), D("0"), minimum(includes=True), "top_up", excluded_pay=D("500"))
        assert r.compared == D("2500.00") and r.top_up == D("240.00")

    @pytest.mark.parametrize("share, floor, fired", [("0.5", "1370.00", False), ("0.51", "1397.40", True)])
    def test_part_month_prorates_the_minimum(self, share, floor, fired):
        r = minimum_wage_guard(D("1370"), D("0"), minimum(includes=True), "top_up", share_of_month=D(share))
        assert r.minimum == D(floor) and r.fired is fired

    def test_share_must_be_a_fraction(self):
        with pytest.raises(ValueError, match="share_of_month"):
            minimum_wage_guard(D("1"), D("0"), minimum(), "warn", share_of_month=D("1.5"))


class TestMinimumWageShare:
    """The minimum applies to the normal hours due: part months as the base is prorated, a 事假 day takes
    1 ÷ 21.75 off (as the leave deduction does), a sick day (1 − 80 %) ÷ 21.75 (劳部发〔1995〕309号 §59)."""

    @pytest.mark.parametrize("employed, pl, sl, share", [
        ("1", 0, 0, "21.75"),
        ("1", 1, 0, "20.75"),                   # 1 − 1/21.75 = 20.75/21.75
        ("1", 0, 1, "21.55"),                    # 1 − 0.2/21.75 = 21.55/21.75
        ("1", 2, 1, "19.55"),                    # 1 − 2/21.75 − 0.2/21.75
        ("0.5", 1, 0, "9.875"),                  # half a month employed: 0.5 − 1/21.75 = 9.875/21.75
        ("1", 21.75, 0, "0"),                    # a whole month of unpaid leave: no minimum
        ("1", 23, 0, "0"),                       # more leave days than paid days: still 0, never negative
    ])
    def test_share(self, employed, pl, sl, share):
        got, _ = minimum_wage_share(D(employed), "在职", D(str(pl)), D(sl), D("21.75"), D("0.80"))
        assert abs(got - D(share) / D("21.75")) < D("1e-20")     # exact up to Decimal's 28 digits

    def test_text_names_each_part_in_readable_figures(self):
        _, text = minimum_wage_share(D(29) / D(30), "在职 29/30 天", 1, 1, D("21.75"), D("0.80"))
        assert text == "在职 29/30 天 − 事假 1 天 ÷ 21.75 − 病假 1 天 × (1 − 80%) ÷ 21.75"

    def test_guard_message_shows_the_derivation_not_a_long_decimal(self):
        share, text = minimum_wage_share(D(1), "在职 30/30 天", 1, 0, D("21.75"), D("0.80"))
        r = minimum_wage_guard(D("2852.07"), D("985.32"), minimum(), "top_up", share_of_month=share,
                               share_text=text)
        # 2,740 × 20.75 / 21.75 = 2,614.0230 → 2,614.02; 2,852.07 − 985.32 = 1,866.75; short 747.27
        assert (r.minimum, r.compared, r.top_up) == (D("2614.02"), D("1866.75"), D("747.27"))
        assert "2,740.00 × (在职 30/30 天 − 事假 1 天 ÷ 21.75)" in r.message
        assert "0.95" not in r.message and "0.9540" not in r.message
