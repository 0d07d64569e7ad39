"""A net pay below zero is never accepted silently: `[payroll] negative_net = "refuse"` stops the run naming the
employee and the figures; "carry_over" brings it to 0 with a line and deducts it next month."""
from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

from test_cli_payroll import (EXAMPLES, invoke, kpi_rows, policy_file, run_args, write_attendance,
                                            write_kpi)

D = Decimal


def opening(path, income: str):
    """KF001 already earned `income` in ten months of 2026 with nothing withheld: this month's tax catches up."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["工号", "累计收入", "累计专项扣除", "累计已扣税", "已计月数"])
        w.writerow(["KF001", income, "0", "0", "10"])
    return path


def inputs(tmp_path, negative_net: str) -> dict:
    policy = policy_file(tmp_path)
    text = policy.read_text(encoding="utf-8")
    assert 'negative_net = "refuse"' in text
    policy.write_text(text.replace('negative_net = "refuse"', f'negative_net = "{negative_net}"'), encoding="utf-8")
    out = {"team": EXAMPLES / "team.xlsx", "policy": policy, "out": tmp_path / "out",
           "db": tmp_path / "out" / "ledger.sqlite"}
    for y, m in ((2026, 11), (2026, 12)):
        out[f"{y}-{m:02d}"] = {"kpi": write_kpi(tmp_path / f"kpi-{y}-{m}.xlsx", kpi_rows(y, m)),
                               "attendance": write_attendance(tmp_path / f"roster-{y}-{m}.csv", y, m)}
    return out


def lines_of(out, month: str) -> dict[str, list[dict]]:
    by = defaultdict(list)
    with open(out / f"payroll-{month}-lines.csv", encoding="utf-8-sig") as fh:
        for ln in csv.DictReader(fh):
            by[ln["employee_id"]].append(ln)
    return by


def amount(lines, rule_id: str) -> Decimal:
    return sum((D(ln["amount"]) for ln in lines if ln["rule_id"] == rule_id), D(0))


class TestNegativeNet:
    def test_refused_naming_the_employee_and_the_figures(self, tmp_path):
        inp = inputs(tmp_path, "refuse")
        args = run_args({**inp, **inp["2026-11"]}) + ["--opening-ytd", str(opening(tmp_path / "o.csv", "300000"))]
        res = invoke(args)
        assert res.exit_code == 3
        line = res.output.strip().splitlines()[-1]
        assert line.startswith("错误：KF001 ") and " 2026-11 的实发工资为 -" in line
        assert "社保公积金" in line and "个人所得税" in line
        assert line.endswith('请核对输入，或在策略 [payroll] 设 negative_net = "carry_over" 把差额结转到下月扣回')
        assert not inp["out"].exists() or not any(inp["out"].iterdir())     # nothing written

    def test_a_small_year_to_date_is_not_refused(self, tmp_path):
        inp = inputs(tmp_path, "refuse")
        args = run_args({**inp, **inp["2026-11"]}) + ["--opening-ytd", str(opening(tmp_path / "o.csv", "50000"))]
        assert invoke(args).exit_code == 0

    def test_carried_over_to_next_month(self, tmp_path):
        inp = inputs(tmp_path, "carry_over")
        args = run_args({**inp, **inp["2026-11"]}) + ["--opening-ytd", str(opening(tmp_path / "o.csv", "300000"))]
        assert invoke(args).exit_code == 0
        nov = lines_of(inp["out"], "2026-11")["KF001"]
        before = sum((D(ln["amount"]) for ln in nov if ln["rule_id"] != "negative_net_carry"), D(0))
        assert before < 0
        assert amount(nov, "negative_net_carry") == -before                # brings the net to 0
        assert sum(D(ln["amount"]) for ln in nov) == 0
        assert invoke(["close", "--month", "2026-11", "--db", str(inp["db"])]).exit_code == 0
        assert invoke(run_args({**inp, **inp["2026-12"]}, "2026-12")).exit_code == 0
        dec = lines_of(inp["out"], "2026-12")["KF001"]
        assert amount(dec, "negative_net_recovery") == before               # deducted next month
        others = lines_of(inp["out"], "2026-12")["KF002"]
        assert amount(others, "negative_net_recovery") == 0 and amount(others, "negative_net_carry") == 0

    def test_the_bank_file_leaves_out_a_net_carried_over(self, tmp_path):
        inp = inputs(tmp_path, "carry_over")
        args = run_args({**inp, **inp["2026-11"]}) + ["--opening-ytd", str(opening(tmp_path / "o.csv", "300000"))]
        assert invoke(args).exit_code == 0
        assert invoke(["close", "--month", "2026-11", "--db", str(inp["db"])]).exit_code == 0
        res = invoke(["bank", "--month", "2026-11", "--team", str(inp["team"]), "--policy", str(inp["policy"]),
                      "--out", str(tmp_path / "bank"), "--db", str(inp["db"])])
        assert res.exit_code == 0, res.output
        assert res.output.strip().splitlines()[-1].startswith("提示：KF001 ")
        assert res.output.strip().splitlines()[-1].endswith(" 本月实发为 0（负实发已按策略结转到下月扣回），不在代发文件中")
        paid = {eid: lines for eid, lines in lines_of(inp["out"], "2026-11").items() if eid != "KF001"}
        count = f"{len(paid)} 笔，合计 {sum(sum(D(ln['amount']) for ln in ls) for ls in paid.values()):,.2f} 元"
        assert count in res.output
        text = next((tmp_path / "bank").iterdir()).read_bytes()
        assert b"KF001" not in text
