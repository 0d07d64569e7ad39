"""Money for the whole payroll package: exact Decimal, rounded half-up to the fen in one place.

Money never passes through float. A value read from TOML or Excel as a float is converted through
its shortest repr (0.08 -> Decimal("0.08")), so a binary artefact never reaches a pay line.
`payroll.statutory.money` re-exports these names; this module is the single definition.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

FEN = Decimal("0.01")
YUAN = Decimal("1")
ZERO = Decimal("0")
HUNDRED = Decimal("100")

Rounding = Literal["fen", "yuan"]

# Thousands separators and currency marks people type into amount cells: "¥1,234.50", "1 234元".
_AMOUNT_NOISE = re.compile(r"[,\s¥￥元]|^RMB|^CNY", re.IGNORECASE)


def to_decimal(value: Decimal | int | float | str) -> Decimal:
    """Exact Decimal from a number or numeric text; floats go through repr, never binary expansion."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not an amount")
    if isinstance(value, (int, float)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    try:
        out = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not out.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return out


def parse_amount(value: Decimal | int | float | str) -> Decimal:
    """An amount as a user writes it (1234.5, "1,234.50", "¥1234", "1234元"); ValueError otherwise."""
    if isinstance(value, str):
        text = _AMOUNT_NOISE.sub("", value.strip())
        if not text:
            raise ValueError(f"not an amount: {value!r}")
        try:
            return to_decimal(text)
        except ValueError:
            raise ValueError(f"not an amount: {value!r}") from None
    try:
        return to_decimal(value)
    except (TypeError, ValueError):
        raise ValueError(f"not an amount: {value!r}") from None


def round_fen(x: Decimal | int | float | str) -> Decimal:
    """Round half-up to the fen (0.01 yuan): the one rounding rule for money lines."""
    return to_decimal(x).quantize(FEN, rounding=ROUND_HALF_UP)


def round_yuan(x: Decimal | int | float | str) -> Decimal:
    """Round half-up to the whole yuan, kept with two decimals (some funds round contributions so)."""
    return to_decimal(x).quantize(YUAN, rounding=ROUND_HALF_UP).quantize(FEN)


def round_money(x: Decimal, mode: Rounding) -> Decimal:
    """Round by a policy rounding mode: "fen" or "yuan", both half-up."""
    if mode == "fen":
        return round_fen(x)
    if mode == "yuan":
        return round_yuan(x)
    raise ValueError(f"unknown rounding mode {mode!r} (expected 'fen' or 'yuan')")


def fmt(x: Decimal) -> str:
    """Amount as text for messages: thousands separators, two decimals (7,384.00)."""
    return f"{round_fen(x):,.2f}"


def fmt_figure(x: Decimal | int | float | str) -> str:
    """A figure shown to people (a rate, an average, a share): exact values stay in the ledger, the text
    holds 2 decimals (4 below 1, so 0.005 stays 0.005), trailing zeros dropped: 107.99, 1.78, 26, 0.9667."""
    d = to_decimal(x)
    if d == d.to_integral_value():
        return f"{d.quantize(YUAN):f}"
    places = FEN if abs(d) >= 1 else Decimal("0.0001")
    shown = d.quantize(places, rounding=ROUND_HALF_UP).normalize()
    return f"{shown:f}"


def fmt_pct(x: Decimal) -> str:
    """A percent number (95 means 95 %) as text for reasons: 95 %, 62.5 %."""
    return f"{to_decimal(x).normalize():f} %"
