"""The clock-in sheet 打卡表 and its match against the month's roster: 迟到、早退、旷工 day by day.

The sheet (.xlsx, or .csv in UTF-8, UTF-8 with BOM or GBK) has one row per employee and date with
the first punch in and the last punch out. Which header holds which field is policy
(`[payroll.clock_in.columns]`), so a 钉钉 每日统计 or 企业微信 日报 export reads as it is, with its
title rows above the header. Dates as 2026-11-03, 2026/11/03, 26-11-03 星期二 or date cells; times as
09:17, 09:17:42, Excel times or date-times, "次日 00:40" or 24:40 for the next morning; a blank (or
-- / 未打卡 / 缺卡) is no punch.

Matching: each day the roster gives a shift (start and end from the policy's shifts, which may cross
midnight) is checked — late when the first punch is more than the grace minutes after the start, early
when the last is more than the grace before the end, absent when there is no punch at all, and half or
a whole day absent when late or early beyond the policy's thresholds. Rest, leave and days not employed
need no punch: a punch there is ignored with a notice. A plain last-out time before the first in is
read as the next morning only for a shift that crosses midnight; on a day shift it is an error.

Every problem a user can cause (unknown employee, date outside the month, the same employee and date
twice, a cell that is not a time, times out of order, a missing column) is an InputError naming file,
sheet, row and column.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping

from openpyxl.utils import get_column_letter

from kefu.errors import InputError
from kefu.sheets import Cell, open_workbook
from kefu.team import Team
from kefu.text_files import read_text
from payroll.policy import ClockInPolicy
from roster.policy import ShiftDef
from roster.wording import code_text

FIELDS = ("employee_id", "date", "first_in", "last_out")
FIELD_NAMES_ZH = {"employee_id": "工号", "date": "日期", "first_in": "上班打卡", "last_out": "下班打卡"}
HEADER_SEARCH_ROWS = 10          # exports put a title and a generation time above the header
NO_PUNCH = {"-", "--", "—", "——", "未打卡", "缺卡", "无"}
DAY = 24 * 60
ZERO = Decimal(0)
HALF = Decimal("0.5")
ONE = Decimal(1)
NOTICES_SHOWN = 5


@dataclass(frozen=True)
class Punch:
    """One row of the sheet. Times are minutes after midnight of `day`; `*_fixed` when the cell said
    which day (a date-time, 次日, 24:40), so no next-morning reading applies."""

    employee_id: str
    day: date
    first_in: int | None
    last_out: int | None
    first_in_fixed: bool
    last_out_fixed: bool
    row: int
    cells: Mapping[str, Cell]


@dataclass(frozen=True)
class ClockInSheet:
    path: Path
    sheet: str | None
    punches: dict[tuple[str, date], Punch]


@dataclass(frozen=True)
class DayCheck:
    """One rostered shift day against the punches. Minutes late/early are counted from the shift's
    start/end; `absent_days` (0, 0.5, 1) replaces the late or early fine it came from."""

    employee_id: str
    day: date
    shift: str
    start: int                   # minutes after midnight of `day`; end may exceed 24 h
    end: int
    first_in: int | None
    last_out: int | None
    late_minutes: int            # > 0 only beyond the grace and not counted as absence
    early_minutes: int
    absent_days: Decimal
    absent_why: str              # words, for the absence line
    grace_late: int
    grace_early: int


@dataclass(frozen=True)
class ClockInMonth:
    days: dict[str, tuple[DayCheck, ...]]     # employee -> rostered shift days checked
    notices: tuple[str, ...]


def clock_text(minutes: int) -> str:
    """09:17, or 次日 00:40 for a time on the next morning; a shift's end at midnight is 24:00."""
    if minutes == DAY:
        return "24:00"
    day, rest = divmod(minutes, DAY)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"次日 {text}" if day else text


# ------------------------------------------------------------------ reading
def read_clock_in(path: str | Path, policy: ClockInPolicy, team: Team, year: int, month: int) -> ClockInSheet:
    """Read and check the clock-in sheet against the team and the month; InputError on the first problem."""
    path = Path(path)
    sheet, _, columns, rows = _locate(path, policy)
    employees = team.by_id()
    punches: dict[tuple[str, date], Punch] = {}
    for r, values in rows:
        cells = {f: Cell(values[i] if i < len(values) else None, path, sheet, r, col)
                 for f, (i, col) in columns.items()}
        if cells["employee_id"].blank and cells["date"].blank:
            continue                     # a totals or footer line of the export
        eid = cells["employee_id"].text(required=True)
        if eid not in employees:
            raise cells["employee_id"].error(f"unknown employee id {eid}: not in the team sheet",
                                             f"工号 {eid} 不在员工表中")
        day = _day(cells["date"])
        if (day.year, day.month) != (year, month):
            raise cells["date"].error(f"date {day} is outside {year:04d}-{month:02d}",
                                      f"日期 {day} 不在 {year:04d}-{month:02d} 内")
        first_in, in_fixed = _clock(cells["first_in"], day)
        last_out, out_fixed = _clock(cells["last_out"], day)
        if (eid, day) in punches:
            first = punches[(eid, day)].row
            raise cells["date"].error(f"{eid} has two rows for {day} (first on row {first})",
                                      f"{eid} 在 {day} 有两行打卡（第一行在第 {first} 行）")
        punches[(eid, day)] = Punch(eid, day, first_in, last_out, in_fixed, out_fixed, r, cells)
    return ClockInSheet(path, sheet, punches)


