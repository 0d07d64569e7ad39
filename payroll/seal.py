"""Sealed closed months: a hash chain over everything a closed month leaves in the ledger.

When `payroll close` freezes a month it stores a seal (table `seals`): the month's digest =
sha256(previous closed month's digest + a canonical serialisation of every row of the month in the
sealed tables — the run row, pay lines, month facts, employee state, tax year-to-date, working time,
annual-leave balances, the workbook snapshot and the month's earlier reopens). The audit trail of
`payroll log` (table `events`) is not sealed: it only ever grows, and its close entries repeat the digests. Each seal also names the previous closed month and
its digest, so the chain runs through every closed month in month order; its last digest is the head.

`verify` walks the chain before any command uses history and names the first month whose rows or seal
no longer match:
- a row of a closed month edited, added or deleted → that month's digest no longer matches;
- that month's digest recomputed to hide the edit → the next month's seal still holds the old digest,
  so the break is found at the edited month all the same;
- a closed month marked open again (or its seal deleted) behind the tool's back → a closed month without
  its seal, or a seal of a month that is not closed.

What it cannot detect: someone with the file who recomputes the whole chain from the edited month to the
head, or edits the newest closed month and recomputes its digest. Only an outside copy of the head catches
that — it is printed by `payroll close`, shown on the final workbook's 说明 sheet and by `payroll log`.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

# The tables a closed month is sealed over, each with its columns in a fixed order and the key that
# orders its rows: the serialisation must not depend on how SQLite happens to return rows.
SEALED_TABLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("runs", ("month", "status", "run_at", "closed_at", "inputs", "policy_text", "policy_sha256",
              "lines_sha256", "employees", "total_fen"), "month"),
    ("pay_lines", ("seq", "employee_id", "rule_id", "amount_fen", "reason", "figures"), "seq"),
    ("month_facts", ("employee_id", "facts"), "employee_id"),
    ("employee_state", ("employee_id", "sheet_level", "level_after", "fault_carry"), "employee_id"),
    ("tax_ytd", ("employee_id", "income", "special_deductions", "special_additional", "other", "months",
                 "tax_withheld"), "employee_id"),
    ("month_hours", ("employee_id", "standard", "worked", "holiday", "credited"), "employee_id"),
    ("annual_leave", ("employee_id", "year", "entitlement", "carried_in", "taken_before", "taken_month",
                      "remaining"), "employee_id"),
    ("month_reports", ("folder", "report"), "month"),
    ("reopen_log", ("id", "reason", "reopened_at", "closed_at", "user"), "id"),   # shown on 说明 (who, why)
)

# what each sealed table holds, as the message about a broken seal names it
TABLE_NAMES_ZH = {"runs": "运行记录", "pay_lines": "工资明细", "month_facts": "月度事实", "employee_state": "员工状态",
                  "tax_ytd": "个税累计", "month_hours": "工时", "annual_leave": "年假余额",
                  "month_reports": "工作簿快照", "reopen_log": "重新打开记录"}

SEALS_SCHEMA = """
CREATE TABLE IF NOT EXISTS seals (
    month          TEXT PRIMARY KEY,               -- a closed month
    previous_month TEXT,                           -- the closed month before it in the chain (NULL: first)
    previous       TEXT NOT NULL,                  -- its digest ('' for the first)
    digest         TEXT NOT NULL,                  -- sha256(previous + the month's canonical rows)
    tables         TEXT NOT NULL,                  -- JSON {table: sha256 of its rows}: names what changed
    sealed_at      TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Seal:
    month: str
    previous_month: str | None
    previous: str
    digest: str
    tables: dict[str, str]
    sealed_at: str


@dataclass(frozen=True)
class Break:
    """The first closed month whose sealed rows or seal no longer match, and what was found."""

    month: str
    detail: str          # English
    detail_zh: str


def table_digests(conn: sqlite3.Connection, month: str) -> dict[str, str]:
    """sha256 of each sealed table's rows of `month`, in canonical form (JSON rows in key order)."""
    out = {}
    for table, columns, key in SEALED_TABLES:
        h = hashlib.sha256()
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE month = ? ORDER BY {key}", (month,))
        for row in rows:
            h.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
            h.update(b"\n")
        out[table] = h.hexdigest()
    return out


def link(previous: str, tables: dict[str, str]) -> str:
    """The month's digest: the previous digest followed by its tables' digests, in SEALED_TABLES order."""
    h = hashlib.sha256(previous.encode())
    for table, _, _ in SEALED_TABLES:
        h.update(f"\n{table}:{tables[table]}".encode())
    return h.hexdigest()


def seals(conn: sqlite3.Connection) -> list[Seal]:
    rows = conn.execute("SELECT month, previous_month, previous, digest, tables, sealed_at FROM seals "
                        "ORDER BY month").fetchall()
    return [Seal(m, pm, p, d, json.loads(t), at) for m, pm, p, d, t, at in rows]


def head(conn: sqlite3.Connection) -> Seal | None:
    """The newest seal: its digest stands for every closed month before it."""
    chain = seals(conn)
    return chain[-1] if chain else None


def seal_month(conn: sqlite3.Connection, month: str, at: str) -> Seal:
    """Seal a month just marked closed, chained to the newest seal before it (inside the caller's transaction)."""
    row = conn.execute("SELECT month, digest FROM seals WHERE month < ? ORDER BY month DESC LIMIT 1",
                       (month,)).fetchone()
    previous_month, previous = (row[0], row[1]) if row else (None, "")
    tables = table_digests(conn, month)
    s = Seal(month, previous_month, previous, link(previous, tables), tables, at)
    conn.execute("INSERT OR REPLACE INTO seals (month, previous_month, previous, digest, tables, sealed_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (month, previous_month, previous, s.digest, json.dumps(tables), at))
    return s


def unseal_month(conn: sqlite3.Connection, month: str) -> None:
    """A reopened month leaves the chain (later closed months must have been reopened before it)."""
    conn.execute("DELETE FROM seals WHERE month = ?", (month,))


def verify(conn: sqlite3.Connection) -> Break | None:
    """The first month (oldest first) whose sealed rows or seal do not match, or None when the chain holds."""
    closed = {m for (m,) in conn.execute("SELECT month FROM runs WHERE status = 'closed'")}
    by_month = {s.month: s for s in seals(conn)}
    previous_month, previous = None, ""
    for month in sorted(closed | set(by_month)):
        s = by_month.get(month)
        if month not in closed:
            return Break(month, "sealed as closed, but marked open (or deleted) in the ledger",
                         "已封存为已结账，但账本中被标为未结账或被删除")
        if s is None:
            return Break(month, "closed, but its seal is missing", "已结账，但封存记录不见了")
        if s.previous_month != previous_month or s.previous != previous:
            # the seal was chained to another digest than the chain now holds: the month it names had its
            # rows and digest rewritten (or was removed)
            culprit = s.previous_month or previous_month or month
            return Break(culprit, f"its seal no longer matches the one {month} was chained to",
                         f"封存摘要与 {month} 结账时链接的不一致")
        tables = table_digests(conn, month)
        if link(previous, tables) != s.digest:
            changed = [t for t, _, _ in SEALED_TABLES if s.tables.get(t) != tables[t]] or ["seals"]
            return Break(month, f"rows changed after closing: {', '.join(changed)}",
                         f"结账后被改动：{'、'.join(TABLE_NAMES_ZH.get(t, '封存记录') for t in changed)}")
        previous_month, previous = month, s.digest
    return None
