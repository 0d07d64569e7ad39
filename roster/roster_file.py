"""Roster files: the long CSV (employee_id,date,code,duty) and the grid workbook, read and written.

`read_roster` reads either form — the grid after a supervisor's hand edits (休/节/年, lower case,
stray spaces, C★ duty markers, a 值班 row) — into a RosterTable of entries that each remember their
cell, so that `roster check` and payroll attendance can name the cell of any problem.
`assignment_from_table` turns a table into the Assignment of an Instance; `previous_codes` gives the
history for next month's plan. Writes go to a temporary file that is then renamed.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from kefu.calendar import WEEKDAY_ZH, month_dates
from kefu.errors import InputError
from kefu.files import atomic_write
from kefu.leave_types import DEFAULT_LEAVE, LeaveTypes
from kefu.text_files import read_text
from roster.codes import DUTY_ROW, GRID_SHEET, ID_HEADERS, NAME_HEADERS, parse_cell
from roster.instance import NA, OFF, Assignment, Instance
from roster.wording import who_text

CSV_HEADERS = {
    "employee_id": ("employee_id", "工号"),
    "date": ("date", "日期"),
    "code": ("code", "班次", "代码", "shift"),
    "duty": ("duty", "值班"),
}
CSV_REQUIRED = ("employee_id", "date", "code")


@dataclass(frozen=True)
class RosterEntry:
    """One employee's code on one day, and the cell it came from."""

    employee_id: str
    date: date
    code: str                  # a shift id, OFF HOL NA or a leave code of the policy
    duty: bool
    sheet: str | None
    row: int | None
    column: str | None


@dataclass
class RosterTable:
    """A month's roster as read from a file (CSV or grid)."""

    path: Path
    year: int
    month: int
    entries: list[RosterEntry]
    sheet: str | None = None
    # grid only: where each employee's row and each date's column are, to name a blank cell
    rows: dict[str, int] = field(default_factory=dict)
    columns: dict[date, str] = field(default_factory=dict)
    id_column: str | None = None       # the employee-id column, e.g. "A (employee_id)"

    def where(self, employee_id: str, day: date) -> dict:
        """file/sheet/row/column for an (employee, day), as far as the file shows it."""
        return dict(file=self.path, sheet=self.sheet, row=self.rows.get(employee_id), column=self.columns.get(day))


