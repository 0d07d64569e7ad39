"""Sealed closed months: a closed month edited behind the tool's back (any sealed table, with sqlite3) stops the
next command with exit 3 naming the month; recomputing the digest does not hide it; reopen + re-close repairs;
`payroll log` lists every run, close and reopen with its OS user; close writes the final workbook."""
from __future__ import annotations

import getpass
import hashlib
import json
import sqlite3

import pytest
from openpyxl import load_workbook

from payroll.ledger import Ledger
from test_cli_payroll import invoke, kpi_rows, policy_file, run_args, write_attendance, write_kpi
from test_cli_payroll import EXAMPLES

BROKEN = ("错误：账本中 {m} 已结账的数据被改动过（{why}）：请从备份恢复，"
          "或 payroll reopen --month {m} --reason … 后重新运行并结账")


@pytest.fixture
def months(tmp_path):
    """Inputs of 2026-11 and 2026-12 (run arguments of each month)."""
    base = {"team": EXAMPLES / "team.xlsx", "policy": policy_file(tmp_path), "out": tmp_path / "out",
            "db": tmp_path / "out" / "ledger.sqlite"}
    out = {}
    for y, m in ((2026, 11), (2026, 12)):
        key = f"{y}-{m:02d}"
        out[key] = run_args({**base, "kpi": write_kpi(tmp_path / f"kpi-{key}.xlsx", kpi_rows(y, m)),
                             "attendance": write_attendance(tmp_path / f"roster-{key}.csv", y, m)}, key)
    out["db"] = str(base["db"])
    out["out"] = base["out"]
    return out


def run_and_close(months, month: str) -> None:
    res = invoke(months[month])
    assert res.exit_code == 0, res.output
    res = invoke(["close", "--month", month, "--db", months["db"]])
    assert res.exit_code == 0, res.output


def sql(db: str, statement: str, *args) -> int:
    conn = sqlite3.connect(db)
    with conn:
        n = conn.execute(statement, args).rowcount
    conn.close()
    return n


# one edit per sealed table of a closed month, and what the message says was changed
EDITS = [
    ("runs", "UPDATE runs SET total_fen = total_fen + 100 WHERE month = '2026-11'", "运行记录"),
    ("pay_lines", "UPDATE pay_lines SET amount_fen = amount_fen + 100 WHERE month = '2026-11' AND seq = 0", "工资明细"),
    ("month_facts", "UPDATE month_facts SET facts = facts || ' ' WHERE month = '2026-11' AND employee_id = 'KF001'",
     "月度事实"),
    ("employee_state", "UPDATE employee_state SET fault_carry = '100.00' WHERE month = '2026-11' "
                       "AND employee_id = 'KF001'", "员工状态"),
    ("tax_ytd", "UPDATE tax_ytd SET income = '999999.00' WHERE month = '2026-11' AND employee_id = 'KF001'",
     "个税累计"),
    ("month_hours", "UPDATE month_hours SET worked = worked + 60 WHERE month = '2026-11' AND employee_id = 'KF001'",
     "工时"),
    ("annual_leave", "UPDATE annual_leave SET remaining = '0' WHERE month = '2026-11' AND employee_id = 'KF001'",
     "年假余额"),
    ("month_reports", "UPDATE month_reports SET report = report || ' ' WHERE month = '2026-11'", "工作簿快照"),
]


