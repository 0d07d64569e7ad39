"""A workspace folder: where the store, the uploaded inputs, the outputs and the payroll ledger live.

    DIR/kefu.sqlite                 users, sessions, audit log, records of files (web.store)
    DIR/uploads/<id>/<name>         each uploaded workbook, CSV or policy, under its own name
    DIR/outputs/roster-YYYY-MM/     each version of the month's roster (web.roster_versions)
    DIR/outputs/payroll-YYYY-MM/    the month's pay workbook and CSVs, bank file and pay slips
    DIR/payroll-ledger.sqlite       the payroll ledger (the same file `payroll run --db` uses)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from web.store import FileRecord, Store

DEFAULT_MAX_UPLOAD_MB = 10


@dataclass(frozen=True)
class Workspace:
    root: Path
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024

    @classmethod
    def open(cls, root: str | Path, max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB) -> "Workspace":
        """The workspace at `root`, its folders and store created when missing."""
        ws = cls(Path(root).resolve(), max_upload_mb * 1024 * 1024)
        for folder in (ws.root, ws.uploads, ws.outputs):
            folder.mkdir(parents=True, exist_ok=True)
        Store(ws.store_path)
        return ws

    @property
    def store_path(self) -> Path:
        return self.root / "kefu.sqlite"

    @cached_property
    def store(self) -> Store:
        return Store(self.store_path)

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def ledger(self) -> Path:
        return self.root / "payroll-ledger.sqlite"

    def pay_folder(self, month: str) -> Path:
        return self.outputs / f"payroll-{month}"

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def path_of(self, record: FileRecord) -> Path | None:
        """The file of a record, only when it lies inside this workspace and exists."""
        path = (self.root / record.path).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path
