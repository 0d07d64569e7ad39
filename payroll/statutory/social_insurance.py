"""Employee social insurance and housing fund for one month (社会保险法, 住房公积金管理条例).

Each contribution is the base times the city's employee rate, rounded by the period's rule. The
base is the declared base (社保基数) when HR gives one, else the monthly wage, and is clamped to the
city's floor and cap — social insurance and housing fund separately, since their ranges differ.
HR may instead give the month's total directly (社保公积金个人); it is then recorded as an override.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from payroll.money import ZERO, fmt, round_fen, round_money
from payroll.statutory.policy import SIPeriod

RULE_ID = "social_insurance"


@dataclass(frozen=True)
class SIResult:
    """The employee's contributions for a month; items are None when HR overrode the total."""

    pension: Decimal | None
    medical: Decimal | None
    unemployment: Decimal | None
    housing_fund: Decimal | None
    si_base: Decimal | None
    hf_base: Decimal | None
    total: Decimal
    overridden: bool
    base_source: str  # "declared", "wage" or "override"
    explanation: str
    rule_id: str = RULE_ID


def clamp_base(base: Decimal, floor: Decimal, cap: Decimal) -> Decimal:
    """A contribution base held inside the city's floor and cap (both inclusive)."""
    return min(max(base, floor), cap)


def contribution(base: Decimal, rate: Decimal, rounding: str) -> Decimal:
    """One item: base × rate, rounded half-up by the item's rule ("fen" or "yuan")."""
    return round_money(base * rate, rounding)


def employee_contributions(base_declared: Decimal | None, monthly_wage: Decimal, period: SIPeriod,
                           override: Decimal | None = None) -> SIResult:
    """Employee pension, medical, unemployment and housing fund for one month of `period`.

    `override` is the month's total given by HR; it replaces the computation and is marked so.
    """
    if override is not None:
        if override < ZERO:
            raise ValueError(f"social insurance override {override} is negative")
        total = round_fen(override)
        return SIResult(None, None, None, None, None, None, total, True, "override",
                        f"社保公积金个人部分 {fmt(total)}，按人事填写 (override)")
    if monthly_wage < ZERO or (base_declared is not None and base_declared < ZERO):
        raise ValueError("contribution base and wage must not be negative")

    source = "wage" if base_declared is None else "declared"
    raw = monthly_wage if base_declared is None else base_declared
    si_base = clamp_base(raw, period.si_base_floor, period.si_base_cap)
    hf_base = clamp_base(raw, period.hf_base_floor, period.hf_base_cap)
    items, rounding = period.items, period.items.rounding

    pension = contribution(si_base, items.pension, rounding.pension)
    medical = contribution(si_base, items.medical, rounding.medical) + round_fen(items.medical_fixed)
    unemployment = contribution(si_base, items.unemployment, rounding.unemployment)
    housing_fund = contribution(hf_base, items.housing_fund_rate, rounding.housing_fund)
    total = pension + medical + unemployment + housing_fund

    explanation = (
        f"{'工资' if source == 'wage' else '申报'}基数 {fmt(raw)} → 社保基数 {fmt(si_base)}{_clamp_note(raw, si_base)}，"
        f"公积金基数 {fmt(hf_base)}{_clamp_note(raw, hf_base)}（{period.start} 起{'，暂定' if period.provisional else ''}）："
        f"养老 {fmt(pension)} + "
        f"医疗 {fmt(medical)} + 失业 {fmt(unemployment)} + 公积金 {fmt(housing_fund)} = {fmt(total)}")
    return SIResult(pension, medical, unemployment, housing_fund, si_base, hf_base, total, False,
                    source, explanation)


def _clamp_note(raw: Decimal, used: Decimal) -> str:
    if used > raw:
        return "（下限）"
    if used < raw:
        return "（上限）"
    return ""
