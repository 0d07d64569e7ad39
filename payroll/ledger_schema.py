"""The pay ledger's SQLite schema (payroll.ledger holds the operations; the tables are described there)."""
from __future__ import annotations

from payroll.seal import SEALS_SCHEMA

SCHEMA_VERSION = 2           # 2: seals, month_reports, the OS user of events and reopens
OPEN, CLOSED = "open", "closed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    month        TEXT PRIMARY KEY,                 -- YYYY-MM
    status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    run_at       TEXT NOT NULL,
    closed_at    TEXT,
    inputs       TEXT NOT NULL,                    -- JSON: [{role, name, sha256}]
    policy_text  TEXT NOT NULL,
    policy_sha256 TEXT NOT NULL,
    lines_sha256 TEXT NOT NULL,                    -- hash of the month's lines, checked on close
    employees    INTEGER NOT NULL,
    total_fen    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pay_lines (
    month       TEXT NOT NULL REFERENCES runs(month),
    seq         INTEGER NOT NULL,                  -- order of the lines as the run produced them
    employee_id TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    figures     TEXT NOT NULL,                     -- JSON
    PRIMARY KEY (month, seq)
);
CREATE INDEX IF NOT EXISTS pay_lines_employee ON pay_lines (employee_id, month);
CREATE TABLE IF NOT EXISTS month_facts (
    month       TEXT NOT NULL REFERENCES runs(month),
    employee_id TEXT NOT NULL,
    facts       TEXT NOT NULL,                     -- JSON of the rules' MonthFacts
    PRIMARY KEY (employee_id, month)
);
CREATE TABLE IF NOT EXISTS employee_state (   -- what the next month starts from
    month       TEXT NOT NULL REFERENCES runs(month),
    employee_id TEXT NOT NULL,
    sheet_level TEXT,                              -- level in the team sheet that month
    level_after TEXT,                              -- level after the month's level changes (exam demotion)
    fault_carry TEXT NOT NULL,                     -- fault deductions above the cap, carried to next month
    PRIMARY KEY (employee_id, month)
);
CREATE TABLE IF NOT EXISTS tax_ytd (
    month              TEXT NOT NULL REFERENCES runs(month),
    employee_id        TEXT NOT NULL,
    income             TEXT NOT NULL,
    special_deductions TEXT NOT NULL,
    special_additional TEXT NOT NULL,
    other              TEXT NOT NULL,
    months             INTEGER NOT NULL,
    tax_withheld       TEXT NOT NULL,
    PRIMARY KEY (employee_id, month)
);
CREATE TABLE IF NOT EXISTS month_hours (      -- working time in minutes (kefu.working_time.MonthHours)
    month       TEXT NOT NULL REFERENCES runs(month),
    employee_id TEXT NOT NULL,
    standard    INTEGER NOT NULL,
    worked      INTEGER NOT NULL,
    holiday     INTEGER NOT NULL,
    credited    INTEGER NOT NULL,
    PRIMARY KEY (employee_id, month)
);
CREATE TABLE IF NOT EXISTS annual_leave (
    month        TEXT NOT NULL REFERENCES runs(month),
    employee_id  TEXT NOT NULL,
    year         INTEGER NOT NULL,
    entitlement  INTEGER NOT NULL,                 -- 应休 of the year (prorated), without carry-over
    carried_in   TEXT NOT NULL,                    -- days carried from last year
    taken_before TEXT NOT NULL,                    -- closed months of the year and opening days
    taken_month  INTEGER NOT NULL,                 -- this month's annual-leave days
    remaining    TEXT NOT NULL,                    -- 未休 after this month
    PRIMARY KEY (employee_id, month)
);
CREATE TABLE IF NOT EXISTS reopen_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    month       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    reopened_at TEXT NOT NULL,
    closed_at   TEXT,                              -- when the month had been closed
    user        TEXT NOT NULL DEFAULT ''           -- OS user who reopened it
);
CREATE TABLE IF NOT EXISTS events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    month  TEXT NOT NULL,
    action TEXT NOT NULL,                          -- run / close / reopen
    at     TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    user   TEXT NOT NULL DEFAULT ''                -- OS user (getpass.getuser())
);
CREATE TABLE IF NOT EXISTS month_reports (
    month   TEXT PRIMARY KEY REFERENCES runs(month),
    folder  TEXT,                                  -- where the run wrote payroll-YYYY-MM.xlsx (NULL: nowhere)
    report  TEXT NOT NULL                          -- JSON (payroll.month_report)
);
""" + SEALS_SCHEMA
