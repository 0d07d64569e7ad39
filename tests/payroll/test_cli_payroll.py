"""`payroll run / close / reopen` driven through CliRunner, results re-read through openpyxl and the ledger."""
from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from payroll.cli import main
from payroll.ledger import Ledger
from roster.calendar import month_dates
from roster.policy import load_policy
from roster.team import read_team

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = Decimal
KPI_HEADERS = ["工号", "考试成绩", "平时成绩", "参加月考", "打字速度", "打字正确率", "客件数", "销售额", "月总结",
               "同事投诉", "首响时间", "平均响应", "回复率", "延误率", "询单转化率", "退款纠纷率", "投诉", "DSR"]


def policy_file(tmp: Path) -> Path:
    """The example policy, with the statutory tables appended while they ship as a separate fragment."""
    text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
    if "[payroll.statutory]" not in text:
        text += "\n" + (EXAMPLES / "policy-statutory.toml").read_text(encoding="utf-8")
    path = tmp / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def team():
    policy = load_policy(EXAMPLES / "policy.toml")
    return read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))


def kpi_rows(year: int, month: int, seed: int = 3) -> list[list]:
    rng = random.Random(seed)
    rows = []
    for e in team().employees:
        if not any(e.employed_on(d) for d in month_dates(year, month)):
            continue
        rows.append([e.employee_id, rng.randint(70, 95), rng.randint(70, 95), "是", rng.randint(75, 110), 95,
                     D(rng.randint(170, 200)) / 100, rng.randint(250_000, 330_000), rng.choice(["通过", "提交"]),
                     0, rng.randint(10, 40), rng.randint(60, 150), 98, 3, rng.randint(30, 60), 2, 0, 4.8])
    return rows


def write_kpi(path: Path, rows: list[list], headers: list[str] = KPI_HEADERS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "月度考核"
    ws.append(headers)
    for r in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in r])
    wb.save(path)
    return path


