"""The pay ledger: an embedded SQLite file holding every month's pay lines and the history they need.

Tables
    runs         one row per month: status open/closed, when, the input files with sha256, the policy text
    pay_lines    one row per employee × component (rule_id, amount in fen, reason, figures) — the single
                 source the register, slips and totals are views of
    month_facts  per employee and month, the facts later months' rules look back on (MonthFacts)
    employee_state  per employee and month, what the next month starts from: level after demotions,
                 fault deductions carried over the 20 % cap
    tax_ytd      per employee and month, the income-tax year-to-date *after* that month (累计预扣法)
    month_hours  per employee and month, the working time in minutes (standard, worked, holiday, credited):
                 a comprehensive-hours quarter or year settles on its closed months' sums
    annual_leave per employee and month, the annual-leave balance after that month (payroll.annual_leave):
                 entitlement, days carried in, days taken before it and in it, days left
    month_reports per month, the output folder of its last run and a snapshot of what its workbook shows
                 beyond the lines (payroll.month_report), so `close` can write the final workbook
    seals        per closed month, its link in the hash chain (payroll.seal)
    reopen_log   every reopen of a closed month, with its reason and the OS user
    events       run / close / reopen audit trail, with the OS user (`payroll log`)

Life cycle: `record_run` writes or replaces an open month; `close` freezes it (idempotent); a closed
month refuses `record_run` until `reopen(month, reason)`, which is logged. History for a month (rules
looking back, tax year-to-date) comes from closed months only, and only after `check_sealed` found every
closed month as it was sealed (payroll.seal). Each operation is one transaction, so a
crash leaves the ledger as it was before it. This module never imports click. The tables' SQL is in
payroll.ledger_schema, the records it hands out (errors, runs, the log, LedgerHistory) in
payroll.ledger_records; both are re-exported here.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from kefu.working_time import MonthHours
from payroll.ledger_codec import (sha256_file, month_key, shift_month, _now, dumps, loads, _to_fen, _from_fen, lines_digest, _facts_from, os_user)  # noqa: F401
from payroll.lines import PayLine
from payroll.seal import Seal, head, seal_month, seals, unseal_month, verify
from payroll.statutory.income_tax import TaxYTD

from payroll.ledger_records import (EmployeeState, InputFile, LedgerError, LedgerHistory, LogEntry,  # noqa: F401
                                    ReopenEntry, RunInfo, empty_history)
from payroll.ledger_schema import OPEN, CLOSED, SCHEMA_VERSION, _SCHEMA  # noqa: F401


SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse_other_files(path: Path) -> None:
    """A file that is not SQLite at all (a note, a workbook) is refused before SQLite may write over it."""
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise LedgerError(f"{path.name}: not a pay ledger (not an SQLite file)",
                          zh=f"{path.name}：不是工资账本（不是 SQLite 数据库文件，未作改动）")


class Ledger:
    """One SQLite ledger file. Use as a context manager, or call close_connection()."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        existing = self.path.is_file() and self.path.stat().st_size > 0
        if existing:
            _refuse_other_files(self.path)
        self._conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            if existing:
                self._refuse_other_databases()
            self._open()
        except BaseException:       # not a ledger, read-only, disk full: leave no connection holding the file
            self._conn.close()
            raise

    def _refuse_other_databases(self) -> None:
        """An existing SQLite file without the ledger's meta table is someone else's database: never add
        the ledger's tables to it."""
        if self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
            raise LedgerError(f"{self.path.name}: an SQLite database, but not a pay ledger",
                              zh=f"{self.path.name}：不是工资账本（是别的 SQLite 数据库，未作改动）")

    def _open(self) -> None:
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.executescript(_SCHEMA)  # idempotent: CREATE ... IF NOT EXISTS
        cur = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        row = cur.fetchone()
        if row is None:
            self._conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) == 1:
            self._upgrade_from_1()
        elif int(row[0]) != SCHEMA_VERSION:
            raise LedgerError(f"{self.path.name}: ledger schema version {row[0]}, this tool reads {SCHEMA_VERSION}",
                              zh=f"{self.path.name}：账本结构版本为 {row[0]}，本工具只能读版本 {SCHEMA_VERSION}")

    def _upgrade_from_1(self) -> None:
        """A ledger written before seals: add the user columns, and seal its closed months as they are now
        (trust on first use — the chain protects them from here on; the upgrade is logged)."""
        with self._transaction() as c:
            for table in ("events", "reopen_log"):
                if "user" not in {r[1] for r in c.execute(f"PRAGMA table_info({table})")}:
                    c.execute(f"ALTER TABLE {table} ADD COLUMN user TEXT NOT NULL DEFAULT ''")
            now, user = _now(), os_user()
            for (month,) in c.execute("SELECT month FROM runs WHERE status = 'closed' ORDER BY month").fetchall():
                seal_month(c, month, now)
                c.execute("INSERT INTO events (month, action, at, detail, user) VALUES (?, 'seal', ?, ?, ?)",
                          (month, now, "账本升级到版本 2 时按现状封存", user))
            c.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

    # --- plumbing -------------------------------------------------------------------------------

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close_connection()

    def close_connection(self) -> None:
        self._conn.close()

    class _Tx:
        def __init__(self, conn: sqlite3.Connection):
            self.conn = conn

        def __enter__(self):
            self.conn.execute("BEGIN IMMEDIATE")
            return self.conn

        def __exit__(self, exc_type, *rest):
            self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
            return False

    def _transaction(self) -> "_Tx":
        return Ledger._Tx(self._conn)

    # --- reading --------------------------------------------------------------------------------

    def status(self, month: str) -> str | None:
        row = self._conn.execute("SELECT status FROM runs WHERE month = ?", (month,)).fetchone()
        return row[0] if row else None

    def months(self) -> list[RunInfo]:
        rows = self._conn.execute("SELECT month FROM runs ORDER BY month").fetchall()
        return [self.run_info(m) for (m,) in rows]

    def run_info(self, month: str) -> RunInfo | None:
        row = self._conn.execute(
            "SELECT month, status, run_at, closed_at, inputs, policy_sha256, employees, total_fen "
            "FROM runs WHERE month = ?", (month,)).fetchone()
        if row is None:
            return None
        inputs = tuple(InputFile(**d) for d in json.loads(row[4]))
        return RunInfo(row[0], row[1], row[2], row[3], inputs, row[5], row[6], _from_fen(row[7]))

    def policy_text(self, month: str) -> str | None:
        row = self._conn.execute("SELECT policy_text FROM runs WHERE month = ?", (month,)).fetchone()
        return row[0] if row else None

    def lines(self, month: str, employee_id: str | None = None) -> list[PayLine]:
        sql = "SELECT employee_id, rule_id, amount_fen, reason, figures FROM pay_lines WHERE month = ?"
        args: tuple = (month,)
        if employee_id is not None:
            sql += " AND employee_id = ?"
            args += (employee_id,)
        rows = self._conn.execute(sql + " ORDER BY seq", args).fetchall()
        return [PayLine(e, r, _from_fen(a), reason, loads(f)) for e, r, a, reason, f in rows]

    def employees_with(self, month: str, rule_id: str) -> set[str]:
        """The employees who have a line of `rule_id` in `month`."""
        rows = self._conn.execute("SELECT DISTINCT employee_id FROM pay_lines WHERE month = ? AND rule_id = ?",
                                  (month, rule_id))
        return {e for (e,) in rows}

    def net_by_employee(self, month: str) -> dict[str, Decimal]:
        rows = self._conn.execute("SELECT employee_id, SUM(amount_fen) FROM pay_lines WHERE month = ? "
                                  "GROUP BY employee_id", (month,)).fetchall()
        return {e: _from_fen(s) for e, s in rows}

    def month_facts(self, month: str, facts_type: type | None = None) -> dict[str, Any]:
        rows = self._conn.execute("SELECT employee_id, facts FROM month_facts WHERE month = ?", (month,))
        return {e: _facts_from(facts_type, loads(f)) for e, f in rows}

    def employee_state(self, month: str) -> dict[str, EmployeeState]:
        rows = self._conn.execute("SELECT employee_id, sheet_level, level_after, fault_carry FROM employee_state "
                                  "WHERE month = ?", (month,))
        return {e: EmployeeState(s, a, Decimal(c)) for e, s, a, c in rows}

    def tax_ytd_after(self, month: str) -> dict[str, TaxYTD]:
        rows = self._conn.execute(
            "SELECT employee_id, income, special_deductions, special_additional, other, months, tax_withheld "
            "FROM tax_ytd WHERE month = ?", (month,)).fetchall()
        return {r[0]: TaxYTD(Decimal(r[1]), Decimal(r[2]), Decimal(r[3]), Decimal(r[4]), r[5], Decimal(r[6]))
                for r in rows}

    def reopen_log(self, month: str | None = None) -> list[ReopenEntry]:
        sql = "SELECT month, reason, reopened_at, closed_at, user FROM reopen_log"
        rows = self._conn.execute(sql + (" WHERE month = ? ORDER BY id" if month else " ORDER BY id"),
                                  (month,) if month else ()).fetchall()
        return [ReopenEntry(*r) for r in rows]

    def events(self, month: str | None = None) -> list[tuple[str, str, str, str]]:
        sql = "SELECT month, action, at, detail FROM events"
        return self._conn.execute(sql + (" WHERE month = ? ORDER BY id" if month else " ORDER BY id"),
                                  (month,) if month else ()).fetchall()

    def log(self, month: str | None = None) -> list[LogEntry]:
        """Runs, closes and reopens, oldest first, with the OS user (empty for events before version 2)."""
        sql = "SELECT month, action, at, detail, user FROM events"
        rows = self._conn.execute(sql + (" WHERE month = ? ORDER BY id" if month else " ORDER BY id"),
                                  (month,) if month else ()).fetchall()
        return [LogEntry(*r) for r in rows]

    def seals(self) -> list[Seal]:
        return seals(self._conn)

    def seal(self, month: str) -> Seal | None:
        return next((s for s in seals(self._conn) if s.month == month), None)

    def chain_head(self) -> Seal | None:
        """The newest closed month's seal; keep a copy of its digest outside the ledger."""
        return head(self._conn)

    def month_report(self, month: str) -> tuple[str | None, str] | None:
        """(output folder of the last run, snapshot JSON) of the month, or None when the run stored none."""
        row = self._conn.execute("SELECT folder, report FROM month_reports WHERE month = ?", (month,)).fetchone()
        return (row[0], row[1]) if row else None

    def history(self, month: str, months_back: int = 12, facts_type: type | None = None) -> LedgerHistory:
        """History as seen from `month`: closed months before it (facts) and this year's tax YTD."""
        oldest = shift_month(month, -months_back)
        facts: dict[str, list[tuple[str, Any]]] = {}
        rows = self._conn.execute(
            "SELECT f.employee_id, f.month, f.facts FROM month_facts f JOIN runs r ON r.month = f.month "
            "WHERE r.status = 'closed' AND f.month < ? AND f.month >= ? ORDER BY f.month DESC",
            (month, oldest))
        for emp, m, text in rows:
            facts.setdefault(emp, []).append((m, _facts_from(facts_type, loads(text))))
        ytd: dict[str, TaxYTD] = {}
        year_start = month[:4] + "-01"
        rows = self._conn.execute(
            "SELECT t.employee_id, t.income, t.special_deductions, t.special_additional, t.other, t.months, "
            "t.tax_withheld FROM tax_ytd t JOIN runs r ON r.month = t.month "
            "WHERE r.status = 'closed' AND t.month < ? AND t.month >= ? ORDER BY t.month", (month, year_start))
        for r in rows:  # ascending: the latest closed month of the year wins
            ytd[r[0]] = TaxYTD(Decimal(r[1]), Decimal(r[2]), Decimal(r[3]), Decimal(r[4]), r[5], Decimal(r[6]))
        state: dict[str, EmployeeState] = {}
        rows = self._conn.execute(
            "SELECT s.employee_id, s.sheet_level, s.level_after, s.fault_carry FROM employee_state s "
            "JOIN runs r ON r.month = s.month WHERE r.status = 'closed' AND s.month < ? ORDER BY s.month", (month,))
        for emp, sheet_level, level_after, carry in rows:  # ascending: the latest closed month wins
            state[emp] = EmployeeState(sheet_level, level_after, Decimal(carry))
        hours: dict[str, dict[str, MonthHours]] = {}
        rows = self._conn.execute(
            "SELECT h.employee_id, h.month, h.standard, h.worked, h.holiday, h.credited FROM month_hours h "
            "JOIN runs r ON r.month = h.month WHERE r.status = 'closed' AND h.month < ? AND h.month >= ?",
            (month, oldest))
        for emp, m, standard, worked, holiday, credited in rows:
            hours.setdefault(emp, {})[m] = MonthHours(standard, worked, holiday, credited)
        taken: dict[str, Decimal] = {}
        rows = self._conn.execute(
            "SELECT a.employee_id, SUM(a.taken_month) FROM annual_leave a JOIN runs r ON r.month = a.month "
            "WHERE r.status = 'closed' AND a.month < ? AND a.month >= ? GROUP BY a.employee_id", (month, year_start))
        for emp, days in rows:
            taken[emp] = Decimal(days)
        carry: dict[str, Decimal] = {}
        last_year = f"{int(month[:4]) - 1:04d}"
        rows = self._conn.execute(
            "SELECT a.employee_id, a.remaining FROM annual_leave a JOIN runs r ON r.month = a.month "
            "WHERE r.status = 'closed' AND a.month >= ? AND a.month < ? ORDER BY a.month",
            (last_year + "-01", year_start))
        for emp, remaining in rows:  # ascending: the latest closed month of last year wins
            carry[emp] = Decimal(remaining)
        rows = self._conn.execute(
            "SELECT p.employee_id, SUM(p.amount_fen) FROM pay_lines p JOIN runs r ON r.month = p.month "
            "WHERE r.status = 'closed' AND p.month = ? AND p.rule_id = 'negative_net_carry' GROUP BY p.employee_id",
            (shift_month(month, -1),))
        net_carry = {emp: _from_fen(fen) for emp, fen in rows}
        return LedgerHistory(month, facts, ytd, state, hours, annual_taken=taken, annual_carry=carry,
                             net_carry=net_carry)

    def annual_leave(self, month: str) -> dict[str, tuple[int, Decimal, Decimal, int, Decimal]]:
        """employee -> (entitlement, carried_in, taken_before, taken_month, remaining) recorded for `month`."""
        rows = self._conn.execute("SELECT employee_id, entitlement, carried_in, taken_before, taken_month, remaining "
                                  "FROM annual_leave WHERE month = ?", (month,))
        return {e: (ent, Decimal(c), Decimal(b), t, Decimal(r)) for e, ent, c, b, t, r in rows}

    # --- guards ---------------------------------------------------------------------------------

    def check_sealed(self) -> None:
        """Raise LedgerError naming the first closed month whose rows no longer match its seal."""
        broken = verify(self._conn)
        if broken is None:
            return
        m = broken.month
        raise LedgerError(f"closed month {m} in {self.path.name} was changed after closing ({broken.detail}): "
                          f"restore the ledger from a backup, or `payroll reopen --month {m} --reason TEXT`, "
                          "then run and close it again",
                          zh=f"账本中 {m} 已结账的数据被改动过（{broken.detail_zh}）：请从备份恢复，"
                             f"或 payroll reopen --month {m} --reason … 后重新运行并结账")

    def check_can_run(self, month: str) -> None:
        """Raise LedgerError when `month` may not be (re)computed now."""
        if self.status(month) == CLOSED:
            raise LedgerError(f"month {month} is closed in {self.path.name}; to change it run "
                              f"`payroll reopen --month {month} --reason TEXT` first",
                              zh=f"{month} 在账本 {self.path.name} 中已结账；如需修改，请先写明原因重新打开："
                                 f"`payroll reopen --month {month} --reason TEXT`")
        earlier = self._conn.execute("SELECT month FROM runs WHERE status = 'open' AND month < ? ORDER BY month",
                                     (month,)).fetchall()
        if earlier:
            m = earlier[0][0]
            raise LedgerError(f"month {m} is still open in {self.path.name}; close it first "
                              f"(`payroll close --month {m}`) so {month} can build on its history",
                              zh=f"{m} 在账本 {self.path.name} 中还没有结账；请先结账（`payroll close --month {m}`），"
                                 f"{month} 才能接着它的累计数计算")

    # --- writing --------------------------------------------------------------------------------

    def record_run(self, month: str, lines: Sequence[PayLine], facts: Mapping[str, Any],
                   ytd: Mapping[str, TaxYTD], inputs: Sequence[InputFile], policy_text: str,
                   state: Mapping[str, EmployeeState] | None = None,
                   hours: Mapping[str, MonthHours] | None = None,
                   annual_leave: Mapping[str, Any] | None = None,
                   report: tuple[str | None, str] | None = None) -> None:
        """Write the month's lines, facts, tax YTD, working time and annual-leave balances
        (payroll.annual_leave's AnnualLeaveBalance), replacing an open month's earlier run; `report` is
        (output folder, workbook snapshot JSON) for the final workbook at close."""
        rows = [(ln.employee_id, ln.rule_id, _to_fen(ln.amount), ln.reason) for ln in lines]
        digest = lines_digest(rows)
        with self._transaction() as c:
            self.check_can_run(month)
            for table in ("pay_lines", "month_facts", "tax_ytd", "employee_state", "month_hours",
                          "annual_leave", "month_reports"):
                c.execute(f"DELETE FROM {table} WHERE month = ?", (month,))
            c.execute("DELETE FROM runs WHERE month = ?", (month,))
            c.execute(
                "INSERT INTO runs (month, status, run_at, closed_at, inputs, policy_text, policy_sha256, "
                "lines_sha256, employees, total_fen) VALUES (?, 'open', ?, NULL, ?, ?, ?, ?, ?, ?)",
                (month, _now(), json.dumps([dataclasses.asdict(i) for i in inputs], ensure_ascii=False),
                 policy_text, hashlib.sha256(policy_text.encode()).hexdigest(), digest,
                 len({r[0] for r in rows}), sum(r[2] for r in rows)))
            c.executemany(
                "INSERT INTO pay_lines (month, seq, employee_id, rule_id, amount_fen, reason, figures) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((month, i, *row, dumps(ln.figures or {})) for i, (row, ln) in enumerate(zip(rows, lines))))
            c.executemany("INSERT INTO month_facts (month, employee_id, facts) VALUES (?, ?, ?)",
                          ((month, e, dumps(f)) for e, f in facts.items()))
            c.executemany(
                "INSERT INTO tax_ytd (month, employee_id, income, special_deductions, special_additional, other, "
                "months, tax_withheld) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ((month, e, str(y.income), str(y.special_deductions), str(y.special_additional), str(y.other),
                  y.months, str(y.tax_withheld)) for e, y in ytd.items()))
            c.executemany("INSERT INTO employee_state (month, employee_id, sheet_level, level_after, fault_carry) "
                          "VALUES (?, ?, ?, ?, ?)",
                          ((month, e, s.sheet_level, s.level_after, str(s.fault_carry))
                           for e, s in (state or {}).items()))
            c.executemany("INSERT INTO month_hours (month, employee_id, standard, worked, holiday, credited) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          ((month, e, h.standard, h.worked, h.holiday, h.credited) for e, h in (hours or {}).items()))
            c.executemany("INSERT INTO annual_leave (month, employee_id, year, entitlement, carried_in, taken_before, "
                          "taken_month, remaining) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          ((month, e, b.year, b.entitlement, str(b.carried_in), str(b.taken_before), b.taken_month,
                            str(b.remaining)) for e, b in (annual_leave or {}).items()))
            if report is not None:
                c.execute("INSERT INTO month_reports (month, folder, report) VALUES (?, ?, ?)", (month, *report))
            c.execute("INSERT INTO events (month, action, at, detail, user) VALUES (?, 'run', ?, ?, ?)",
                      (month, _now(), f"{len(rows)} 条明细，{len({r[0] for r in rows})} 人", os_user()))

    def close(self, month: str, before_commit: Callable[[Seal], None] | None = None) -> bool:
        """Freeze and seal `month`. True when it was closed now, False when it already was (harmless).

        The chain is verified first. `before_commit(seal)` runs inside the transaction (the final workbook is
        written to a temporary file there): when it raises, the month stays open."""
        with self._transaction() as c:
            self.check_sealed()
            row = c.execute("SELECT status, lines_sha256 FROM runs WHERE month = ?", (month,)).fetchone()
            if row is None:
                raise LedgerError(f"month {month} has not been run in {self.path.name}; nothing to close",
                                  zh=f"账本 {self.path.name} 中还没有运行过 {month}，没有可结账的内容")
            if row[0] == CLOSED:
                return False
            stored = c.execute("SELECT employee_id, rule_id, amount_fen, reason FROM pay_lines WHERE month = ? "
                               "ORDER BY seq", (month,)).fetchall()
            if lines_digest(stored) != row[1]:
                raise LedgerError(f"month {month}: the pay lines in {self.path.name} do not match the run "
                                  "that wrote them; run the month again before closing",
                                  zh=f"{month}：账本 {self.path.name} 中的工资明细与写入它们的那次运行不一致；"
                                     "请重新运行该月，再结账")
            now = _now()
            c.execute("UPDATE runs SET status = 'closed', closed_at = ? WHERE month = ?", (now, month))
            sealed = seal_month(c, month, now)
            c.execute("INSERT INTO events (month, action, at, detail, user) VALUES (?, 'close', ?, ?, ?)",
                      (month, now, f"封存 sha256 {sealed.digest}", os_user()))
            if before_commit is not None:
                before_commit(sealed)
        return True

    def reopen(self, month: str, reason: str) -> None:
        """Open a closed month again — the only way to change one; the reason is logged."""
        if not reason or not reason.strip():
            raise LedgerError("a reason is required to reopen a closed month",
                              zh="重新打开已结账的月份必须写明原因（--reason）")
        with self._transaction() as c:
            row = c.execute("SELECT status, closed_at FROM runs WHERE month = ?", (month,)).fetchone()
            if row is None:
                raise LedgerError(f"month {month} has not been run in {self.path.name}; nothing to reopen",
                                  zh=f"账本 {self.path.name} 中还没有运行过 {month}，无需重新打开")
            if row[0] != CLOSED:
                raise LedgerError(f"month {month} is not closed; it can be run again as it is",
                                  zh=f"{month} 还没有结账，可以直接重新运行")
            later = c.execute("SELECT month FROM runs WHERE status = 'closed' AND month > ? ORDER BY month DESC",
                              (month,)).fetchall()
            if later:
                raise LedgerError(f"month {later[0][0]} is closed and was computed from {month}'s history; "
                                  f"reopen the later months first, newest first",
                                  zh=f"{later[0][0]} 已结账，且是接着 {month} 的累计数计算的；"
                                     "请先从最近的月份起逐月往前重新打开")
            now, user = _now(), os_user()
            c.execute("UPDATE runs SET status = 'open', closed_at = NULL WHERE month = ?", (month,))
            unseal_month(c, month)
            c.execute("INSERT INTO reopen_log (month, reason, reopened_at, closed_at, user) VALUES (?, ?, ?, ?, ?)",
                      (month, reason.strip(), now, row[1], user))
            c.execute("INSERT INTO events (month, action, at, detail, user) VALUES (?, 'reopen', ?, ?, ?)",
                      (month, now, reason.strip(), user))


def read_history(path: str | Path | None, month: str, months_back: int = 12,
                 facts_type: type | None = None) -> LedgerHistory:
    """History from a ledger file without creating it (a run validates everything before writing)."""
    if path is None or not Path(path).exists():
        return empty_history(month)
    with Ledger(path) as ledger:
        ledger.check_sealed()
        ledger.check_can_run(month)
        return ledger.history(month, months_back, facts_type)
