"""Replacing output files: dated backups of the files a run is about to replace, so nothing a user
edited is lost silently, and storage errors named after the file the user asked for.

A supervisor edits roster-2026-12.xlsx by hand and later runs `roster solve` again; HR reruns an open
payroll month. Rather than refuse the rerun (`--force`), the tool keeps what was there beside the new
file, named after the moment it was replaced, and says so in one line:

    roster-2026-12.xlsx  ->  roster-2026-12.备份-20261204-1630.xlsx

A file whose content is exactly the new one is not backed up (nothing would be lost).
A rerun is what the user asked for, and a refusal would cost them the solve time again; the backup
keeps every earlier version at the price of a file. The backup is a hard link where the file system
allows one (no copy, no extra space), otherwise a copy; it is made just before the new file is
renamed into place, so a run that fails earlier leaves no backup behind.

Outputs are written to hidden temporary files first (kefu.files.temp_beside); `writing(target)`
makes a disk that fills up or a folder without permission an OSError naming `target`, not the
temporary file, and unwraps writers that hide the OSError (xlsxwriter's FileCreateError).
"""
from __future__ import annotations

import filecmp
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

BACKUP_WORD = "备份"


@dataclass(frozen=True)
class Backup:
    """The file that was replaced and where its earlier content now is."""

    original: Path
    backup: Path

    def words(self) -> str:
        return f"{self.original.name} 已存在：原文件保存为 {self.backup.name}"


def backup_name(path: Path, when: datetime) -> Path:
    """roster-2026-12.xlsx -> roster-2026-12.备份-20261204-1630.xlsx; -2, -3 … when that name is taken."""
    stem = f"{path.stem}.{BACKUP_WORD}-{when:%Y%m%d-%H%M}"
    candidate, n = path.with_name(f"{stem}{path.suffix}"), 2
    while candidate.exists():
        candidate, n = path.with_name(f"{stem}-{n}{path.suffix}"), n + 1
    return candidate


def keep_backup(path: Path, when: datetime | None = None) -> Backup | None:
    """A dated backup of `path` if it exists (None otherwise); the original stays in place."""
    path = Path(path)
    if not path.is_file():
        return None
    target = backup_name(path, when or datetime.now())
    try:
        os.link(path, target)
    except OSError:                 # no hard links here (FAT, some network shares): copy instead
        shutil.copy2(path, target)
    return Backup(path, target)


def replace_keeping_backups(moves: list[tuple[Path, Path]], when: datetime | None = None) -> list[Backup]:
    """Rename each finished temporary file onto its target, backing up a target that exists first,
    unless it holds exactly the new content (nothing of the user's would be lost: no clutter)."""
    when = when or datetime.now()
    backups = []
    for tmp, target in moves:
        same = target.is_file() and filecmp.cmp(tmp, target, shallow=False)
        backup = None if same else keep_backup(target, when)
        if backup is not None:
            backups.append(backup)
        os.replace(tmp, target)
    return backups


@dataclass(frozen=True)
class Written:
    """The files a run wrote, and the backups of the files they replaced."""

    paths: tuple[Path, ...]
    backups: tuple[Backup, ...] = field(default=())


class WriteError(OSError):
    """An OSError while writing an output (so a refused permission is said to be the write's)."""


@contextmanager
def writing(target: Path) -> Iterator[None]:
    """Inside the block, an OSError (also one a writer wraps in its own exception) becomes a WriteError
    naming `target`."""
    try:
        yield
    except Exception as exc:
        inner = exc if isinstance(exc, OSError) else next(
            (a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)
        if inner is None or inner.errno is None:
            raise
        raise WriteError(inner.errno, inner.strerror or os.strerror(inner.errno), str(target)) from exc
