"""Safe file writing shared by every output (rosters, pay workbooks, slips, bank files, templates).

`atomic_write` writes to a temporary file beside the target and renames it over the target, so nothing
half-written remains; the temporary file's name carries the process id, so the temporary files a killed
run left behind are recognised and removed (`remove_stale_temps`, `remove_stale_temps_of` for many
targets in one listing of their folder).
"""
from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import Callable


# ------------------------------------------------------------------ writing
def temp_beside(path: Path, sweep: bool = True) -> Path:
    """A new empty file next to `path` with the permissions a plain open() would give it. Its name
    carries this process's id, so the temporary files a killed run left behind for the same target
    are recognised and removed here (remove_stale_temps; `sweep=False` when the caller has swept the
    folder for many targets at once with remove_stale_temps_of)."""
    if sweep:
        remove_stale_temps(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-{os.getpid()}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return Path(tmp)


STALE_AFTER_S = 3600          # where a process's liveness cannot be asked, an hour-old temp file is stale


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove `.<stem>-<pid>-*<suffix>` files beside `path` whose process no longer runs."""
    removed = []
    pattern = re.compile(rf"^\.{re.escape(path.stem)}-(\d+)-[^/]*{re.escape(path.suffix)}$")
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return removed
    for f in candidates:
        m = pattern.match(f.name)
        if m and int(m.group(1)) != os.getpid() and not _running(int(m.group(1)), f):
            try:
                f.unlink()
                removed.append(f)
            except OSError:
                pass
    return removed


def remove_stale_temps_of(paths) -> list[Path]:
    """remove_stale_temps for many targets, each folder listed once (thousands of pay slips)."""
    wanted: dict[Path, set[tuple[str, str]]] = {}
    for path in map(Path, paths):
        wanted.setdefault(path.parent, set()).add((path.stem, path.suffix))
    # mkstemp's names: prefix + 8 characters of [a-z0-9_] + suffix
    pattern = re.compile(r"^\.(.+)-(\d+)-[a-z0-9_]{8}(\.[^.]*)?$")
    removed = []
    for folder, targets in wanted.items():
        try:
            candidates = list(folder.iterdir())
        except OSError:
            continue
        for f in candidates:
            m = pattern.match(f.name)
            if (m and (m.group(1), m.group(3) or "") in targets and int(m.group(2)) != os.getpid()
                    and not _running(int(m.group(2)), f)):
                try:
                    f.unlink()
                    removed.append(f)
                except OSError:
                    pass
    return removed


def _running(pid: int, f: Path) -> bool:
    if os.name != "posix":
        try:
            return time.time() - f.stat().st_mtime < STALE_AFTER_S
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:          # alive, another user's
        return True
    return True


def atomic_write(path: str | Path, write: Callable[[Path], None], sweep: bool = True) -> Path:
    """Call write(temp path) beside `path`, then rename it over `path`; nothing half-written remains.
    `sweep`: as temp_beside's."""
    path = Path(path)
    tmp = temp_beside(path, sweep)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
