"""Money helpers for the statutory layer: exact Decimal, half-up rounding in one place.

Money never passes through float. A value read from TOML or Excel as a float is converted through
its shortest repr (0.08 -> Decimal("0.08")), so a binary artefact never reaches a pay line.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

FEN = Decimal("0.01")
YUAN = Decimal("1")
ZERO = Decimal("0")

Rounding = Literal["fen", "yuan"]


def to_decimal(value: Decimal | int | float | str) -> Decimal:
    """Exact Decimal from a number or numeric text; floats go through repr, never binary expansion."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not an amount")
    if isinstance(value, (int, float)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


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