def _locate(path: Path, policy: ClockInPolicy) -> tuple[str | None, int, dict[str, tuple[int, str]], list]:
    """The sheet, its header row, where each field's column is, and the numbered data rows."""
    best: tuple[int, str | None, int, dict] | None = None
    for sheet, rows in _tables(path, policy.sheets):
        for i, header in enumerate(rows[:HEADER_SEARCH_ROWS]):
            columns = _columns(header, policy)
            if len(columns) == len(FIELDS):
                return sheet, i + 1, columns, [(r, v) for r, v in enumerate(rows[i + 1:], start=i + 2)
                                                if any(not _blank(x) for x in v)]
            if best is None or len(columns) > best[0]:
                best = (len(columns), sheet, i + 1, columns)
    if best is None:
        raise InputError("the clock-in sheet is empty", file=path, zh="打卡表是空的")
    _, sheet, row, columns = best
    missing = [f for f in FIELDS if f not in columns]
    spelled = {f: getattr(policy.columns, f) for f in missing}
    raise InputError("missing column " + "; ".join(f"{f} ({' / '.join(spelled[f])})" for f in missing),
                     file=path, sheet=sheet, row=row,
                     zh="缺少" + "、".join(f"“{FIELD_NAMES_ZH[f]}”列（表头可写作 {' / '.join(spelled[f])}）"
                                         for f in missing) + "；表头见 [payroll.clock_in.columns]")


def _columns(header: Iterable[Any], policy: ClockInPolicy) -> dict[str, tuple[int, str]]:
    """field -> (index, 'C (上班1打卡时间)') for the fields this header row holds; the policy's first
    spelling present wins (an export may hold both 工号 and 账号)."""
    shown = [str(h).strip() if h is not None else "" for h in header]
    position = {}
    for i, h in enumerate(shown):
        position.setdefault(_norm(h), i)
    out = {}
    for f in FIELDS:
        for alias in getattr(policy.columns, f):
            i = position.get(_norm(alias))
            if i is not None and alias.strip():
                out[f] = (i, f"{get_column_letter(i + 1)} ({shown[i]})")
                break
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).lower()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _tables(path: Path, preferred: list[str]) -> Iterable[tuple[str | None, list[tuple]]]:
    """(sheet, rows) to search for the header: the named sheets first, then the others; a CSV is one."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        yield None, [tuple(r) for r in csv.reader(io.StringIO(_decode(path)))]
        return
    if suffix not in (".xlsx", ".xlsm"):
        raise InputError("expected an .xlsx workbook or a .csv file", file=path,
                         zh="打卡表应为 .xlsx 工作簿或 .csv 文件（.xls 请先另存为 .xlsx）")
    wb = open_workbook(path)
    try:
        wanted = {_norm(s) for s in preferred}
        names = sorted(wb.sheetnames, key=lambda s: _norm(s) not in wanted)
        tables = [(name, list(wb[name].iter_rows(values_only=True))) for name in names]
    finally:
        wb.close()
    yield from tables


def _decode(path: Path) -> str:
    """UTF-8 (with or without BOM) or GBK, as Excel on Chinese Windows saves (kefu.text_files)."""
    if not path.exists():
        raise InputError("file not found", file=path, zh="找不到文件")
    return read_text(path, "打卡表", "the clock-in sheet")


_WEEKDAY = re.compile(r"\s*(星期|周|礼拜)[一二三四五六日天]\s*$")
_YMD = re.compile(r"(\d{2}|\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def _day(cell: Cell) -> date:
    """A date cell: a date, 2026-11-03, 2026/11/03, 2026年11月3日, or 钉钉's 26-11-03 星期二."""
    if cell.blank:
        raise cell.error("a date is required here", "此处必须填日期")
    v = cell.value
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    m = _YMD.fullmatch(_WEEKDAY.sub("", str(v).strip()))
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            return date(y + 2000 if y < 100 else y, mo, d)
        except ValueError:
            pass
    raise cell.error(f"expected a date like 2026-11-03, got {v!r}", f"应填日期，如 2026-11-03，现为“{v}”")


