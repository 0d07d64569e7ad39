"""The earlier rosters a roster workbook was planned with, read back from its 说明 sheet, so that
`roster check` and `roster repair` on that workbook count the rules that cross months (runs of
work, C → A, rest blocks, weekend rest and fairness carried from earlier months) as the plan did.

    previous, history, words = inputs_for(roster_path, previous_path, history_dir)

Given --previous or --history, those are used as given. Without either, the ones the 说明 sheet
names (written by `roster solve` / `roster repair`; for a CSV roster, the workbook of the same name
beside it) are used when they still exist; one that no longer exists is said, and the check goes
on without it.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

ABOUT_SHEET = "说明"
PREVIOUS_KEY = "上月排班 previous"
HISTORY_KEY = "以往排班 history"
SHA_MARK = " (sha256 "          # a file named in 说明 is followed by its checksum


def recorded(roster_path: Path) -> dict[str, Path]:
    """The earlier-roster inputs a roster workbook's 说明 sheet names ({key: path}; none: {}). For a
    CSV roster, those of the workbook written beside it (roster-2026-12.xlsx for roster-2026-12.csv)."""
    if roster_path.suffix.lower() == ".csv":
        roster_path = roster_path.with_suffix(".xlsx")
        if not roster_path.exists():
            return {}
    if roster_path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        wb = load_workbook(roster_path, read_only=True)
    except Exception:                      # read_roster has already named any unreadable file
        return {}
    try:
        if ABOUT_SHEET not in wb.sheetnames:
            return {}
        out = {}
        for row in wb[ABOUT_SHEET].iter_rows(min_row=2, max_col=2, values_only=True):
            key, value = (row + (None, None))[:2]
            if key in (PREVIOUS_KEY, HISTORY_KEY) and isinstance(value, str) and value.strip():
                out[key] = Path(value.split(SHA_MARK)[0].strip())
        return out
    finally:
        wb.close()


def inputs_for(roster_path: Path, previous_path: Path | None, history_dir: Path | None
               ) -> tuple[Path | None, Path | None, list[str]]:
    """--previous and --history for a check or repair of `roster_path`, and what was decided, in words."""
    if previous_path is not None or history_dir is not None:
        return previous_path, history_dir, []
    found = recorded(roster_path)
    words: list[str] = []
    chosen: dict[str, Path | None] = {PREVIOUS_KEY: None, HISTORY_KEY: None}
    for key, what in ((PREVIOUS_KEY, "上月排班"), (HISTORY_KEY, "以往排班文件夹")):
        path = found.get(key)
        if path is None:
            continue
        if path.exists():
            chosen[key] = path
            words.append(f"跨月的规则按排班时用的{what} {path} 接着算（可用 --previous / --history 另指定）")
        else:
            words.append(f"排班时用了{what} {path}，现在找不到：跨月的连续上班、衔接、连休和公平累计不算；"
                         "可用 --previous / --history 指定")
    return chosen[PREVIOUS_KEY], chosen[HISTORY_KEY], words
