"""`payroll run / close / reopen` driven through CliRunner, results re-read through openpyxl and the ledger."""
from __future__ import annotations

import csv
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from kefu.calendar import month_dates, working_days
from kefu.team import read_team
from payroll.cli import main
from payroll.ledger import Ledger
from roster.policy import load_policy

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
    """Everyone on A (C for the day's on-duty lead KF002) on the month's legal working days and OFF on the
    others — the standard hours exactly, so nobody earns overtime — NA outside employment."""
    legal = set(working_days(year, month))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["employee_id", "date", "code", "duty"])
        for e in team().employees:
            for d in month_dates(year, month):
                code = "NA" if not e.employed_on(d) else ("A" if d in legal else "OFF")
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
    for name in ("payroll-2026-11.xlsx", "payroll-2026-11.csv", "payroll-2026-11-lines.csv"):
        assert f"已写出 {out / name}" in res.output.splitlines()
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
    summary = next(ln for ln in res.output.splitlines() if ln.startswith("工资 2026-11："))
    assert summary == (f"工资 2026-11：29 人，应发合计 {D(totals[i_gross]):,.2f}，"
                       f"社保公积金 {sum(D(v['social_insurance']) for v in register.values()):,.2f}，"
                       f"个人所得税 {sum(D(v['income_tax']) for v in register.values()):,.2f}，"
                       f"实发合计 {sum(D(v['net']) for v in register.values()):,.2f}")
    db = inputs["db"]
    assert res.output.splitlines()[-1] == (f"账本 {db}：2026-11 尚未结账；核对无误后运行 "
                                           f"`payroll close --month 2026-11 --db {db}` 结账")
    about = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
    assert "sha256" in about["policy file"] and "sha256" in about["kpi file"]
    with Ledger(inputs["db"]) as led:
        assert led.status("2026-11") == "open"
        assert led.net_by_employee("2026-11") == {k: D(v["net"]) for k, v in register.items()}


def test_masked_numbers_only(inputs):
    invoke(run_args(inputs))
    wb = load_workbook(inputs["out"] / "payroll-2026-11.xlsx", read_only=True)
    text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "31010419910404111X" not in text and "3101**********111X" in text
    assert "6222021001004023757" not in text


def test_closed_month_refuses_run_close_twice_and_reopen(inputs):
    assert invoke(run_args(inputs)).exit_code == 0
    res = invoke(["close", "--month", "2026-11", "--db", str(inputs["db"])])
    assert res.exit_code == 0 and "2026-11 已结账，封存 sha256 " in res.output
    res = invoke(["close", "--month", "2026-11", "--db", str(inputs["db"])])
    assert res.exit_code == 0 and res.output.strip().splitlines()[-1] == "2026-11 此前已结账，账本未作改动"
    before = (inputs["out"] / "payroll-2026-11.xlsx").read_bytes()
    res = invoke(run_args(inputs))
    assert res.exit_code == 3
    assert res.output.strip().splitlines() == [
        "错误：2026-11 在账本 ledger.sqlite 中已结账；如需修改，请先写明原因重新打开："
        "`payroll reopen --month 2026-11 --reason TEXT`"]
    assert (inputs["out"] / "payroll-2026-11.xlsx").read_bytes() == before
    res = invoke(["reopen", "--month", "2026-11", "--reason", "KF008 leave corrected", "--db", str(inputs["db"])])
    assert res.exit_code == 0
    assert res.output.strip() == "2026-11 已重新打开（原因已记录：KF008 leave corrected）；请重新运行该月，核对后再结账"
    with Ledger(inputs["db"]) as led:
        assert [(e.month, e.reason) for e in led.reopen_log()] == [("2026-11", "KF008 leave corrected")]
    assert invoke(run_args(inputs)).exit_code == 0


def test_reopen_requires_reason_option(inputs):
    invoke(run_args(inputs))
    res = CliRunner().invoke(main, ["reopen", "--month", "2026-11", "--db", str(inputs["db"])])
    assert res.exit_code == 3 and res.output.startswith("错误：缺少必填的选项 --reason：为什么要改已结账的月份")


