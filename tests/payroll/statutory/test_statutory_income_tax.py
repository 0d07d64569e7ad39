"""Cumulative withholding 累计预扣法: bracket edges, the official examples month by month, no refunds."""
from decimal import Decimal as D

import pytest

from payroll.statutory.income_tax import TaxMonthInput, TaxYTD, cumulative_tax, withhold


def run_year(policy, months, wage, special, additional, start_ytd=None, first=1):
    ytd, taxes = start_ytd or TaxYTD(), []
    for n in range(first, first + months):
        r = withhold(n, ytd, TaxMonthInput(D(wage), D(special), D(additional)), policy)
        taxes.append(r.tax_this_month)
        ytd = r.ytd
    return taxes, ytd


class TestBracketEdges:
    @pytest.mark.parametrize("taxable, rate, tax", [
        ("0", "0.03", "0.00"),
        ("35999.99", "0.03", "1080.00"),     # 1,079.9997
        ("36000", "0.03", "1080.00"),        # exactly 36,000 is in the 3 % bracket (不超过)
        ("36000.01", "0.10", "1080.00"),     # 3,600.001 − 2,520
        ("144000", "0.10", "11880.00"),
        ("144000.01", "0.20", "11880.00"),
        ("300000", "0.20", "43080.00"),
        ("300000.01", "0.25", "43080.00"),
        ("420000", "0.25", "73080.00"),
        ("420000.01", "0.30", "73080.00"),
        ("660000", "0.30", "145080.00"),
        ("660000.01", "0.35", "145080.00"),
        ("960000", "0.35", "250080.00"),
        ("960000.01", "0.45", "250080.00"),
        ("1000000", "0.45", "268080.00"),
    ])
    def test_rate_and_tax_on_each_side_of_each_bound(self, statutory_policy, taxable, rate, tax):
        got_tax, got_rate, _ = cumulative_tax(D(taxable), statutory_policy.income_tax)
        assert (got_rate, got_tax) == (D(rate), D(tax))

    @pytest.mark.parametrize("income, rate, tax", [
        ("40999.99", "0.03", "1080.00"),
        ("41000", "0.03", "1080.00"),        # 41,000 − 5,000 = 36,000 exactly
        ("41000.01", "0.10", "1080.00"),
    ])
    def test_first_month_at_the_36000_edge(self, statutory_policy, income, rate, tax):
        r = withhold(1, TaxYTD(), TaxMonthInput(D(income)), statutory_policy)
        assert (r.rate, r.tax_this_month) == (D(rate), D(tax))


class TestOfficialExamples:
    def test_wage_10000_withholds_75_every_month(self, statutory_policy):
        taxes, ytd = run_year(statutory_policy, 12, "10000", "1500", "1000")
        assert taxes == [D("75.00")] * 12
        assert ytd.tax_withheld == D("900.00") and ytd.months == 12

    def test_wage_30000_month_by_month(self, statutory_policy):
        taxes, ytd = run_year(statutory_policy, 12, "30000", "4500", "2000")
        expected = ["555", "625", "1850", "1850", "1850", "1850", "1850", "2250", "3700", "3700", "3700", "3700"]
        assert taxes == [D(x) for x in expected]
        assert ytd.tax_withheld == D("27480.00")
        assert ytd.income == D("360000") and ytd.special_deductions == D("54000")

    def test_result_carries_the_cumulative_figures(self, statutory_policy):
        _, ytd = run_year(statutory_policy, 8, "30000", "4500", "2000")
        r = withhold(9, ytd, TaxMonthInput(D("30000"), D("4500"), D("2000")), statutory_policy)
        assert r.cumulative_taxable_income == D("166500.00")
        assert (r.rate, r.quick_deduction, r.cumulative_tax) == (D("0.20"), D("16920"), D("16380.00"))
        assert r.cumulative_basic_deduction == D("45000")
        assert "本月预扣 3,700.00" in r.explanation


class TestNeverNegative:
    def test_a_low_month_after_a_high_one_withholds_zero(self, statutory_policy):
        jan = withhold(1, TaxYTD(), TaxMonthInput(D("20000")), statutory_policy)
        assert jan.tax_this_month == D("450.00")
        feb = withhold(2, jan.ytd, TaxMonthInput(D("0"), D("1500")), statutory_policy)
        # cumulative taxable 20,000 − 10,000 − 1,500 = 8,500 → 255 < 450 already withheld
        assert feb.cumulative_tax == D("255.00")
        assert feb.tax_this_month == D("0") and feb.not_refunded == D("195.00")
        assert feb.ytd.tax_withheld == D("450.00")
        assert "多扣 195.00 不退" in feb.explanation

    def test_taxable_below_zero_is_zero(self, statutory_policy):
        r = withhold(1, TaxYTD(), TaxMonthInput(D("4000"), D("500")), statutory_policy)
        assert r.cumulative_taxable_income == D("0") and r.tax_this_month == D("0")


class TestMonthsEmployed:
    def test_a_july_hire_gets_one_basic_deduction_in_july(self, statutory_policy):
        r = withhold(1, TaxYTD(), TaxMonthInput(D("10000"), D("1500"), D("1000")), statutory_policy)
        assert r.cumulative_basic_deduction == D("5000") and r.tax_this_month == D("75.00")

    def test_mid_year_adoption_continues_from_the_opening_ytd(self, statutory_policy):
        # the previous system ran January..June of the 30,000 example
        opening = TaxYTD(income=D("180000"), special_deductions=D("27000"), special_additional=D("12000"),
                         months=6, tax_withheld=D("8580"))
        taxes, ytd = run_year(statutory_policy, 6, "30000", "4500", "2000", start_ytd=opening, first=7)
        assert taxes == [D(x) for x in ["1850", "2250", "3700", "3700", "3700", "3700"]]
        assert ytd.tax_withheld == D("27480")

    @pytest.mark.parametrize("n, counted", [(0, 0), (13, 0), (6, 6), (5, 6)])
    def test_month_index_must_advance(self, statutory_policy, n, counted):
        with pytest.raises(ValueError, match="month index"):
            withhold(n, TaxYTD(months=counted), TaxMonthInput(D("10000")), statutory_policy)

    def test_other_deductions_reduce_the_taxable_income(self, statutory_policy):
        r = withhold(1, TaxYTD(), TaxMonthInput(D("10000"), D("1500"), D("1000"), other=D("500")), statutory_policy)
        assert r.cumulative_taxable_income == D("2000") and r.tax_this_month == D("60.00")
