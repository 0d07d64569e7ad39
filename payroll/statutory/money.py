"""Money helpers for the statutory layer: re-exported from `payroll.money`, the one definition.

Exact Decimal, half-up rounding in one place; see payroll/money.py.
"""
from payroll.money import FEN, YUAN, ZERO, Rounding, fmt, round_fen, round_money, round_yuan, to_decimal

__all__ = ["FEN", "YUAN", "ZERO", "Rounding", "fmt", "round_fen", "round_money", "round_yuan", "to_decimal"]