def test_close_without_ledger(tmp_path):
    res = invoke(["close", "--month", "2026-11", "--db", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 3 and res.output.strip() == f"错误：找不到账本 {tmp_path / 'none.sqlite'}；请先运行该月（或用 --db 指定账本）"
    assert not (tmp_path / "none.sqlite").exists()


def test_group_help_documents_the_exit_codes():
    res = invoke(["--help"])
    text = "".join(res.output.split())
    assert res.exit_code == 0
    assert "退出码：0成功；3输入有误" in text and "或命令行用法有误" in text
    assert invoke(["-h"]).output == res.output


def test_out_naming_a_file_is_an_input_error(inputs, tmp_path):
    not_a_dir = tmp_path / "out.txt"
    not_a_dir.write_text("x")
    res = invoke(run_args(inputs, out=not_a_dir))
    assert res.exit_code == 3 and res.output.strip() == f"错误：--out：{not_a_dir} 是一个文件，要给一个文件夹"
    assert len(res.output.strip().splitlines()) == 1


def test_db_that_is_not_a_ledger(tmp_path):
    db = tmp_path / "notes.sqlite"
    db.write_text("not a database")
    res = invoke(["close", "--month", "2026-11", "--db", str(db)])
    assert res.exit_code == 3 and res.output.strip() == "错误：notes.sqlite：不是工资账本（不是 SQLite 数据库文件，未作改动）"


@pytest.mark.parametrize("content", [b"x", b"PK\x03\x04 a workbook"])
def test_short_file_that_is_not_a_ledger_is_left_alone(tmp_path, content):
    db = tmp_path / "mine.sqlite"
    db.write_bytes(content)
    res = invoke(["close", "--month", "2026-11", "--db", str(db)])
    assert res.exit_code == 3 and res.output.strip() == "错误：mine.sqlite：不是工资账本（不是 SQLite 数据库文件，未作改动）"
    assert db.read_bytes() == content


def test_another_sqlite_database_is_not_made_a_ledger(tmp_path):
    import sqlite3

    db = tmp_path / "crm.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    before = db.read_bytes()
    res = invoke(["close", "--month", "2026-11", "--db", str(db)])
    assert res.exit_code == 3 and res.output.strip() == "错误：crm.db：不是工资账本（是别的 SQLite 数据库，未作改动）"
    assert db.read_bytes() == before


def test_help_names_the_default_ledger():
    res = invoke(["run", "--help"])
    assert "payroll-ledger.sqlite" in res.output and "示例" in res.output and "显示本帮助并退出" in res.output


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


BAD_KPI = {   # file, sheet, row and column (letter and header) of the cell, then what is wrong with it
    "unknown employee": (_append("KF004", "KF999"), "bad-kpi.xlsx，工作表 月度考核，第 31 行，A 列（工号）："
                                                    "工号 KF999 不在员工表中"),
    "duplicate id": (_append("KF004", "KF004"), "bad-kpi.xlsx，工作表 月度考核，第 31 行，A 列（工号）："
                                                "工号 KF004 出现了两次（第一次在第 5 行）"),
    "typing speed abc": (_set("KF005", "打字速度", "abc"), "bad-kpi.xlsx，工作表 月度考核，第 6 行，E 列（打字速度）："
                                                         "应填数字，现为“abc”"),
    "negative sales": (_set("KF006", "销售额", -100), "bad-kpi.xlsx，工作表 月度考核，第 7 行，H 列（销售额）："
                                                    "不能为负数，现为 -100"),
    "missing required column": (_drop_column("工号"), "bad-kpi.xlsx，工作表 月度考核，第 1 行：缺少“工号”列"),
    "metric needed by the scorecard": (_set("KF007", "回复率", None),
                                       "bad-kpi.xlsx，工作表 月度考核，第 8 行，M 列（回复率）：KF007 的“回复率”为空，"
                                       "但绩效评分（scorecard）规则要用到它"),
    "column a rule needs is absent": (_drop_column("平时成绩"),
                                      "bad-kpi.xlsx，工作表 月度考核，第 5 行，平时成绩 列：考核表没有“平时成绩”列"
                                      "（表头也可写作 daily_score），但 KF004 的考试（exam）规则要用到它"),
}


@pytest.mark.parametrize("case", BAD_KPI)
def test_bad_kpi_names_the_cell_and_writes_nothing(inputs, tmp_path, case):
    change, expected = BAD_KPI[case]
    res = invoke(run_args(inputs, kpi=_kpi_with(tmp_path, change)))
    assert res.exit_code == 3
    out = res.output.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("错误：" + expected), out
    assert not inputs["out"].exists()


def test_attendance_for_another_month(inputs, tmp_path):
    att = write_attendance(tmp_path / "roster-2026-10.csv", 2026, 10)
    res = invoke(run_args(inputs, attendance=att))
    assert res.exit_code == 3
    assert res.output.strip() == "错误：roster-2026-10.csv，第 2 行，B 列（date）：这是 2026-10 的考勤，--month 却是 2026-11"
    assert not inputs["out"].exists()


def test_unknown_employee_in_attendance(inputs, tmp_path):
    att = tmp_path / "roster-2026-11.csv"
    with att.open("a", encoding="utf-8") as fh:
        fh.write("KF777,2026-11-01,A,0\n")
    res = invoke(run_args(inputs, attendance=att))
    assert res.exit_code == 3
    assert res.output.startswith("错误：roster-2026-11.csv，第 902 行，A 列（employee_id）：工号 KF777 不在员工表中")
    assert not inputs["out"].exists()


def test_bad_month_option(inputs):
    res = invoke(run_args(inputs, month="2026-13"))
    assert res.exit_code == 3 and res.output.strip() == "错误：--month：月份应写成 2026-11 这样，现为“2026-13”"
    assert not inputs["out"].exists()


def test_missing_file(inputs, tmp_path):
    res = invoke(run_args(inputs, kpi=tmp_path / "nope.xlsx"))
    assert res.exit_code == 3 and res.output.strip() == "错误：nope.xlsx：找不到考核表"
    assert not inputs["out"].exists()


def test_earlier_open_month_blocks_the_next(inputs, tmp_path):
    assert invoke(run_args(inputs)).exit_code == 0
    inp = {**inputs, "kpi": write_kpi(tmp_path / "kpi-2026-12.xlsx", kpi_rows(2026, 12)),
           "attendance": write_attendance(tmp_path / "roster-2026-12.csv", 2026, 12)}
    res = invoke(run_args(inp, month="2026-12"))
    assert res.exit_code == 3 and res.output.strip() == (
        "错误：2026-11 在账本 ledger.sqlite 中还没有结账；请先结账（`payroll close --month 2026-11`），"
        "2026-12 才能接着它的累计数计算")
    assert not (inputs["out"] / "payroll-2026-12.xlsx").exists()


def test_duplicate_ids_in_the_team_sheet_and_the_attendance(inputs, tmp_path):
    wb = load_workbook(EXAMPLES / "team.xlsx")
    ws = wb["员工"]
    ws.append([c.value for c in ws[3]])                     # KF002 a second time, on row 32
    wb.save(tmp_path / "team-dup.xlsx")
    res = invoke(run_args(inputs, team=tmp_path / "team-dup.xlsx"))
    assert res.exit_code == 3
    assert res.output.strip().startswith("错误：team-dup.xlsx，工作表 员工，第 32 行，A 列（工号）：")
    assert "KF002" in res.output and "第 3 行" in res.output                # roster's reader words it
    att = inputs["attendance"]
    rows = att.read_text(encoding="utf-8").splitlines()
    (tmp_path / "roster-dup.csv").write_text("\n".join([*rows, rows[5]]) + "\n", encoding="utf-8")
    res = invoke(run_args(inputs, attendance=tmp_path / "roster-dup.csv"))
    assert res.exit_code == 3 and len(res.output.strip().splitlines()) == 1
    assert res.output.strip() == (f"错误：roster-dup.csv，第 {len(rows) + 1} 行，C 列（code）：KF001 在 2026-11-05 "
                                  "有两条记录（第一条在第 6 行）")
    assert not inputs["out"].exists()


class TestRerunKeepsABackup:
    def test_outputs_of_an_open_month_are_kept(self, inputs):
        assert invoke(run_args(inputs)).exit_code == 0
        out = inputs["out"]
        earlier = {name: (out / name).read_bytes()
                   for name in ("payroll-2026-11.xlsx", "payroll-2026-11.csv", "payroll-2026-11-lines.csv")}
        (out / "payroll-2026-11.csv").write_text("HR's notes", encoding="utf-8")      # edited by hand
        earlier["payroll-2026-11.csv"] = (out / "payroll-2026-11.csv").read_bytes()
        res = invoke(run_args(inputs))
        assert res.exit_code == 0, res.output
        backups = {p.name: p.read_bytes() for p in out.iterdir() if ".备份-" in p.name}
        for name, content in earlier.items():
            stem, suffix = name.rsplit(".", 1)
            mine = [b for b in backups if b.startswith(f"{stem}.备份-") and b.endswith(f".{suffix}")]
            if (out / name).read_bytes() == content:          # the same content again: nothing to keep
                assert mine == [] and f"{name} 已存在" not in res.output
                continue
            assert len(mine) == 1 and backups[mine[0]] == content
            assert f"{name} 已存在：原文件保存为 {mine[0]}" in res.output.splitlines()
        assert any(b.startswith("payroll-2026-11.备份-") and b.endswith(".csv") for b in backups)


def _first_run(inputs):
    assert invoke(run_args(inputs)).exit_code == 0
    out = inputs["out"]
    return {p.name: p.read_bytes() for p in out.iterdir()}


class TestStorageErrors:
    """Storage errors name the file and the cause; the ledger and the outputs stay as they were."""

    def test_disk_full_writing_the_workbook(self, inputs, monkeypatch):
        import errno

        import payroll.excel

        def full(path, *args, **kwargs):
            Path(path).write_bytes(b"PK\x03\x04")              # half a file, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        monkeypatch.setattr(payroll.excel, "write_workbook", full)
        res = invoke(run_args(inputs))
        assert res.exit_code == 3
        assert res.output.strip() == f"错误：{inputs['out'] / 'payroll-2026-11.xlsx'}：磁盘空间不足"
        assert not inputs["db"].exists()                         # no 0-byte ledger
        assert list(inputs["out"].iterdir()) == []               # no temp file left

    def test_xlsxwriter_wrapping_the_error(self, inputs, monkeypatch):
        import errno

        import payroll.excel
        from xlsxwriter.exceptions import FileCreateError

        def full(path, *args, **kwargs):
            raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))
        monkeypatch.setattr(payroll.excel, "write_workbook", full)
        res = invoke(run_args(inputs))
        assert res.exit_code == 3
        assert res.output.strip() == f"错误：{inputs['out'] / 'payroll-2026-11.xlsx'}：磁盘空间不足"

    def test_disk_full_in_a_new_ledger(self, inputs, monkeypatch):
        import sqlite3

        from payroll.ledger import Ledger

        def full(self, *args, **kwargs):
            err = sqlite3.OperationalError("database or disk is full")
            err.sqlite_errorcode = 13                            # SQLITE_FULL
            raise err
        monkeypatch.setattr(Ledger, "record_run", full)
        res = invoke(run_args(inputs))
        assert res.exit_code == 3
        assert res.output.strip() == f"错误：账本 {inputs['db']}：磁盘空间不足，账本未改动"
        assert list(inputs["out"].iterdir()) == []               # neither the ledger it created nor outputs

    def test_read_only_ledger(self, inputs, monkeypatch):
        import sqlite3

        import payroll.ledger

        before = _first_run(inputs)
        connect = sqlite3.connect

        def read_only(path, *args, **kwargs):                    # as a file the user may not write
            return connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)
        monkeypatch.setattr(payroll.ledger.sqlite3, "connect", read_only)
        res = invoke(run_args(inputs))
        assert res.exit_code == 3
        assert res.output.strip() == f"错误：账本 {inputs['db']}：只读，没有写入权限，账本未改动"
        assert "不是工资账本" not in res.output
        assert {p.name: p.read_bytes() for p in inputs["out"].iterdir()} == before

    def test_folder_without_permission(self, inputs, monkeypatch):
        import errno

        import kefu.files

        def refused(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")
        monkeypatch.setattr(kefu.files.tempfile, "mkstemp", refused)
        res = invoke(run_args(inputs))
        assert res.exit_code == 3
        assert res.output.strip() == f"错误：{inputs['out'] / 'payroll-2026-11.xlsx'}：没有写入权限"
        assert not inputs["db"].exists()

    def test_ledger_folder_that_is_a_file(self, inputs, tmp_path):
        blocker = tmp_path / "ledgers"
        blocker.write_text("a file, not a folder", encoding="utf-8")
        res = invoke(run_args(inputs, db=blocker / "ledger.sqlite"))
        assert res.exit_code == 3
        assert res.output.strip() == f"错误：{blocker}：已有同名的文件，不是文件夹"


def test_policy_saved_as_gbk_is_recorded_as_text(inputs):
    import sqlite3

    text = Path(inputs["policy"]).read_text(encoding="utf-8")
    gbk = Path(inputs["policy"]).with_name("policy-gbk.toml")
    gbk.write_bytes(text.encode("gb18030"))
    res = invoke(run_args(inputs, policy=gbk))
    assert res.exit_code == 0, res.output
    with sqlite3.connect(inputs["db"]) as conn:
        assert conn.execute("SELECT policy_text FROM runs WHERE month = '2026-11'").fetchone()[0] == text