# ------------------------------------------------------------------ reading
def read_roster(path: str | Path, shift_ids, leave: LeaveTypes = DEFAULT_LEAVE) -> RosterTable:
    """Read a roster: .csv (long form) or .xlsx (grid, sheet 排班表); every bad cell is an InputError.
    `leave` is the policy's leave types (policy.team.leave), whose codes and marks the cells may hold."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=path, zh="找不到文件")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        (entries, date_column, id_column), sheet, rows, columns = _read_csv(path, tuple(shift_ids), leave), None, {}, {}
    elif suffix in (".xlsx", ".xlsm"):
        entries, sheet, rows, columns, id_column = _read_grid(path, tuple(shift_ids), leave)
        date_column = None
    else:
        raise InputError("a roster is a .csv (employee_id,date,code,duty) or an .xlsx grid workbook", file=path,
                         zh="排班文件应为 .csv（employee_id,date,code,duty）或 .xlsx 排班表工作簿")
    if not entries:
        raise InputError("the roster has no entries", file=path, sheet=sheet, zh="排班文件里没有任何记录")
    first = entries[0]
    seen: dict[tuple[str, date], RosterEntry] = {}
    for e in entries:
        if (e.date.year, e.date.month) != (first.date.year, first.date.month):
            raise InputError(f"date {e.date} is outside {first.date:%Y-%m}, the month of the roster",
                             file=path, sheet=e.sheet, row=e.row, column=date_column or e.column,
                             zh=f"日期 {e.date} 不在本排班表的月份 {first.date:%Y-%m} 内")
        key = (e.employee_id, e.date)
        if key in seen:
            raise InputError(f"{e.employee_id} has two entries for {e.date} (first on row {seen[key].row})",
                             file=path, sheet=e.sheet, row=e.row, column=e.column,
                             zh=f"{e.employee_id} 在 {e.date} 有两条记录（第一条在第 {seen[key].row} 行）")
        seen[key] = e
    return RosterTable(path, first.date.year, first.date.month, entries, sheet, rows, columns, id_column)


def _decode(path: Path) -> str:
    return read_text(path, " CSV ", "the CSV")


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = re.fullmatch(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*", str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _parse_duty(text: str) -> bool | None:
    s = text.strip().lower()
    if s in ("", "0", "否", "n", "no", "false"):
        return False
    if s in ("1", "是", "y", "yes", "true", "★", "值班", "值"):
        return True
    return None


def _read_csv(path: Path, shift_ids: tuple[str, ...], leave: LeaveTypes) -> tuple[list[RosterEntry], str]:
    rows = list(csv.reader(io.StringIO(_decode(path))))
    if not rows:
        raise InputError("the CSV is empty", file=path, zh="CSV 文件是空的")
    lookup = {s.lower(): f for f, names in CSV_HEADERS.items() for s in names}
    columns: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(rows[0]):
        f = lookup.get(h.strip().lower())
        if f and f not in columns:
            columns[f] = (i, f"{get_column_letter(i + 1)} ({h.strip()})")
    for f in CSV_REQUIRED:
        if f not in columns:
            en_name, zh_name = CSV_HEADERS[f][0], CSV_HEADERS[f][1]
            raise InputError(f"missing column {en_name} / {zh_name} (the header must be employee_id,date,code,duty)",
                             file=path, row=1,
                             zh=f"缺少 {en_name} 列（也可写作 {zh_name}）；表头应为 employee_id,date,code,duty")
    out = []
    for r, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue

        def cell(f: str) -> tuple[str, str]:
            i, col = columns.get(f, (None, CSV_HEADERS[f][0]))
            return (values[i].strip() if i is not None and i < len(values) else ""), col

        eid, col = cell("employee_id")
        if not eid:
            raise InputError("an employee_id is required here", file=path, row=r, column=col, zh="此处必须填工号")
        text, col = cell("date")
        day = _parse_date(text)
        if day is None:
            raise InputError(f"expected a date like 2026-12-01, got {text!r}", file=path, row=r, column=col,
                             zh=f"应填日期，如 2026-12-01，现为“{text}”")
        text, col = cell("code")
        code, marked = parse_cell(text, shift_ids, file=path, row=r, column=col, leave=leave)
        text, col = cell("duty")
        duty = _parse_duty(text)
        if duty is None:
            raise InputError(f"duty must be 0 or 1, got {text!r}", file=path, row=r, column=col,
                             zh=f"值班（duty）应填 0 或 1，现为“{text}”")
        out.append(RosterEntry(eid, day, code, duty or marked, None, r, cell("code")[1]))
    return out, columns["date"][1], columns["employee_id"][1]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_grid(path: Path, shift_ids: tuple[str, ...], leave: LeaveTypes):
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a non-workbook
        raise InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__})", file=path,
                         zh=f"不是可读取的 .xlsx 工作簿（{exc.__class__.__name__}）") from None
    ws = wb[GRID_SHEET] if GRID_SHEET in wb.sheetnames else wb.worksheets[0]
    sheet = ws.title
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    ws_formulas = _Formulas(path, sheet)
    header = next((i for i, r in enumerate(grid[:20]) if any(_text(v).lower() in ID_HEADERS for v in r)), None)
    if header is None:
        raise InputError(f"no header row with a {ID_HEADERS[0]} / {ID_HEADERS[1]} column", file=path, sheet=sheet,
                         zh=f"找不到含“{ID_HEADERS[0]}”列（{ID_HEADERS[1]}）的表头行")
    head = grid[header]
    id_col = next(i for i, v in enumerate(head) if _text(v).lower() in ID_HEADERS)
    name_col = next((i for i, v in enumerate(head) if _text(v).lower() in NAME_HEADERS), None)
    dates = {i: d for i, v in enumerate(head) if (d := _parse_date(v) if v is not None else None)}
    if not dates:
        raise InputError("no date columns in the header row", file=path, sheet=sheet, row=header + 1,
                         zh="表头行里没有日期列")
    columns = {d: f"{get_column_letter(i + 1)} ({d.isoformat()})" for i, d in dates.items()}

    entries: list[RosterEntry] = []
    rows: dict[str, int] = {}
    names: dict[str, str] = {}
    duty_row = None
    for r in range(header + 1, len(grid)):
        values = grid[r] + [None] * (len(head) - len(grid[r]))
        labels = [_text(v) for v in values[:max(id_col, name_col or 0) + 1]]
        if DUTY_ROW in labels:
            duty_row = r
            break
        eid = labels[id_col]
        if not eid:
            continue
        if eid in rows:
            raise InputError(f"{eid} appears twice (first on row {rows[eid]})", file=path, sheet=sheet,
                             row=r + 1, column=get_column_letter(id_col + 1),
                             zh=f"{eid} 出现了两次（第一次在第 {rows[eid]} 行）")
        rows[eid] = r + 1
        if name_col is not None and labels[name_col]:
            names[labels[name_col]] = eid
        for i, d in dates.items():
            if _text(values[i]) == "":
                _no_formula(path, ws_formulas, r, i, columns[d], sheet)
                continue                                  # a blank cell: reported if the day is needed
            code, duty = parse_cell(values[i], shift_ids, file=path, sheet=sheet, row=r + 1, column=columns[d],
                                    leave=leave)
            entries.append(RosterEntry(eid, d, code, duty, sheet, r + 1, columns[d]))
    if duty_row is not None:
        entries = _merge_duty_row(path, sheet, grid[duty_row], duty_row + 1, dates, columns, entries, names)
    return entries, sheet, rows, columns, f"{get_column_letter(id_col + 1)} ({_text(head[id_col])})"


class _Formulas:
    """The grid's formulas, read only when a cell comes back blank: a formula saved without its
    result (written by a script, not Excel) reads as blank, and is named as a formula instead."""

    def __init__(self, path: Path, sheet: str):
        self.path, self.sheet, self._cells = path, sheet, None

    def at(self, row: int, col: int):
        if self._cells is None:
            try:
                wb = load_workbook(self.path)
                self._cells = [list(r) for r in wb[self.sheet].iter_rows(values_only=True)]
                wb.close()
            except Exception:  # unreadable the second time: treat as no formulas
                self._cells = []
        cells = self._cells
        return cells[row][col] if row < len(cells) and col < len(cells[row]) else None


def _no_formula(path: Path, formulas: _Formulas, r: int, i: int, column: str, sheet: str) -> None:
    value = formulas.at(r, i)
    if isinstance(value, str) and value.startswith("="):
        raise InputError(f"the cell holds the formula {value!r} and no value: type a roster code", file=path,
                         sheet=sheet, row=r + 1, column=column,
                         zh=f"这一格是公式“{value}”，没有可读的值：请直接填排班代码（如 A、休）")


def _merge_duty_row(path, sheet, values, row, dates, columns, entries, names):
    """The 值班 row and the cell markers must agree; either alone is enough for a day."""
    ids = {e.employee_id for e in entries}
    marked: dict[date, set[str]] = {}
    for e in entries:
        if e.duty:
            marked.setdefault(e.date, set()).add(e.employee_id)
    named: dict[date, set[str]] = {}
    labels = sorted(ids | set(names), key=len, reverse=True)
    for i, d in dates.items():
        text = _text(values[i] if i < len(values) else None)
        for token in _duty_names(text, labels):
            eid = token if token in ids else names.get(token)
            if eid is None:
                raise InputError(f"{DUTY_ROW} names {token!r}, who is not in the grid", file=path, sheet=sheet,
                                 row=row, column=columns[d], zh=f"“{DUTY_ROW}”行写了“{token}”，但排班表里没有这个人")
            named.setdefault(d, set()).add(eid)
    for d, people in named.items():
        # A grid that marks duty with ★ must mark the people its 值班 row names: a ★ removed by hand
        # while the row still names the person is a disagreement, not a choice of the row (a blank
        # cell of the person named is reported as blank later, not as a disagreement).
        written = {e.employee_id for e in entries if e.date == d}
        if (d in marked or marked) and marked.get(d, set()) != people and people <= written:
            raise InputError(f"the {DUTY_ROW} row names {', '.join(sorted(people))} but the cells mark "
                             f"{', '.join(sorted(marked.get(d, ()))) or 'nobody'} on {d}; make them agree", file=path, sheet=sheet,
                             row=row, column=columns[d],
                             zh=f"{d}：“{DUTY_ROW}”行写的是 {'、'.join(sorted(people))}，格子里标 ★ 的却是 "
                                f"{'、'.join(sorted(marked.get(d, ()))) or '没有人'}；请改成一致")
    return [RosterEntry(e.employee_id, e.date, e.code, e.duty or e.employee_id in named.get(e.date, ()),
                        e.sheet, e.row, e.column) for e in entries]


DUTY_SEPARATORS = " \t\n,，、/;；\u3000"


def _duty_names(text: str, labels: list[str]):
    """The names and ids a 值班 cell lists, separated by 、 , ; / or spaces. Known names are matched
    whole first (longest first), so a name holding a space or comma ("Anna Li") is one person;
    anything else is cut at the next separator and returned as written."""
    rest = text.strip(DUTY_SEPARATORS)
    while rest:
        label = next((l for l in labels if rest.startswith(l)
                      and (len(rest) == len(l) or rest[len(l)] in DUTY_SEPARATORS)), None)
        if label is None:
            label = re.split(f"[{re.escape(DUTY_SEPARATORS)}]", rest, maxsplit=1)[0]
        yield label
        rest = rest[len(label):].lstrip(DUTY_SEPARATORS)


# ------------------------------------------------------------------ into the Instance
def assignment_from_table(instance: Instance, table: RosterTable, fill_from: int | None = None) -> Assignment:
    """The table as the instance's Assignment; cells naming unknown people or days are InputErrors.

    Days missing from the table are NA where the instance says the person is not employed; from day
    `fill_from` on (repair), missing days and people are filled with the fixed code or OFF.
    """
    day_index = {d.date: i for i, d in enumerate(instance.days)}
    first = instance.days[0].date
    if (table.year, table.month) != (first.year, first.month):
        raise InputError(f"the roster is for {table.year:04d}-{table.month:02d} but the month planned is "
                         f"{first:%Y-%m}", file=table.path,
                         zh=f"这是 {table.year:04d}-{table.month:02d} 的排班表，要核对的却是 {first:%Y-%m}")
    person_index = {p.id: i for i, p in enumerate(instance.people)}
    codes: list[list[str | None]] = [[None] * instance.n_days for _ in instance.people]
    duty: list[list[int]] = [[] for _ in range(instance.n_days)]
    known = set(instance.shift_ids) | set(instance.rest_codes)
    for e in table.entries:
        where = dict(file=table.path, sheet=e.sheet, row=e.row, column=e.column)
        p = person_index.get(e.employee_id)
        if p is None:
            where["column"] = table.id_column or e.column
            raise InputError(f"unknown employee {e.employee_id!r}: not in the team sheet", **where,
                             zh=f"工号 {e.employee_id} 不在员工表中")
        d = day_index.get(e.date)
        if d is None:
            raise InputError(f"date {e.date} is outside the month planned", **where,
                             zh=f"日期 {e.date} 不在要核对的月份内")
        if e.code not in known:
            raise InputError(f"unknown roster code {e.code!r}", **where, zh=f"无法识别的排班代码“{e.code}”")
        codes[p][d] = e.code
        if e.duty:
            duty[d].append(p)
    for p, person in enumerate(instance.people):
        for d in range(instance.n_days):
            if codes[p][d] is not None:
                continue
            fixed = instance.fixed.get((p, d))
            if fixed == NA:
                codes[p][d] = NA
            elif fill_from is not None and d >= fill_from:
                codes[p][d] = fixed or OFF
            else:
                day = instance.days[d].date
                raise InputError(f"no code for {person.id} {person.name} on {day}", **table.where(person.id, day),
                                 zh=f"{who_text(person.id, person.name)} {day}（周{WEEKDAY_ZH[day.weekday()]}）"
                                    "没有排班（空格或缺行）")
    return Assignment(codes, duty)


def previous_codes(table: RosterTable) -> dict[str, list[str]]:
    """Each employee's codes of the table's month, oldest first (days without an entry are NA)."""
    days = month_dates(table.year, table.month)
    by: dict[str, dict[date, str]] = {}
    for e in table.entries:
        by.setdefault(e.employee_id, {})[e.date] = e.code
    return {eid: [codes.get(d, NA) for d in days] for eid, codes in by.items()}


# ------------------------------------------------------------------ writing
def roster_rows(instance: Instance, assignment: Assignment) -> list[tuple[str, str, str, int]]:
    """(employee_id, ISO date, code, duty 0/1): one row per employee per employed day."""
    on_duty = {(p, d) for d, people in enumerate(assignment.duty) for p in people}
    return [(person.id, instance.days[d].date.isoformat(), assignment.codes[p][d], int((p, d) in on_duty))
            for p, person in enumerate(instance.people) for d in range(instance.n_days)
            if assignment.codes[p][d] != NA]


def write_csv_to(path: Path, instance: Instance, assignment: Assignment) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(("employee_id", "date", "code", "duty"))
        w.writerows(roster_rows(instance, assignment))


def write_roster_csv(path: str | Path, instance: Instance, assignment: Assignment) -> Path:
    """The long form employee_id,date,code,duty (ISO dates, duty 0/1), written atomically."""
    return atomic_write(path, lambda tmp: write_csv_to(tmp, instance, assignment))
