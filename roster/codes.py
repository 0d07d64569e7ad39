"""Roster cell codes: the English codes of the CSV, the Chinese codes of the grid, and the duty marker.

A supervisor edits the grid by hand, so a cell may hold 休 or off, a lower-case shift id, stray
spaces, or a shift with the on-duty marker (C★, C值, C*). `parse_cell` turns any of them into
(code, duty); anything else is an InputError naming the cell. Leave codes, their marks and spellings
come from the policy's leave types (kefu.leave_types, passed as `leave`; AL/PL/SL by default).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kefu.errors import InputError
from kefu.leave_types import DEFAULT_LEAVE, PAY_KINDS, LeaveTypes
from roster.instance import HOL, NA, OFF

# code -> grid spelling (written) ; every accepted spelling (read, case-insensitive) below; leave codes
# are the leave types' (their mark is written, code, name, mark and aliases are read)
ZH = {OFF: "休", HOL: "节", NA: "—"}
MEANING = {OFF: "公休 regular rest day", HOL: "节假日休息 rest on a statutory holiday",
           NA: "不在职 not employed that day"}
SPELLINGS = {
    OFF: ("off", "休", "休息", "公休", "rest"),
    HOL: ("hol", "节", "节休", "节假", "节假日", "法定"),
    NA: ("na", "—", "-", "–", "－", "不在职", "未入职", "离职"),
}
DUTY_MARKERS = ("★", "☆", "*", "＊", "值班", "值")
DUTY_MARK = "★"          # written in grid cells
DUTY_ROW = "值班"          # label of the row under the grid naming the on-duty people
GRID_SHEET = "排班表"      # the grid sheet of the roster workbook
ID_HEADERS = ("工号", "employee_id")
NAME_HEADERS = ("姓名", "name")

_LOOKUP = {s.lower(): code for code, names in SPELLINGS.items() for s in names}


def grid_text(code: str, duty: bool = False, leave: LeaveTypes = DEFAULT_LEAVE) -> str:
    """How a code is written in the grid: Chinese rest codes and leave marks, shift ids as is, ★ for duty."""
    text = leave.mark(code) if code in leave else ZH.get(code, code)
    return text + (DUTY_MARK if duty else "")


@lru_cache(maxsize=32)
def _shifts_by_upper(shift_ids: tuple[str, ...]) -> dict[str, str]:
    """Upper-case spelling -> shift id; built once per set of shifts, not once per cell read."""
    return {sid.upper(): sid for sid in shift_ids}


def parse_code(text: str, shift_ids, leave: LeaveTypes = DEFAULT_LEAVE) -> tuple[str, bool] | None:
    """(code, duty) for a cell text, or None when it is not a roster code."""
    s = "".join(str(text).split())            # stray spaces anywhere, full-width too
    duty = False
    for mark in DUTY_MARKERS:
        if mark in s:
            duty = True
            s = s.replace(mark, "")
    if not s:
        return None
    shift = _shifts_by_upper(tuple(shift_ids)).get(s.upper())
    if shift is not None:
        return shift, duty
    code = _LOOKUP.get(s.lower()) or leave.code_for(s)
    if code is None or duty:                   # duty only on a worked shift
        return None
    return code, False


def parse_cell(value, shift_ids, file: str | Path | None = None, sheet: str | None = None,
               row: int | None = None, column: str | None = None, leave: LeaveTypes = DEFAULT_LEAVE
               ) -> tuple[str, bool]:
    """Like parse_code, but an unknown code is an InputError naming file, sheet, row and column."""
    found = parse_code("" if value is None else value, shift_ids, leave)
    if found is None:
        rest = (OFF, HOL, *leave.codes)
        known = ", ".join([*shift_ids, *(f"{c}/{grid_text(c, leave=leave)}" for c in rest)])
        known_zh = "、".join([*shift_ids, *(grid_text(c, leave=leave) for c in rest)])
        raise InputError(f"unknown roster code {value!r}; use one of {known} "
                         f"(add {DUTY_MARK} to a shift for the on-duty person)",
                         file=file, sheet=sheet, row=row, column=column,
                         zh=f"无法识别的排班代码“{'' if value is None else value}”；可填 {known_zh}"
                            f"（值班人在班次后加 {DUTY_MARK}，如 C{DUTY_MARK}）")
    return found


def legend(shift_ids, shift_names: dict[str, str] | None = None, duty_shift: str | None = None,
           leave: LeaveTypes = DEFAULT_LEAVE) -> list[tuple[str, str]]:
    """(grid text, meaning) lines for the workbook legend."""
    names = shift_names or {}
    out = [(sid, names.get(sid, "班次 shift")) for sid in shift_ids]
    out += [(ZH[c], MEANING[c]) for c in (OFF, HOL)]
    out += [(t.mark, f"{t.name}（{c}，{PAY_KINDS[t.pay]}）") for c, t in leave.types.items()]
    out.append((ZH[NA], MEANING[NA]))
    if duty_shift:
        out.append((f"{duty_shift}{DUTY_MARK}", f"当天值班（下方“{DUTY_ROW}”行也写明） on duty that day"))
    return out