_HM = re.compile(r"(次日)?\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?")
_DT = re.compile(r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[ T]+(\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)")


def _clock(cell: Cell, day: date) -> tuple[int | None, bool]:
    """(minutes after midnight of `day`, whether the cell fixed the day) or (None, False) for no punch.

    Seconds are dropped (09:05:59 is 09:05), as attendance systems count whole minutes.
    """
    v = cell.value
    if _blank(v) or (isinstance(v, str) and v.strip() in NO_PUNCH):
        return None, False
    minutes: int | None = None
    fixed = False
    if isinstance(v, datetime):
        if v.year < 1901:            # an Excel time read as a date-time on Excel's day 0
            minutes = v.hour * 60 + v.minute
        else:
            minutes, fixed = (v.date() - day).days * DAY + v.hour * 60 + v.minute, True
    elif isinstance(v, time):
        minutes = v.hour * 60 + v.minute
    elif isinstance(v, timedelta):   # a [h]:mm cell: 24:40 is the next morning
        minutes = int(v.total_seconds() // 60)
        fixed = minutes >= DAY
    elif isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < 1:
        minutes = int(round(v * DAY * 60) // 60)   # a fraction of a day, as Excel stores a time
    elif isinstance(v, str):
        text = v.strip()
        dt = _DT.fullmatch(text)
        if dt:
            try:
                d = date(*(int(p) for p in re.split(r"[-/.]", dt.group(1))))
            except ValueError:
                d = None
            hm = _HM.fullmatch(dt.group(2))
            if d is not None and hm and int(hm.group(2)) < 24 and int(hm.group(3)) < 60:
                minutes, fixed = (d - day).days * DAY + int(hm.group(2)) * 60 + int(hm.group(3)), True
        else:
            hm = _HM.fullmatch(text)
            if hm and int(hm.group(3)) < 60 and int(hm.group(2)) < (24 if hm.group(1) else 48):
                minutes = int(hm.group(2)) * 60 + int(hm.group(3)) + (DAY if hm.group(1) else 0)
                fixed = minutes >= DAY
    if minutes is None:
        raise cell.error(f"expected a time like 09:05 (or 次日 00:40), got {v!r}",
                         f"应填时间，如 09:05（次日凌晨写 次日 00:40），现为“{v}”")
    if not 0 <= minutes < 2 * DAY:
        raise cell.error(f"{v!r} is neither on {day} nor the next morning",
                         f"“{v}”既不在 {day} 当天，也不在次日")
    return minutes, fixed


# ------------------------------------------------------------------ matching
@dataclass(frozen=True)
class RosterDay:
    """What the matching needs of a roster entry (roster.roster_file.RosterEntry has these fields)."""

    employee_id: str
    date: date
    code: str


def match_roster(sheet: ClockInSheet, roster: Iterable[RosterDay], shifts: Mapping[str, ShiftDef],
                 policy: ClockInPolicy, employees: Iterable[str]) -> ClockInMonth:
    """Each rostered shift day of `employees` checked against the punches (see the module docstring)."""
    wanted = list(employees)
    with_punches = {eid for eid, _ in sheet.punches}
    codes = {(e.employee_id, e.date): e.code for e in roster}
    days: dict[str, list[DayCheck]] = {eid: [] for eid in wanted}
    ignored: list[str] = []
    order = {eid: i for i, eid in enumerate(wanted)}
    for (eid, day), code in sorted(codes.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][1])):
        if eid not in days or eid not in with_punches:
            continue
        punch = sheet.punches.get((eid, day))
        if code in shifts:
            days[eid].append(_check(eid, day, code, shifts[code], punch, policy))
        elif punch is not None and (punch.first_in is not None or punch.last_out is not None):
            ignored.append(f"{eid} {day:%m-%d}（{code_text(code)}）")
    notices = []
    name = sheet.path.name
    missing = [eid for eid in wanted if eid not in with_punches]
    if missing:
        notices.append(f"{name}：{_listed(missing)} 在打卡表中没有任何一行，未核对其迟到、早退、旷工")
    if ignored:
        notices.append(f"{name}：排班为休息、请假或不在职的日子有打卡，已忽略：{_listed(ignored)}")
    unrostered = [f"{eid} {day:%m-%d}" for (eid, day), p in sorted(sheet.punches.items())
                  if (eid not in days or (eid, day) not in codes) and (p.first_in is not None or p.last_out is not None)]
    if unrostered:
        notices.append(f"{name}：本月不在职或考勤（排班表）中没有这一天的打卡，已忽略：{_listed(unrostered)}")
    missing_punch = [f"{c.employee_id} {c.day:%m-%d}" for cs in days.values() for c in cs
                     if (c.first_in is None) != (c.last_out is None)]
    if missing_punch and policy.missing_punch_absent_days == 0:
        notices.append(f"{name}：只有一次打卡（缺卡），按策略不扣款，请核对：{_listed(missing_punch)}")
    return ClockInMonth({eid: tuple(cs) for eid, cs in days.items() if eid in with_punches}, tuple(notices))


def holiday_absence_notice(month: ClockInMonth, holidays_worked: Mapping[str, Iterable[date]],
                           file_name: str) -> str | None:
    """A notice for days absent that the roster counts as statutory-holiday work: the 300 % holiday pay
    follows the roster, so HR corrects the roster (or the punches) rather than paying it unseen."""
    hits = [f"{c.employee_id} {c.day:%m-%d}" for eid, checks in month.days.items() for c in checks
            if c.absent_days > 0 and c.day in set(holidays_worked.get(eid, ()))]
    if not hits:
        return None
    return (f"{file_name}：法定节假日排了班却旷工，节假日加班费仍按排班计发，请核对排班表或打卡：{_listed(hits)}")


def _listed(items: list[str]) -> str:
    shown = "、".join(items[:NOTICES_SHOWN])
    return shown + (f" 等 {len(items)} 处" if len(items) > NOTICES_SHOWN else "")


def _check(eid: str, day: date, code: str, shift: ShiftDef, punch: Punch | None, policy: ClockInPolicy
           ) -> DayCheck:
    start, end = shift.start_min, shift.end_min
    first_in = punch.first_in if punch else None
    last_out = punch.last_out if punch else None
    if last_out is not None and punch is not None:
        last_out = _last_out(punch, last_out, first_in, start, end, shift, code)
    graces = (policy.late_grace_minutes, policy.early_grace_minutes)
    if first_in is None and last_out is None:
        return DayCheck(eid, day, code, start, end, None, None, 0, 0, ONE,
                        f"{code} 班 {shift.start}–{shift.end} 无打卡", *graces)
    late = max(0, first_in - start) if first_in is not None else 0
    early = max(0, end - last_out) if last_out is not None else 0
    parts: list[tuple[Decimal, str]] = []
    if first_in is None or last_out is None:
        which = "上班" if first_in is None else "下班"
        parts.append((policy.missing_punch_absent_days, f"缺{which}打卡"))
    late, late_part = _beyond(late, policy.late_grace_minutes, policy, "迟到")
    early, early_part = _beyond(early, policy.early_grace_minutes, policy, "早退")
    parts += [p for p in (late_part, early_part) if p is not None]
    absent = min(ONE, sum((d for d, _ in parts), ZERO))
    why = "，".join(w for d, w in parts if d > 0)
    return DayCheck(eid, day, code, start, end, first_in, last_out, late, early, absent, why, *graces)


def _beyond(minutes: int, grace: int, policy: ClockInPolicy, what: str) -> tuple[int, tuple[Decimal, str] | None]:
    """(minutes to fine, absence part): within the grace nothing; beyond a threshold half or a whole
    day absent instead of a fine ("beyond" is strictly more than, as is the grace)."""
    if minutes <= grace:
        return 0, None
    if minutes > policy.whole_day_absent_after_minutes:
        return 0, (ONE, f"{what} {minutes} 分钟，超过 {policy.whole_day_absent_after_minutes} 分钟按旷工 1 天")
    if minutes > policy.half_day_absent_after_minutes:
        return 0, (HALF, f"{what} {minutes} 分钟，超过 {policy.half_day_absent_after_minutes} 分钟按旷工半天")
    return minutes, None


def _last_out(punch: Punch, last_out: int, first_in: int | None, start: int, end: int, shift: ShiftDef,
              code: str) -> int:
    """The last punch out, read as the next morning when the shift crosses midnight and the plain time
    falls before the first in (or the start); before the first in otherwise is an error."""
    earliest = first_in if first_in is not None else start
    if last_out < earliest and not punch.last_out_fixed and end >= DAY:
        last_out += DAY
    if first_in is not None and last_out < first_in:
        cell = punch.cells["last_out"]
        raise cell.error(f"last out {clock_text(last_out)} is before first in {clock_text(first_in)} on "
                         f"{punch.day} ({code} {shift.start}-{shift.end} does not cross midnight)"
                         if end < DAY else
                         f"last out {clock_text(last_out)} is before first in {clock_text(first_in)} on {punch.day}",
                         f"{punch.employee_id} 在 {punch.day} 的下班打卡 {clock_text(last_out)} 早于上班打卡 "
                         f"{clock_text(first_in)}" + (f"（{code} 班 {shift.start}–{shift.end} 不跨夜）"
                                                      if end < DAY else ""))
    return last_out
