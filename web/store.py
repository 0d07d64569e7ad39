"""The workspace's embedded SQLite store: users, sessions, login failures, the audit log and the records
of uploaded and written files. Plain functions over one connection per call (the server answers each
request in a thread of its own), no ORM.

Every time is UTC in ISO form (seconds); the pages show it in Beijing time (web.render).
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    token_sha256 TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), csrf TEXT NOT NULL,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (name TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL,
    month TEXT, uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_name ON login_failures(name, at);
"""


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def stamp(at: datetime | None = None) -> str:
    return (at or now()).isoformat()


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    active: bool


@dataclass(frozen=True)
class FileRecord:
    id: int
    kind: str          # team, policy, kpi, clock_in, roster, payroll, bank, slips
    name: str          # the name shown and downloaded (the uploaded file's own name)
    path: str          # relative to the workspace folder
    size: int
    month: str | None
    uploaded_by: str
    uploaded_at: str


@dataclass(frozen=True)
class AuditEntry:
    at: str
    user: str
    action: str
    detail: str


class Store:
    """The store of one workspace; `path` is created with its tables on first use."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        with self.connect() as c:
            c.executescript(SCHEMA)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        c = sqlite3.connect(self.path, timeout=15)
        try:
            c.execute("PRAGMA foreign_keys = ON")
            with c:
                yield c
        finally:
            c.close()

    # ---------------------------------------------------------------- users
    def add_user(self, name: str, role: str, password_hash: str) -> User:
        with self.connect() as c:
            cur = c.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                            (name, role, password_hash, stamp()))
            return User(cur.lastrowid, name, role, True)

    def user_named(self, name: str) -> tuple[User, str] | None:
        """The user and their password hash."""
        with self.connect() as c:
            row = c.execute("SELECT id, name, role, active, password_hash FROM users WHERE name = ?",
                            (name,)).fetchone()
        return (User(row[0], row[1], row[2], bool(row[3])), row[4]) if row else None

    def users(self) -> list[User]:
        with self.connect() as c:
            rows = c.execute("SELECT id, name, role, active FROM users ORDER BY name").fetchall()
        return [User(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def update_user(self, user_id: int, *, role: str | None = None, active: bool | None = None,
                    password_hash: str | None = None) -> None:
        with self.connect() as c:
            if role is not None:
                c.execute("UPDATE users SET role = ? WHERE id = ?", (role, user_id))
            if active is not None:
                c.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
                if not active:
                    c.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
            if password_hash is not None:
                c.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))

    def user_by_id(self, user_id: int) -> User | None:
        if not 0 < user_id < 2 ** 62:
            return None
        with self.connect() as c:
            row = c.execute("SELECT id, name, role, active FROM users WHERE id = ?", (user_id,)).fetchone()
        return User(row[0], row[1], row[2], bool(row[3])) if row else None

    # ---------------------------------------------------------------- sessions
    def add_session(self, token_sha256: str, user_id: int, csrf: str, expires_at: str) -> None:
        with self.connect() as c:
            c.execute("DELETE FROM sessions WHERE expires_at < ?", (stamp(),))
            c.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                      (token_sha256, user_id, csrf, stamp(), expires_at))

    def session(self, token_sha256: str) -> tuple[User, str] | None:
        """The active user of an unexpired session, and the session's CSRF token."""
        with self.connect() as c:
            row = c.execute("SELECT u.id, u.name, u.role, u.active, s.csrf FROM sessions s JOIN users u "
                            "ON u.id = s.user_id WHERE s.token_sha256 = ? AND s.expires_at > ? AND u.active = 1",
                            (token_sha256, stamp())).fetchone()
        return (User(row[0], row[1], row[2], bool(row[3])), row[4]) if row else None

    def drop_session(self, token_sha256: str) -> None:
        with self.connect() as c:
            c.execute("DELETE FROM sessions WHERE token_sha256 = ?", (token_sha256,))

    # ---------------------------------------------------------------- login failures
    def add_failure(self, name: str) -> None:
        with self.connect() as c:
            c.execute("DELETE FROM login_failures WHERE at < ?", (stamp(now() - timedelta(days=1)),))
            c.execute("INSERT INTO login_failures VALUES (?, ?)", (name, stamp()))

    def failures_since(self, name: str, since: str) -> list[str]:
        with self.connect() as c:
            return [r[0] for r in c.execute("SELECT at FROM login_failures WHERE name = ? AND at > ? ORDER BY at",
                                            (name, since))]

    def clear_failures(self, name: str) -> None:
        with self.connect() as c:
            c.execute("DELETE FROM login_failures WHERE name = ?", (name,))

    # ---------------------------------------------------------------- audit log
    def audit(self, user: str, action: str, detail: str) -> None:
        with self.connect() as c:
            c.execute("INSERT INTO audit (at, user, action, detail) VALUES (?, ?, ?, ?)",
                      (stamp(), user, action, detail))

    def audit_log(self, limit: int = 500) -> list[AuditEntry]:
        with self.connect() as c:
            rows = c.execute("SELECT at, user, action, detail FROM audit ORDER BY id DESC LIMIT ?",
                             (limit,)).fetchall()
        return [AuditEntry(*r) for r in rows]

    # ---------------------------------------------------------------- files
    def add_file(self, kind: str, name: str, path: str, size: int, month: str | None, by: str) -> FileRecord:
        at = stamp()
        with self.connect() as c:
            cur = c.execute("INSERT INTO files (kind, name, path, size, month, uploaded_by, uploaded_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", (kind, name, path, size, month, by, at))
        return FileRecord(cur.lastrowid, kind, name, path, size, month, by, at)

    def file(self, file_id: int) -> FileRecord | None:
        if not 0 < file_id < 2 ** 62:                 # beyond SQLite's integers: no such file
            return None
        with self.connect() as c:
            row = c.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
        return FileRecord(*row) if row else None

    def files(self, *kinds: str, month: str | None = None) -> list[FileRecord]:
        """The files of these kinds (and month), newest first."""
        marks = ", ".join("?" for _ in kinds)
        query, args = f"SELECT * FROM files WHERE kind IN ({marks})", list(kinds)
        if month is not None:
            query, args = query + " AND month = ?", args + [month]
        with self.connect() as c:
            return [FileRecord(*r) for r in c.execute(query + " ORDER BY id DESC", args)]

    def latest(self, kind: str) -> FileRecord | None:
        found = self.files(kind)
        return found[0] if found else None

    def drop_file(self, file_id: int) -> None:
        with self.connect() as c:
            c.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def keep_output(self, kind: str, path: str, size: int, month: str | None, by: str) -> FileRecord:
        """Record a file the workspace wrote; a file written again at the same path keeps its record (and id)."""
        with self.connect() as c:
            row = c.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
            if row is not None:
                c.execute("UPDATE files SET size = ?, uploaded_by = ?, uploaded_at = ? WHERE id = ?",
                          (size, by, stamp(), row[0]))
        if row is not None:
            return self.file(row[0])
        return self.add_file(kind, path.rsplit("/", 1)[-1], path, size, month, by)
