"""PayLine and money: Decimal only, half-up to the fen once per line, amounts parsed as users write them."""
from decimal import Decimal as D

import pytest

from payroll.lines import RULES, PayLine
from payroll.money import parse_amount, round_fen
from payroll.statutory import money as statutory_money


@pytest.mark.parametrize("raw, fen", [("0.005", "0.01"), ("0.004", "0.00"), ("-0.005", "-0.01"), ("137.9310", "137.93")])
def test_round_fen_half_up(raw, fen):
    assert round_fen(D(raw)) == D(fen)


def test_statutory_layer_uses_the_same_money():
    assert statutory_money.round_fen is round_fen


def test_payline_rounds_once_and_rejects_floats():
    line = PayLine.of("KF1", "exam", D("49.995"), "x", score=D(80))
    assert line.amount == D("50.00") and line.figures == {"score": D(80)} and line.kind == "reward"
    with pytest.raises(TypeError):
        PayLine("KF1", "exam", 50.0, "x")
    with pytest.raises(ValueError):
        PayLine("KF1", "exam", D("49.995"), "x")


@pytest.mark.parametrize("text, value", [("1,234.50", "1234.50"), ("¥1234", "1234"), ("1234元", "1234"),
                                         (1234.5, "1234.5"), ("  88 ", "88")])
def test_parse_amount(text, value):
    assert parse_amount(text) == D(value)


@pytest.mark.parametrize("text", ["abc", "", "¥", "1.2.3", "nan"])
def test_parse_amount_rejects(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_catalogue_names_every_spec_rule():
    assert {"base_salary", "commission", "duty_allowance", "holiday_overtime", "overtime", "rest_day_overtime", "unpaid_leave",
            "sick_leave", "other_allowance", "other_deduction", "social_insurance", "income_tax", "exam",
            "typing", "items_per_customer", "monthly_summary", "sales_target",
            "late_arrival", "early_leave", "absence",   # issue 30: the clock-in rules
            "partly_paid_leave", "annual_leave_payout",     # leave types, annual leave (issue 30)
            "negative_net_carry", "negative_net_recovery"} == set(RULES)    # a negative net moved (issue 27)
