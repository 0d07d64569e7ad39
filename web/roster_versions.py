"""The versions of each month's roster in the workspace: every save (a solve, a repair, a changed cell, an
uploaded workbook, a restore) is a new numbered version, never an overwrite.

A version is its long CSV, outputs/roster-YYYY-MM/roster-YYYY-MM-vN.csv (kept in the store's files as a
roster, so HR can choose it as attendance), and a row in kefu.sqlite saying who saved it, when, what it
did (one line, and one line per changed cell) and the solver's figures. Its workbook is written on first
download, beside the CSV. Saving names the version it was made from: when someone saved another version
meanwhile, the save is refused (Stale) rather than silently replacing theirs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from web.store import FileRecord, stamp
from web.workspace import Workspace

SCHEMA = """
CREATE TABLE IF NOT EXISTS roster_versions (
    id INTEGER PRIMARY KEY, month TEXT NOT NULL, number INTEGER NOT NULL, action TEXT NOT NULL,
    saved_by TEXT NOT NULL, saved_at TEXT NOT NULL, summary TEXT NOT NULL, lines TEXT NOT NULL,
    csv_path TEXT NOT NULL, file_id INTEGER, facts TEXT NOT NULL, UNIQUE (month, number));
"""
ACTIONS = {"solve": "排班", "repair": "重排", "edit": "改格子", "upload": "上传", "restore": "恢复"}


class Stale(Exception):
    """The version a change was made from is no longer the month's newest; one Chinese line."""


@dataclass(frozen=True)
class Version:
    month: str
    number: int
    action: str              # a key of ACTIONS
    saved_by: str
    saved_at: str
    summary: str
    lines: tuple[str, ...]
    csv_path: str            # relative to the workspace
    file_id: int | None
    facts: dict              # the solver's status, objective, bound, gap, wall_time (solve and repair)

    @property
    def action_name(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def stem(self) -> str:
        return f"roster-{self.month}-v{self.number}"


def _version(row) -> Version:
    return Version(row[0], row[1], row[2], row[3], row[4], row[5], tuple(json.loads(row[6])), row[7], row[8],
                   json.loads(row[9]))


COLUMNS = "month, number, action, saved_by, saved_at, summary, lines, csv_path, file_id, facts"


class Versions:
    def __init__(self, ws: Workspace):
        self.ws = ws
        with ws.store.connect() as c:
            c.executescript(SCHEMA)

    def folder(self, month: str) -> Path:
        return self.ws.outputs / f"roster-{month}"

    def latest(self, month: str) -> Version | None:
        with self.ws.store.connect() as c:
            row = c.execute(f"SELECT {COLUMNS} FROM roster_versions WHERE month = ? ORDER BY number DESC LIMIT 1",
                            (month,)).fetchone()
        return _version(row) if row else None

    def get(self, month: str, number: int) -> Version | None:
        if not 0 < number < 2 ** 62:
            return None
        with self.ws.store.connect() as c:
            row = c.execute(f"SELECT {COLUMNS} FROM roster_versions WHERE month = ? AND number = ?",
                            (month, number)).fetchone()
        return _version(row) if row else None

    def of_month(self, month: str) -> list[Version]:
        """Newest first."""
        with self.ws.store.connect() as c:
            rows = c.execute(f"SELECT {COLUMNS} FROM roster_versions WHERE month = ? ORDER BY number DESC",
                             (month,)).fetchall()
        return [_version(r) for r in rows]

    def months(self) -> list[tuple[str, int, str, str]]:
        """(month, newest number, saved_by, saved_at) of every month with a roster, newest month first."""
        with self.ws.store.connect() as c:
            rows = c.execute("SELECT month, number, saved_by, saved_at FROM roster_versions v WHERE number = "
                             "(SELECT MAX(number) FROM roster_versions w WHERE w.month = v.month) "
                             "ORDER BY month DESC").fetchall()
        return [tuple(r) for r in rows]

    def path(self, version: Version) -> Path | None:
        return self.ws.path_of(FileRecord(0, "roster", "", version.csv_path, 0, version.month, "", ""))

    def add(self, month: str, action: str, by: str, summary: str, lines: list[str],
            write_csv: Callable[[Path], object], facts: dict | None = None, base: int | None = None) -> Version:
        """Save a new version: `write_csv(path)` writes its CSV. With `base` (the number the change was made
        from; 0 for none), Stale when the month's newest version is another."""
        folder = self.folder(month)
        folder.mkdir(parents=True, exist_ok=True)
        store = self.ws.store
        with store.connect() as c:
            c.execute("BEGIN IMMEDIATE")        # one saver at a time: numbers and the base check hold
            row = c.execute("SELECT number, saved_by FROM roster_versions WHERE month = ? ORDER BY number DESC "
                            "LIMIT 1", (month,)).fetchone()
            newest = row[0] if row else 0
            if base is not None and base != newest:
                raise Stale(f"你看到的是第 {base} 版，这期间 {row[1]} 已保存了第 {newest} 版；未保存你的改动，"
                            "请看过新版本后再改")
            number = newest + 1
            target = folder / f"roster-{month}-v{number}.csv"
            write_csv(target)
            relative = self.ws.relative(target)
            c.execute("INSERT INTO roster_versions (month, number, action, saved_by, saved_at, summary, lines, "
                      "csv_path, file_id, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                      (month, number, action, by, stamp(), summary, json.dumps(lines, ensure_ascii=False),
                       relative, json.dumps(facts or {}, ensure_ascii=False)))
        record = store.keep_output("roster", relative, target.stat().st_size, month, by)
        with store.connect() as c:
            c.execute("UPDATE roster_versions SET file_id = ? WHERE month = ? AND number = ?",
                      (record.id, month, number))
        return self.get(month, number)

    def workbook_path(self, version: Version) -> Path:
        return self.folder(version.month) / f"{version.stem}.xlsx"
