"""round_fen and friends: half-up to the fen, exact Decimal, floats through their repr."""
from decimal import Decimal as D

import pytest

from payroll.money import round_fen, round_money, round_yuan, to_decimal


@pytest.mark.parametrize("x, expected", [
    (D("184.605"), D("184.61")),    # half goes up (banker's rounding would give 184.60)
    (D("184.6049"), D("184.60")),
    (D("0.005"), D("0.01")),
    (D("0.0049"), D("0.00")),
    (D("-1.005"), D("-1.01")),      # half away from zero
    (2.675, D("2.68")),             # the float 2.675 is 2.67499… in binary; its repr is 2.675
    ("1,234.5", D("1234.50")),
])
def test_round_fen(x, expected):
    assert round_fen(x) == expected and round_fen(x).as_tuple().exponent == -2


@pytest.mark.parametrize("x, expected", [(D("2584.47"), D("2584.00")), (D("2584.50"), D("2585.00"))])
def test_round_yuan(x, expected):
    assert round_yuan(x) == expected


def test_round_money_rejects_unknown_mode():
    with pytest.raises(ValueError, match="jiao"):
        round_money(D("1"), "jiao")


@pytest.mark.parametrize("bad", ["abc", True])
def test_to_decimal_rejects_non_numbers(bad):
    with pytest.raises((ValueError, TypeError)):
        to_decimal(bad)


@pytest.mark.parametrize("x, shown", [
    (D("107.9881656804733727810650888"), "107.99"),   # a completion percentage: 2 decimals
    (D("1.783333333333333333333333333"), "1.78"),     # a shop average
    (D("1.785"), "1.79"),                             # half-up, as money
    (D("26"), "26"), (D("26.00"), "26"),              # whole numbers without decimals
    (D("1.9"), "1.9"), (D("1.90"), "1.9"),            # no trailing zeros
    (D("0.9666666666666666666666666667"), "0.9667"),  # a share below 1 keeps 4 decimals
    (D("0.005"), "0.005"),                            # so a rate is not rounded away
    (D("-12.345"), "-12.35"),
])
def test_fmt_figure_rounds_for_reading(x, shown):
    from payroll.money import fmt_figure
    assert fmt_figure(x) == shown
