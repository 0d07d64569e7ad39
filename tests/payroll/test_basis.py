"""依据: a pay line's figures in Chinese words, each figure rounded once and the way its reason rounds it."""
from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from payroll.basis import basis_text, has_words

D = Decimal
PAYROLL = Path(__file__).resolve().parents[2] / "payroll"


class TestBasisInWords:
    def test_a_rank_is_said_out_of_the_group(self):
        text = basis_text("exam", {"score": D("94.1"), "rank": 1, "group_size": 16, "threshold": 80})
        assert text == "考试得分 94.1，排名 1/16，门槛 80"

    @pytest.mark.parametrize("average, shown", [
        (D("1.625"), "1.63"),                       # half-up, as money: never 1.62 beside a reason's 1.63
        (D("1.783333333333333333333333333"), "1.78"),
        (D("1.6"), "1.6"),
    ])
    def test_an_average_is_rounded_once_half_up(self, average, shown):
        text = basis_text("items_per_customer", {"items": D("1.55"), "average": average, "scope": "绿源集市店",
                                                 "group_size": 8})
        assert text == f"客件数 1.55，均值 {shown}，范围 绿源集市店，人数 8"

    def test_overtime_in_hours_money_with_separators_and_the_rate_as_the_reason_writes_it(self):
        text = basis_text("rest_day_overtime", {"minutes": 2400, "hours": D(40), "overtime_base": D(5000),
                                                "base_source": "基本工资", "hourly_wage": D(5000) / 174,
                                                "rate": D(2)})
        assert text == "加班 40 小时，计薪基数 5,000.00，基数来源 基本工资，小时工资 28.74，倍率 200 %"

    def test_english_values_are_said_in_chinese_and_unknown_keys_left_to_the_ledger(self):
        assert basis_text("monthly_summary", {"status": "approved"}) == "月总结 委员会通过"
        assert basis_text("other_allowance", {"kpi_row": 7, "flag": True}) == ""

    def test_a_demotion_names_both_levels(self):
        text = basis_text("exam", {"months": ["2026-10", "2026-11", "2026-12"], "pass_mark": 60,
                                   "level_from": "P3", "level_to": "P2"})
        assert text == "月份 2026-10、2026-11、2026-12，及格线 60，等级 P3 → P2"


def _figure_keys() -> set[tuple[str, str]]:
    """(file, key) of every figure a pay rule writes with PayLine.of(..., key=value)."""
    out = set()
    for path in PAYROLL.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "of" \
                    and getattr(node.func.value, "id", "") == "PayLine":
                out |= {(path.name, kw.arg) for kw in node.keywords if kw.arg is not None}
    return out


class TestEveryFigureOfTheFinanceSheetsHasWords:
    # bookkeeping figures the ledger keeps and 奖罚明细 does not need to say
    LEDGER_ONLY = {"kpi_row", "leave"}

    def test_every_figure_key_a_rule_writes_is_said_in_words(self):
        keys = _figure_keys()
        assert len(keys) > 20                                   # the scan finds the rules' figures
        missing = sorted(f"{f}: {k}" for f, k in keys if not has_words(k) and k not in self.LEDGER_ONLY)
        assert missing == []
