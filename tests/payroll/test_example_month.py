"""The README's example month through the real command: examples/team.xlsx, policy.toml, kpi-2026-11.xlsx
and roster-2026-11.csv → payroll-2026-11.xlsx, .csv and -lines.csv, then everything read back.

What must hold for every employee of the shipped example (issues 3 and 4): the lines sum to the register's
net; net = 应发 − 社保公积金 − 个税 − 税后扣款; the totals row is the sum of the rows to the fen; the workbook,
read back with openpyxl, holds the CSV's numbers; nothing shown to people carries a long raw decimal.
A few rows are derived by hand (figures in the comments) rather than copied from the program.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from payroll.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = Decimal
LONG_DECIMAL = re.compile(r"\d\.\d{5,}")      # 107.98816..., 0.96666...: never shown to people


def money(v) -> Decimal:
    return D(str(v)).quantize(D("0.01"))


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("example") / "out"
    res = CliRunner().invoke(main, [
        "run", "--team", str(EXAMPLES / "team.xlsx"), "--policy", str(EXAMPLES / "policy.toml"),
        "--kpi", str(EXAMPLES / "kpi-2026-11.xlsx"), "--attendance", str(EXAMPLES / "roster-2026-11.csv"),
        "--month", "2026-11", "--out", str(out), "--db", str(out / "payroll-ledger.sqlite")],
        catch_exceptions=False)
    assert res.exit_code == 0, res.output
    with open(out / "payroll-2026-11.csv", encoding="utf-8-sig") as fh:
        register = {r["employee_id"]: r for r in csv.DictReader(fh)}
    with open(out / "payroll-2026-11-lines.csv", encoding="utf-8-sig") as fh:
        lines = list(csv.DictReader(fh))
    return res, out, register, lines


def test_writes_the_three_files_for_the_29_employed(example):
    res, out, register, _ = example
    assert {p.name for p in out.iterdir()} >= {"payroll-2026-11.xlsx", "payroll-2026-11.csv",
                                               "payroll-2026-11-lines.csv"}
    assert len(register) == 29 and "KF021" not in register       # hired 2026-12-14


def test_every_row_adds_up(example):
    _, _, register, lines = example
    net = defaultdict(Decimal)
    for ln in lines:
        assert re.fullmatch(r"-?\d+\.\d\d", ln["amount"]), ln
        net[ln["employee_id"]] += D(ln["amount"])
    for eid, r in register.items():
        assert net[eid] == D(r["net"]), eid
        assert D(r["gross"]) - D(r["social_insurance"]) - D(r["income_tax"]) - D(r["after_tax_deductions"]) \
            == D(r["net"]), eid
        assert sum(D(r[k]) for k in ("pension", "medical", "unemployment", "housing_fund")) == \
            D(r["social_insurance"]), eid


def test_hand_derived_rows(example):
    _, _, register, lines = example
    # November 2026 has 21 working days (30 days from a Sunday, no statutory holiday): standard 168 h.
    # The example roster is lawful: 5 rest days each (roster solve's lawful_extra), so KF001 主管 三档 works
    # 25 eight-hour days: 200 − 168 = 32 h of rest-day work, 5,000 × 32 × 2 ÷ 174 = 1,839.08; + 其他补贴 300
    # → 7,139.08. SI on the 7,384 floor: 590.72 + 147.68 + 36.92; HF 5,000 × 7 % = 350 → 1,125.32. Taxable
    # 7,139.08 − 5,000 − 1,125.32 = 1,013.76 × 3 % = 30.41. Net 7,139.08 − 1,125.32 − 30.41 = 5,983.35.
    kf001 = register["KF001"]
    assert [D(kf001[k]) for k in ("gross", "social_insurance", "income_tax", "net")] == \
        [D("7139.08"), D("1125.32"), D("30.41"), D("5983.35")]
    # KF013 二档 4,000, one day of 事假 on a working day (4,000 ÷ 21.75 = 183.91), 客件数 1.65 below the Tmall
    # shop's average (−10). 24 days worked + the day of leave (a Friday) = 25 days credited: 32 h of rest-day
    # work, 4,000 × 32 × 2 ÷ 174 = 1,471.26. Gross 4,000 − 183.91 − 10 + 1,471.26 = 5,277.35. SI 590.72 +
    # 147.68 + 36.92 + HF 280 = 1,055.32. Shanghai's minimum excludes SI/HF and overtime pay (最低工资规定
    # art. 12) and applies to the hours due: 4,000 − 183.91 − 10 − 1,055.32 = 2,750.77 ≥ 2,740 × (1 − 1/21.75)
    # = 2,614.02, no top-up. Taxable 5,277.35 − 5,000 − 1,055.32 < 0: no tax. Net 5,277.35 − 1,055.32 = 4,222.03.
    kf013 = {ln["rule_id"]: D(ln["amount"]) for ln in lines if ln["employee_id"] == "KF013"}
    assert kf013["unpaid_leave"] == D("-183.91") and "minimum_wage" not in kf013
    assert kf013["rest_day_overtime"] == D("1471.26")
    assert [D(register["KF013"][k]) for k in ("gross", "social_insurance", "income_tax", "net")] == \
        [D("5277.35"), D("1055.32"), D("0.00"), D("4222.03")]
    # KF003 declares the SI floor as her base: the housing fund is on 7,384 too (7 % = 516.88 → 1,292.20).
    assert D(register["KF003"]["housing_fund"]) == D("516.88") and D(register["KF003"]["social_insurance"]) == \
        D("1292.20")
    # KF018: 其他扣款 50 is after tax — not in 应发, shown as the after-tax deduction.
    kf018 = register["KF018"]
    assert D(kf018["after_tax_deductions"]) == D("50.00")
    assert D(kf018["gross"]) == sum(D(ln["amount"]) for ln in lines if ln["employee_id"] == "KF018"
                                    and ln["rule_id"] not in ("other_deduction", "social_insurance", "income_tax"))


def test_workbook_read_back_holds_the_csv_numbers_and_totals_add_up(example):
    _, out, register, _ = example
    wb = load_workbook(out / "payroll-2026-11.xlsx", data_only=True)
    assert wb.sheetnames == ["工资表", "工资条", "奖罚明细", "人事预警", "汇总", "说明"]
    ws = wb["工资表"]
    header = [c.value for c in ws[2]]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    body, totals = rows[:-1], rows[-1]
    col = {h: i for i, h in enumerate(header)}
    assert totals[0] == "合计" and len(body) == len(register)
    pairs = {"应发工资": "gross", "养老保险": "pension", "医疗保险": "medical", "失业保险": "unemployment",
             "住房公积金": "housing_fund", "社保公积金合计": "social_insurance", "个人所得税": "income_tax",
             "累计应纳税所得额": "cumulative_taxable_income", "累计已扣税": "tax_withheld_ytd",
             "税后扣款合计": "after_tax_deductions", "实发工资": "net", "基本工资": "base"}
    for r in body:
        for label, key in pairs.items():
            assert money(r[col[label]]) == D(register[r[0]][key]), (r[0], label)
    numeric = [i for i in range(col["出勤天数"], len(header))
               if any(isinstance(r[i], (int, float)) for r in body)]
    assert col["实发工资"] in numeric and col["基本工资"] in numeric
    for i in numeric:                   # every numeric column's total is the sum of its rows, to the fen
        assert money(totals[i]) == sum((money(r[i]) for r in body if r[i] is not None), D(0)), header[i]
    summary = [r for r in wb["汇总"].iter_rows(values_only=True) if r and r[0] == "合计"]
    assert summary and all(money(s[-1]) == sum(D(v["net"]) for v in register.values()) for s in summary)


def test_nothing_shown_to_people_carries_a_long_raw_decimal(example):
    _, out, _, lines = example
    assert not [ln["reason"] for ln in lines if LONG_DECIMAL.search(ln["reason"])]
    wb = load_workbook(out / "payroll-2026-11.xlsx", read_only=True)
    for name in ("奖罚明细", "人事预警", "说明"):
        texts = [v for row in wb[name].iter_rows(values_only=True) for v in row if isinstance(v, str)]
        assert texts and not [t for t in texts if LONG_DECIMAL.search(t)], name
    figures = [r[8] for r in wb["奖罚明细"].iter_rows(min_row=2, values_only=True) if r[8]]
    assert any("业绩完成率 112.31%" in f for f in figures)        # KF005: 365,000 ÷ (13,000 × 25) = 112.3077 %


def test_provisional_social_insurance_is_announced(example):
    res, out, _, lines = example
    assert "提示：社保 上海 2026-11：所用 2025-07-01 起的缴费期间标为暂定" in res.output
    about = [r[1] for r in load_workbook(out / "payroll-2026-11.xlsx", read_only=True)["说明"].iter_rows(
        values_only=True) if r[0] == "提示 notice"]
    assert any("标为暂定" in a for a in about)
    si = [ln["reason"] for ln in lines if ln["rule_id"] == "social_insurance"]
    assert len(si) == 29 and all("暂定" in r for r in si)


def test_review_list_and_guards(example):
    res, out, _, lines = example
    ws = load_workbook(out / "payroll-2026-11.xlsx", read_only=True)["人事预警"]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0]]
    kinds = {(r[0], r[2]) for r in rows}
    assert ("KF014", "末位淘汰审查") in kinds                     # 10 colleague complaints in the month
    assert ("KF018", "解除合同审查 (第39条)") in kinds             # ★★★ misconduct
    assert not any("terminat" in str(v).lower() or "已解除" in str(v) for r in rows for v in r)
    # A lawful Shanghai shop: nobody below the minimum wage. The lowest grade of the team is 二档: 4,000 less
    # 1,055.32 of SI/HF is 2,944.68 ≥ 2,740 (on the seed's 一档 it would be 3,000 − 985.32 = 2,014.68).
    assert not [r for r in rows if r[2] == "低于最低工资"] and "法定检查提示" not in res.output
    assert not [ln for ln in lines if ln["rule_id"] == "minimum_wage"]
