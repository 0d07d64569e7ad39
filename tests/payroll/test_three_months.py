"""Three months through the ledger (run + close Oct, Nov, Dec 2026): the multi-month rules fire.

- KF012 (P2, presale) fails the exam three months running → −10 and level down to P1 in December;
- KF013 types below the requirement → −10 when the second month in a row completes (November);
- KF014 is last in sales completion three months running → elimination review in December;
and the cumulative income tax of the ledger adds up month by month.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from payroll.cli import main
from payroll.ledger import Ledger
from test_cli_payroll import EXAMPLES, KPI_HEADERS, kpi_rows, policy_file, write_attendance, write_kpi

D = Decimal
MONTHS = ((2026, 10), (2026, 11), (2026, 12))


def scenario_rows(year: int, month: int) -> list[list]:
    rows = kpi_rows(year, month, seed=month)
    col = {h: i for i, h in enumerate(KPI_HEADERS)}
    for r in rows:
        if r[0] == "KF012":
            r[col["考试成绩"]], r[col["平时成绩"]] = 40, 50          # score 43 < pass mark 60
        if r[0] == "KF013":
            r[col["打字速度"]] = 50                                  # below 60 / 70 chars a minute
        if r[0] == "KF014":
            r[col["销售额"]] = 1000                                  # far below everyone's completion
        if r[0] == "KF004":
            r[col["销售额"]] = 900_000                               # well above target: taxable income
    return rows


@pytest.fixture(scope="module")
def ledger_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("three")
    policy, out, db = policy_file(tmp), tmp / "out", tmp / "out" / "ledger.sqlite"
    runner = CliRunner()
    for year, month in MONTHS:
        m = f"{year}-{month:02d}"
        kpi = write_kpi(tmp / f"kpi-{m}.xlsx", scenario_rows(year, month))
        att = write_attendance(tmp / f"roster-{m}.csv", year, month)
        res = runner.invoke(main, ["run", "--team", str(EXAMPLES / "team.xlsx"), "--policy", str(policy),
                                   "--kpi", str(kpi), "--attendance", str(att), "--month", m, "--out", str(out),
                                   "--db", str(db)], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        res = runner.invoke(main, ["close", "--month", m, "--db", str(db)], catch_exceptions=False)
        assert res.exit_code == 0, res.output
    return out, db


def lines_of(out, month: str) -> list[dict]:
    with open(out / f"payroll-{month}-lines.csv", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def amounts(out, month: str, eid: str, rule: str) -> list[Decimal]:
    return [D(r["amount"]) for r in lines_of(out, month) if r["employee_id"] == eid and r["rule_id"] == rule]


def test_exam_demotion_in_the_third_month(ledger_run):
    out, db = ledger_run
    assert D("-10.00") not in amounts(out, "2026-10", "KF012", "exam")
    assert D("-10.00") not in amounts(out, "2026-11", "KF012", "exam")
    assert amounts(out, "2026-12", "KF012", "exam") == [D("-10.00")]
    with Ledger(db) as led:
        line = next(ln for ln in led.lines("2026-12", "KF012") if ln.rule_id == "exam")
        assert line.figures["level_from"] == "P2" and line.figures["level_to"] == "P1"
        assert led.employee_state("2026-12")["KF012"].level_after == "P1"
        assert led.employee_state("2026-11")["KF012"].level_after == "P2"
        assert led.history("2027-01").level("KF012", "P2") == "P1"    # January pays KF012 as P1


def test_typing_penalty_when_two_months_run(ledger_run):
    out, _ = ledger_run
    assert amounts(out, "2026-10", "KF013", "typing") == []
    assert amounts(out, "2026-11", "KF013", "typing") == [D("-10.00")]
    assert amounts(out, "2026-12", "KF013", "typing") == []            # month 3 starts the next count


def test_elimination_candidate_after_three_months_last(ledger_run):
    out, _ = ledger_run
    for month, expected in (("2026-11", False), ("2026-12", True)):
        ws = load_workbook(out / f"payroll-{month}.xlsx", read_only=True)["人事预警"]
        rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r and r[0] == "KF014"]
        hit = any(r[2] == "末位淘汰审查" and "连续 3 个月" in (r[3] or "") and "指导案例18号" in (r[4] or "")
                  for r in rows)
        assert hit is expected, rows


def test_cumulative_tax_adds_up(ledger_run):
    out, db = ledger_run
    monthly = [-sum(amounts(out, f"{y}-{m:02d}", "KF004", "income_tax"), D(0)) for y, m in MONTHS]
    assert sum(monthly) > 0
    with Ledger(db) as led:
        ytd = led.tax_ytd_after("2026-12")["KF004"]
        assert ytd.months == 3 and ytd.tax_withheld == sum(monthly)
        tax_line = next(ln for ln in led.lines("2026-12", "KF004") if ln.rule_id == "income_tax")
        assert tax_line.figures["tax_withheld_ytd"] == sum(monthly)


@pytest.mark.parametrize("month", [f"{y}-{m:02d}" for y, m in MONTHS])
def test_every_month_lines_register_and_workbook_agree(ledger_run, month):
    out, db = ledger_run
    net = defaultdict(Decimal)
    for r in lines_of(out, month):
        net[r["employee_id"]] += D(r["amount"])
    with open(out / f"payroll-{month}.csv", encoding="utf-8-sig") as fh:
        register = {r["employee_id"]: D(r["net"]) for r in csv.DictReader(fh)}
    assert register == dict(net)
    ws = load_workbook(out / f"payroll-{month}.xlsx", read_only=True)["工资表"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    i_net = rows[0].index("实发工资")
    book = {r[0]: D(str(r[i_net])).quantize(D("0.01")) for r in rows[1:-1]}
    assert book == register
    assert D(str(rows[-1][i_net])).quantize(D("0.01")) == sum(register.values())
    with Ledger(db) as led:
        assert led.status(month) == "closed"
        assert led.net_by_employee(month) == register