class TestEditedClosedMonth:
    @pytest.mark.parametrize("table, statement, name", EDITS, ids=[e[0] for e in EDITS])
    def test_next_run_exits_3_naming_the_month(self, months, table, statement, name):
        run_and_close(months, "2026-11")
        assert sql(months["db"], statement) == 1
        res = invoke(months["2026-12"])
        assert res.exit_code == 3
        assert res.output.strip() == BROKEN.format(m="2026-11", why=f"结账后被改动：{name}")
        assert not (months["out"] / "payroll-2026-12.xlsx").exists()     # nothing written

    def test_deleted_line_is_detected(self, months):
        run_and_close(months, "2026-11")
        assert sql(months["db"], "DELETE FROM pay_lines WHERE month = '2026-11' AND seq = 3") == 1
        assert invoke(months["2026-12"]).output.strip() == BROKEN.format(m="2026-11", why="结账后被改动：工资明细")

    def test_marked_open_behind_the_tools_back(self, months):
        run_and_close(months, "2026-11")
        sql(months["db"], "UPDATE runs SET status = 'open', closed_at = NULL WHERE month = '2026-11'")
        res = invoke(months["2026-11"])                      # the re-run the edit tried to allow
        assert res.exit_code == 3
        assert res.output.strip() == BROKEN.format(m="2026-11", why="已封存为已结账，但账本中被标为未结账或被删除")

    def test_seal_deleted(self, months):
        run_and_close(months, "2026-11")
        sql(months["db"], "DELETE FROM seals WHERE month = '2026-11'")
        assert invoke(months["2026-12"]).output.strip() == BROKEN.format(m="2026-11", why="已结账，但封存记录不见了")

    @pytest.mark.parametrize("command", ["close", "slips", "bank"])
    def test_every_command_using_history_verifies(self, months, command, tmp_path):
        run_and_close(months, "2026-11")
        sql(months["db"], EDITS[4][1])
        args = {"close": ["close", "--month", "2026-11"],
                "slips": ["slips", "--month", "2026-11", "--team", str(EXAMPLES / "team.xlsx"), "--policy",
                          str(EXAMPLES / "policy.toml"), "--out", str(tmp_path / "slips")],
                "bank": ["bank", "--month", "2026-11", "--team", str(EXAMPLES / "team.xlsx"), "--policy",
                         str(EXAMPLES / "policy.toml"), "--out", str(tmp_path / "bank")]}[command]
        res = invoke(args + ["--db", months["db"]])
        assert res.exit_code == 3
        assert res.output.strip() == BROKEN.format(m="2026-11", why="结账后被改动：个税累计")
        assert not (tmp_path / "slips").exists() and not (tmp_path / "bank").exists()


def forge_seal(db: str, month: str) -> None:
    """What someone with sqlite3 and this repository would do: recompute the edited month's digest from its
    rows, the way payroll.seal documents it, and store it (without touching later links)."""
    from payroll.seal import link, table_digests
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE runs SET lines_sha256 = ? WHERE month = ?", (hashlib.sha256(b"x").hexdigest(), month))
        previous = conn.execute("SELECT previous FROM seals WHERE month = ?", (month,)).fetchone()[0]
        tables = table_digests(conn, month)
        conn.execute("UPDATE seals SET digest = ?, tables = ? WHERE month = ?",
                     (link(previous, tables), json.dumps(tables), month))
    conn.close()


class TestRecomputedDigest:
    def test_recomputing_the_edited_months_digest_is_still_detected(self, months):
        run_and_close(months, "2026-11")
        run_and_close(months, "2026-12")
        sql(months["db"], EDITS[4][1])
        forge_seal(months["db"], "2026-11")
        res = invoke(["close", "--month", "2026-12", "--db", months["db"]])
        assert res.exit_code == 3
        assert res.output.strip() == BROKEN.format(m="2026-11", why="封存摘要与 2026-12 结账时链接的不一致")

    def test_the_newest_month_recomputed_changes_the_head_shown_outside(self, months):
        """The documented limit: the newest month's digest has no next link; the head kept outside shows it."""
        run_and_close(months, "2026-11")
        wb = load_workbook(months["out"] / "payroll-2026-11.xlsx", read_only=True)
        shown = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}["链头 chain head"]
        sql(months["db"], EDITS[4][1])
        forge_seal(months["db"], "2026-11")
        res = invoke(["log", "--db", months["db"]])
        assert res.exit_code == 0
        head = res.output.strip().splitlines()[-1]
        assert head.startswith("链头 2026-11 sha256 ") and head.split()[-1] not in shown


