"""其他扣款 is taken from pay after tax: 实发 = 应发 − 社保公积金 − 个税 − 税后扣款 in every output.

Money the employee pays back out of the wage (compensation for a loss, 工资支付暂行规定 §16, or any other
deduction HR enters) is not a reduction of wage income, so it neither lowers 应发 nor the income taxed.
KF001 (主管, 三档 5,000, full month, no rewards): 其他补贴 5,000 makes 应发 10,000. SI and housing fund on
the 5,000 grade wage: SI base 7,384 (floor) → 590.72 + 147.68 + 36.92, HF 5,000 × 7 % = 350 → 1,125.32.
Tax: 10,000 − 5,000 − 1,125.32 = 3,874.68 × 3 % = 116.24 (with the deduction pre-tax it would be 56.24).
"""
from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from test_cli_payroll import EXAMPLES, KPI_HEADERS, invoke, kpi_rows, policy_file, run_args, write_attendance, write_kpi

D = Decimal


def month(tmp_path, deduction: int) -> dict:
    headers = KPI_HEADERS + ["其他补贴", "其他扣款"]
    rows = [r + ([5000, deduction] if r[0] == "KF001" else [None, None]) for r in kpi_rows(2026, 11)]
    inputs = {"team": EXAMPLES / "team.xlsx", "policy": policy_file(tmp_path),
              "kpi": write_kpi(tmp_path / "kpi-2026-11.xlsx", rows, headers),
              "attendance": write_attendance(tmp_path / "roster-2026-11.csv", 2026, 11),
              "out": tmp_path / "out", "db": tmp_path / "out" / "ledger.sqlite"}
    res = invoke(run_args(inputs))
    assert res.exit_code == 0, res.output
    return inputs


def register_row(out, eid: str) -> dict:
    with open(out / "payroll-2026-11.csv", encoding="utf-8-sig") as fh:
        return next(r for r in csv.DictReader(fh) if r["employee_id"] == eid)


def lines(out, eid: str) -> dict[str, Decimal]:
    with open(out / "payroll-2026-11-lines.csv", encoding="utf-8-sig") as fh:
        got: dict[str, Decimal] = {}
        for r in csv.DictReader(fh):
            if r["employee_id"] == eid:
                got[r["rule_id"]] = got.get(r["rule_id"], D(0)) + D(r["amount"])
        return got


@pytest.mark.parametrize("deduction, give_back", [
    (2000, "0"),        # exactly 20 % of the 10,000 wage: all of it this month
    (2500, "500"),      # 500 above the cap: given back now, carried to next month
])
def test_other_deduction_after_tax(tmp_path, deduction, give_back):
    out = month(tmp_path, deduction)["out"]
    row = register_row(out, "KF001")
    assert D(row["gross"]) == D("10000.00")
    assert (D(row["social_insurance"]), D(row["income_tax"])) == (D("1125.32"), D("116.24"))
    assert D(row["after_tax_deductions"]) == D(deduction) - D(give_back) == D("2000")
    assert D(row["net"]) == D("10000") - D("1125.32") - D("116.24") - D("2000") == D("6758.44")
    got = lines(out, "KF001")
    assert got["other_deduction"] == -D(deduction) and got.get("fault_deduction_cap", D(0)) == D(give_back)
    assert sum(got.values()) == D(row["net"])


def test_workbook_puts_after_tax_deductions_after_the_tax(tmp_path):
    out = month(tmp_path, 2500)["out"]
    ws = load_workbook(out / "payroll-2026-11.xlsx", read_only=True)["工资表"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    header, body = rows[0], rows[1:-1]
    col = {h: i for i, h in enumerate(header)}
    assert col["应发工资"] < col["个人所得税"] < col["其他扣款"] < col["扣款上限返还"] < col["税后扣款合计"] < col["实发工资"]
    for r in body:
        gross, si, tax, after, net = (D(str(r[col[k]])).quantize(D("0.01")) for k in
                                      ("应发工资", "社保公积金合计", "个人所得税", "税后扣款合计", "实发工资"))
        assert gross - si - tax - after == net, r[0]
    kf001 = next(r for r in body if r[0] == "KF001")
    assert (kf001[col["其他扣款"]], kf001[col["扣款上限返还"]], kf001[col["税后扣款合计"]]) == (-2500, 500, 2000)