def write_attendance(path: Path, year: int, month: int) -> Path:
    """Everyone on A (C for the day's on-duty lead KF001), OFF every 7th day, NA outside employment."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["employee_id", "date", "code", "duty"])
        for e in team().employees:
            for d in month_dates(year, month):
                code = "NA" if not e.employed_on(d) else ("OFF" if d.day % 7 == 0 else "A")
                duty = e.employee_id == "KF002" and code == "A"
                w.writerow([e.employee_id, d.isoformat(), "C" if duty else code, int(duty)])
    return path


@pytest.fixture
def inputs(tmp_path):
    return {"team": EXAMPLES / "team.xlsx", "policy": policy_file(tmp_path),
            "kpi": write_kpi(tmp_path / "kpi-2026-11.xlsx", kpi_rows(2026, 11)),
            "attendance": write_attendance(tmp_path / "roster-2026-11.csv", 2026, 11),
            "out": tmp_path / "out", "db": tmp_path / "out" / "ledger.sqlite"}


def run_args(inp: dict, month: str = "2026-11", **over) -> list[str]:
    inp = {**inp, **over}
    return ["run", "--team", str(inp["team"]), "--policy", str(inp["policy"]), "--kpi", str(inp["kpi"]),
            "--attendance", str(inp["attendance"]), "--month", month, "--out", str(inp["out"]),
            "--db", str(inp["db"])]


def invoke(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def money(v) -> Decimal:
    return D(str(v)).quantize(D("0.01"))


def test_run_writes_three_files_that_agree(inputs):
    res = invoke(run_args(inputs))
    assert res.exit_code == 0, res.output
    out = inputs["out"]
    assert sorted(p.name for p in out.iterdir()) == ["ledger.sqlite", "payroll-2026-11-lines.csv",
                                                      "payroll-2026-11.csv", "payroll-2026-11.xlsx"]
    with open(out / "payroll-2026-11-lines.csv", encoding="utf-8-sig") as fh:
        lines = list(csv.DictReader(fh))
    with open(out / "payroll-2026-11.csv", encoding="utf-8-sig") as fh:
        register = {r["employee_id"]: r for r in csv.DictReader(fh)}
    assert len(register) == 29 and "KF021" not in register          # hired in December
    net = defaultdict(Decimal)
    for ln in lines:
        assert ln["amount"] == f"{D(ln['amount']):.2f}"
        net[ln["employee_id"]] += D(ln["amount"])
    for eid, row in register.items():
        assert net[eid] == D(row["net"]), eid                           # the lines sum to the net
        assert D(row["gross"]) - D(row["social_insurance"]) - D(row["income_tax"]) - \
            D(row["after_tax_deductions"]) == D(row["net"])
    wb = load_workbook(out / "payroll-2026-11.xlsx", data_only=True)
    assert wb.sheetnames == ["工资表", "工资条", "奖罚明细", "人事预警", "汇总", "说明"]
    ws = wb["工资表"]
    header = [c.value for c in ws[2]]
    i_id, i_net, i_gross = header.index("工号"), header.index("实发工资"), header.index("应发工资")
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    body, totals = rows[:-1], rows[-1]
    assert {r[i_id]: money(r[i_net]) for r in body} == {k: D(v["net"]) for k, v in register.items()}
    for col in range(header.index("出勤天数"), len(header)):
        values = [r[col] for r in body if r[col] is not None]
        if values and all(isinstance(v, (int, float)) for v in values):
            assert money(totals[col]) == sum(money(v) for v in values), header[col]
    assert money(totals[i_gross]) == sum(D(v["gross"]) for v in register.values())
    about = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
    assert "sha256" in about["policy file"] and "sha256" in about["kpi file"]
    with Ledger(inputs["db"]) as led:
        assert led.status("2026-11") == "open"
        assert led.net_by_employee("2026-11") == {k: D(v["net"]) for k, v in register.items()}


def test_masked_numbers_only(inputs):
    invoke(run_args(inputs))
    wb = load_workbook(inputs["out"] / "payroll-2026-11.xlsx", read_only=True)
    text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "310104199104041111" not in text and "3101**********1111" in text
    assert "6222021001004023757" not in text


def test_closed_month_refuses_run_close_twice_and_reopen(inputs):
    assert invoke(run_args(inputs)).exit_code == 0
    res = invoke(["close", "--month", "2026-11", "--db", str(inputs["db"])])
    assert res.exit_code == 0 and "closed" in res.output
    res = invoke(["close", "--month", "2026-11", "--db", str(inputs["db"])])
    assert res.exit_code == 0 and "already closed" in res.output
    before = (inputs["out"] / "payroll-2026-11.xlsx").read_bytes()
    res = invoke(run_args(inputs))
    assert res.exit_code == 3
    assert res.output.strip().splitlines() == [
        f"Error: month 2026-11 is closed in ledger.sqlite; to change it run "
        f"`payroll reopen --month 2026-11 --reason TEXT` first"]
    assert (inputs["out"] / "payroll-2026-11.xlsx").read_bytes() == before
    res = invoke(["reopen", "--month", "2026-11", "--reason", "KF008 leave corrected", "--db", str(inputs["db"])])
    assert res.exit_code == 0
    with Ledger(inputs["db"]) as led:
        assert [(e.month, e.reason) for e in led.reopen_log()] == [("2026-11", "KF008 leave corrected")]
    assert invoke(run_args(inputs)).exit_code == 0


def test_reopen_requires_reason_option(inputs):
    invoke(run_args(inputs))
    res = CliRunner().invoke(main, ["reopen", "--month", "2026-11", "--db", str(inputs["db"])])
    assert res.exit_code == 2 and "--reason" in res.output


def test_close_without_ledger(tmp_path):
    res = invoke(["close", "--month", "2026-11", "--db", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 3 and res.output.startswith("Error: no ledger")
    assert not (tmp_path / "none.sqlite").exists()


def test_group_help_documents_the_exit_codes():
    res = invoke(["--help"])
    text = " ".join(res.output.split())
    assert res.exit_code == 0
    assert "Exit codes: 0 success; 3 an input error" in text and "2 a command-line usage error" in text


def test_out_naming_a_file_is_an_input_error(inputs, tmp_path):
    not_a_dir = tmp_path / "out.txt"
    not_a_dir.write_text("x")
    res = invoke(run_args(inputs, out=not_a_dir))
    assert res.exit_code == 3 and res.output.strip() == "Error: out.txt: --out names a file; give a directory"
    assert len(res.output.strip().splitlines()) == 1


def test_db_that_is_not_a_ledger(tmp_path):
    db = tmp_path / "notes.sqlite"
    db.write_text("not a database")
    res = invoke(["close", "--month", "2026-11", "--db", str(db)])
    assert res.exit_code == 3 and res.output.strip() == \
        "Error: notes.sqlite: not a payroll ledger (file is not a database)"


def test_help_names_the_default_ledger():
    res = invoke(["run", "--help"])
    assert "payroll-ledger.sqlite" in res.output and "Example" in res.output


def _kpi_with(tmp: Path, change) -> Path:
    rows = kpi_rows(2026, 11)
    headers = list(KPI_HEADERS)
    headers, rows = change(headers, rows)
    return write_kpi(tmp / "bad-kpi.xlsx", rows, headers)


def _set(eid: str, column: str, value):
    def change(headers, rows):
        i = headers.index(column)
        for r in rows:
            if r[0] == eid:
                r[i] = value
        return headers, rows
    return change


def _drop_column(column: str):
    def change(headers, rows):
        i = headers.index(column)
        return headers[:i] + headers[i + 1:], [r[:i] + r[i + 1:] for r in rows]
    return change


def _append(row_of: str, new_id: str):
    def change(headers, rows):
        src = next(r for r in rows if r[0] == row_of)
        return headers, rows + [[new_id, *src[1:]]]
    return change


BAD_KPI = {
    "unknown employee": (_append("KF004", "KF999"), "bad-kpi.xlsx, sheet 月度考核, row 31, column A (工号): "
                                                    "unknown 工号 KF999"),
    "duplicate id": (_append("KF004", "KF004"), "bad-kpi.xlsx, sheet 月度考核, row 31, column A (工号): "
                                                "duplicate 工号 KF004"),
    "typing speed abc": (_set("KF005", "打字速度", "abc"), "bad-kpi.xlsx, sheet 月度考核, row 6, column E (打字速度)"),
    "negative sales": (_set("KF006", "销售额", -100), "bad-kpi.xlsx, sheet 月度考核, row 7, column H (销售额)"),
    "missing required column": (_drop_column("工号"), "bad-kpi.xlsx, sheet 月度考核, row 1: missing column 工号"),
    "metric needed by the scorecard": (_set("KF007", "回复率", None),
                                       "bad-kpi.xlsx, sheet 月度考核, row 8, column M (回复率): 回复率 is blank but "
                                       "rule scorecard needs it for KF007"),
    "column a rule needs is absent": (_drop_column("平时成绩"),
                                      "bad-kpi.xlsx, sheet 月度考核, row 5, column 平时成绩: the sheet has no column "
                                      "平时成绩 / daily_score, but rule exam needs it for KF004"),
}


@pytest.mark.parametrize("case", BAD_KPI)
def test_bad_kpi_names_the_cell_and_writes_nothing(inputs, tmp_path, case):
    change, expected = BAD_KPI[case]
    res = invoke(run_args(inputs, kpi=_kpi_with(tmp_path, change)))
    assert res.exit_code == 3
    out = res.output.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("Error: " + expected), out
    assert not inputs["out"].exists()


def test_attendance_for_another_month(inputs, tmp_path):
    att = write_attendance(tmp_path / "roster-2026-10.csv", 2026, 10)
    res = invoke(run_args(inputs, attendance=att))
    assert res.exit_code == 3
    assert res.output.strip() == ("Error: roster-2026-10.csv, row 2, column B (date): the attendance is for "
                                  "2026-10 but --month is 2026-11")
    assert not inputs["out"].exists()


def test_unknown_employee_in_attendance(inputs, tmp_path):
    att = tmp_path / "roster-2026-11.csv"
    with att.open("a", encoding="utf-8") as fh:
        fh.write("KF777,2026-11-01,A,0\n")
    res = invoke(run_args(inputs, attendance=att))
    assert res.exit_code == 3 and "KF777" in res.output and "row 902" in res.output
    assert not inputs["out"].exists()


def test_bad_month_option(inputs):
    res = invoke(run_args(inputs, month="2026-13"))
    assert res.exit_code == 3 and res.output.startswith("Error: month must look like 2026-12")
    assert not inputs["out"].exists()


def test_missing_file(inputs, tmp_path):
    res = invoke(run_args(inputs, kpi=tmp_path / "nope.xlsx"))
    assert res.exit_code == 3 and res.output.strip() == "Error: nope.xlsx: KPI file not found"
    assert not inputs["out"].exists()


def test_earlier_open_month_blocks_the_next(inputs, tmp_path):
    assert invoke(run_args(inputs)).exit_code == 0
    inp = {**inputs, "kpi": write_kpi(tmp_path / "kpi-2026-12.xlsx", kpi_rows(2026, 12)),
           "attendance": write_attendance(tmp_path / "roster-2026-12.csv", 2026, 12)}
    res = invoke(run_args(inp, month="2026-12"))
    assert res.exit_code == 3 and "2026-11 is still open" in res.output
    assert not (inputs["out"] / "payroll-2026-12.xlsx").exists()


def test_duplicate_ids_in_the_team_sheet_and_the_attendance(inputs, tmp_path):
    wb = load_workbook(EXAMPLES / "team.xlsx")
    ws = wb["员工"]
    ws.append([c.value for c in ws[3]])                     # KF002 a second time, on row 32
    wb.save(tmp_path / "team-dup.xlsx")
    res = invoke(run_args(inputs, team=tmp_path / "team-dup.xlsx"))
    assert res.exit_code == 3
    assert res.output.strip() == "Error: team-dup.xlsx, sheet 员工, row 32, column A (工号): duplicate 工号 KF002 " \
                                 "(first on row 3)"
    att = inputs["attendance"]
    rows = att.read_text(encoding="utf-8").splitlines()
    (tmp_path / "roster-dup.csv").write_text("\n".join([*rows, rows[5]]) + "\n", encoding="utf-8")
    res = invoke(run_args(inputs, attendance=tmp_path / "roster-dup.csv"))
    assert res.exit_code == 3 and len(res.output.strip().splitlines()) == 1
    assert res.output.startswith(f"Error: roster-dup.csv, row {len(rows) + 1}, column C (code): KF001 has two "
                                 f"entries for 2026-11-05 (first on row 6)")
    assert not inputs["out"].exists()