class TestReopenRepairs:
    def test_reopen_and_close_again_repair_the_chain(self, months):
        run_and_close(months, "2026-11")
        run_and_close(months, "2026-12")
        sql(months["db"], EDITS[4][1])
        db = months["db"]
        res = invoke(["reopen", "--month", "2026-11", "--reason", "账本被改", "--db", db])
        assert res.exit_code == 3 and "2026-12 已结账" in res.output       # later months first, newest first
        for m in ("2026-12", "2026-11"):
            assert invoke(["reopen", "--month", m, "--reason", "恢复被改的个税累计", "--db", db]).exit_code == 0
        run_and_close(months, "2026-11")
        run_and_close(months, "2026-12")
        with Ledger(db) as led:
            led.check_sealed()                                            # holds again
            assert led.tax_ytd_after("2026-11")["KF001"].income != 999999
            assert [s.month for s in led.seals()] == ["2026-11", "2026-12"]
            assert led.seal("2026-12").previous == led.seal("2026-11").digest

    def test_final_workbook_lists_the_reopen_history(self, months):
        run_and_close(months, "2026-11")
        db = months["db"]
        invoke(["reopen", "--month", "2026-11", "--reason", "KF008 的年假误录为事假", "--db", db])
        run_and_close(months, "2026-11")
        wb = load_workbook(months["out"] / "payroll-2026-11.xlsx", read_only=True)
        rows = list(wb["说明"].iter_rows(min_row=2, values_only=True))
        about = dict(rows)
        assert about["状态 status"].startswith("已结账 closed ") and about["状态 status"].endswith(" 北京时间")
        with Ledger(db) as led:
            assert about["封存 seal"] == f"sha256 {led.seal('2026-11').digest}"
            entry = led.reopen_log("2026-11")[0]
        reopened = [v for k, v in rows if k == "重新打开 reopened"]
        assert len(reopened) == 1 and reopened[0].endswith(f"{getpass.getuser()}：KF008 的年假误录为事假"
                                                           f"（原结账时间 {about_time(entry.closed_at)}）")
        assert not any("not final" in str(v) or "未结账" in str(v) for v in about.values())
        assert next(wb["工资表"].iter_rows(values_only=True))[0] == "2026-11 工资表（已结账）"


def about_time(utc: str) -> str:
    """UTC ISO → Asia/Shanghai (UTC+8, no daylight saving), derived here rather than by the code under test."""
    from datetime import datetime, timedelta
    return (datetime.fromisoformat(utc) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S") + " 北京时间"


class TestLog:
    def test_log_lists_runs_closes_and_reopens_with_the_user(self, months):
        db = months["db"]
        run_and_close(months, "2026-11")
        invoke(["reopen", "--month", "2026-11", "--reason", "KF012 的事假更正", "--db", db])
        run_and_close(months, "2026-11")
        res = invoke(["log", "--db", db])
        assert res.exit_code == 0
        rows = [ln.split("\t") for ln in res.output.strip().splitlines()[1:-1]]
        assert [(r[0], r[2], r[3]) for r in rows] == [("2026-11", a, getpass.getuser())
                                                       for a in ("运行", "结账", "重新打开", "运行", "结账")]
        assert rows[2][4] == "KF012 的事假更正"
        with Ledger(db) as led:
            events = led.log()
            assert [about_time(e.at) for e in events] == [r[1] for r in rows]
            assert rows[-1][4] == f"封存 sha256 {led.seal('2026-11').digest}"
            assert res.output.strip().splitlines()[-1] == f"链头 2026-11 sha256 {led.chain_head().digest}"

    def test_log_of_a_broken_ledger_names_the_month(self, months):
        run_and_close(months, "2026-11")
        sql(months["db"], EDITS[1][1])
        res = invoke(["log", "--db", months["db"]])
        assert res.exit_code == 3
        assert res.output.strip().splitlines()[-1] == BROKEN.format(m="2026-11", why="结账后被改动：工资明细")


class TestKeptHead:
    def test_a_head_kept_outside_is_found_after_later_closes(self, months):
        run_and_close(months, "2026-11")
        with Ledger(months["db"]) as led:
            kept = led.chain_head().digest
        run_and_close(months, "2026-12")
        res = invoke(["log", "--head", kept, "--db", months["db"]])
        assert res.exit_code == 0
        assert res.output.strip().splitlines()[-1] == f"链头核对无误：{kept} 是 2026-11 的封存摘要，其后又结账了 2026-12"

    def test_the_newest_month_rewritten_with_its_digest_is_caught_by_the_kept_head(self, months):
        run_and_close(months, "2026-11")
        with Ledger(months["db"]) as led:
            kept = led.chain_head().digest
        sql(months["db"], EDITS[4][1])
        forge_seal(months["db"], "2026-11")
        assert invoke(["log", "--db", months["db"]]).exit_code == 0        # the chain alone cannot tell
        res = invoke(["log", "--head", f"sha256 {kept}", "--db", months["db"]])
        assert res.exit_code == 3
        assert res.output.strip().splitlines()[-1].startswith(f"错误：账本中没有封存摘要 {kept}：")


class TestOpenMonthEdited:
    def test_close_refuses_lines_edited_with_their_digest_recomputed(self, months):
        """The old bypass: edit an open month's line and recompute lines_sha256 — the run's workbook disagrees."""
        from payroll.ledger_codec import lines_digest
        assert invoke(months["2026-11"]).exit_code == 0
        db = months["db"]
        sql(db, "UPDATE pay_lines SET amount_fen = amount_fen + 100000 WHERE month = '2026-11' AND seq = 0")
        conn = sqlite3.connect(db)
        with conn:
            rows = conn.execute("SELECT employee_id, rule_id, amount_fen, reason FROM pay_lines WHERE month = '2026-11' "
                                "ORDER BY seq").fetchall()
            eid = rows[0][0]
            conn.execute("UPDATE runs SET lines_sha256 = ? WHERE month = '2026-11'", (lines_digest(rows),))
        conn.close()
        before = (months["out"] / "payroll-2026-11.xlsx").read_bytes()
        res = invoke(["close", "--month", "2026-11", "--db", db])
        assert res.exit_code == 3
        assert res.output.strip() == (f"错误：2026-11：账本 ledger.sqlite 中 {eid} 的工资明细与写入它们的那次运行的工资表"
                                      "不一致；请重新运行该月，再结账")
        with Ledger(db) as led:
            assert led.status("2026-11") == "open" and led.seals() == []
        assert (months["out"] / "payroll-2026-11.xlsx").read_bytes() == before


class TestFinalWorkbookFolder:
    def test_a_vanished_run_folder_asks_for_out(self, months, tmp_path):
        import shutil
        db = str(tmp_path / "elsewhere.sqlite")
        args = months["2026-11"][:]
        args[args.index("--db") + 1] = db
        assert invoke(args).exit_code == 0
        shutil.rmtree(months["out"])
        res = invoke(["close", "--month", "2026-11", "--db", db])
        assert res.exit_code == 3
        assert res.output.strip() == (f"错误：2026-11 运行时的输出文件夹 {months['out']} 已不存在；"
                                      "请用 --out 指定最终工作簿写到哪个文件夹")
        res = invoke(["close", "--month", "2026-11", "--out", str(tmp_path / "final"), "--db", db])
        assert res.exit_code == 0
        assert f"已写出 {tmp_path / 'final' / 'payroll-2026-11.xlsx'}（最终工资表，已结账）" in res.output


class TestUpgradeFromVersion1:
    def test_closed_months_of_an_old_ledger_are_sealed_as_they_are(self, months):
        run_and_close(months, "2026-11")
        db = months["db"]
        conn = sqlite3.connect(db)               # back to what version 1 wrote: no seals, no user columns
        with conn:
            conn.execute("DELETE FROM seals")
            conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
            conn.execute("ALTER TABLE events DROP COLUMN user")
            conn.execute("ALTER TABLE reopen_log DROP COLUMN user")
        conn.close()
        with Ledger(db) as led:
            led.check_sealed()
            assert [s.month for s in led.seals()] == ["2026-11"]
            assert [(e.action, e.user) for e in led.log()] == [("run", ""), ("close", ""),
                                                               ("seal", getpass.getuser())]
        sql(db, EDITS[4][1])                     # protected from here on
        assert invoke(months["2026-12"]).exit_code == 3


class TestCloseAgain:
    def test_closing_a_closed_month_rewrites_its_final_workbook_only(self, months):
        run_and_close(months, "2026-11")
        book = months["out"] / "payroll-2026-11.xlsx"
        first = dict(load_workbook(book, read_only=True)["说明"].iter_rows(min_row=2, values_only=True))
        book.write_bytes(b"locked in Excel, then saved over")
        with Ledger(months["db"]) as led:
            before = (led.seals(), led.log())
        res = invoke(["close", "--month", "2026-11", "--db", months["db"]])
        assert res.exit_code == 0
        assert res.output.strip().splitlines() == [f"已写出 {book}（最终工资表，已结账）", "2026-11 此前已结账，账本未作改动"]
        with Ledger(months["db"]) as led:
            assert (led.seals(), led.log()) == before
        again = dict(load_workbook(book, read_only=True)["说明"].iter_rows(min_row=2, values_only=True))
        assert again["封存 seal"] == first["封存 seal"] and again["状态 status"] == first["状态 status"]


class TestReopenHistorySealed:
    def test_rewriting_why_a_month_was_reopened_is_detected(self, months):
        db = months["db"]
        run_and_close(months, "2026-11")
        invoke(["reopen", "--month", "2026-11", "--reason", "KF008 的年假误录为事假", "--db", db])
        run_and_close(months, "2026-11")
        assert sql(db, "UPDATE reopen_log SET reason = '例行检查' WHERE month = '2026-11'") == 1
        res = invoke(months["2026-12"])
        assert res.exit_code == 3
        assert res.output.strip() == BROKEN.format(m="2026-11", why="结账后被改动：重新打开记录")
