"""A month's roster read back as attendance: per employee, what the pay rules count.

The roster (long CSV or grid workbook, read by `roster.roster_file.read_roster`) says for every
employee and day one code: a shift id of the policy (worked), OFF (regular rest 公休), HOL (rest on a
statutory holiday), a leave code of the policy's leave types (kefu.leave_types: AL 年假, PL 事假, SL 病假
and whatever else the policy lists) or NA (not employed). From it this module counts days worked, rest
days, leave days per leave code, statutory-holiday days worked (statutory dates from `kefu.calendar`
with the policy's calendar override), duty days and the paid minutes of the shifts, day by day (what
`kefu.working_time.month_hours` splits into the hours the law pays).

The three leave counts the pay rules and guards have always read are by pay, not by code:
annual_leave_days is the annual type's (年假), personal_leave_days every unpaid type's, sick_leave_days
every type paid at the sick-pay ratio — with the default types exactly AL, PL and SL.

Errors a user can cause — the roster is for another month, names an unknown employee, has a day twice
or misses days, puts someone to work outside their employment — are InputErrors naming the cell.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Protocol

from openpyxl.utils import get_column_letter

from kefu.calendar import build_days
from kefu.errors import InputError
from kefu.leave_types import DEFAULT_LEAVE, LeaveTypes
from kefu.team import Team
from roster.instance import HOL, NA, OFF
from roster.policy import RosterPolicy
from roster.roster_file import CSV_HEADERS
from roster.wording import code_text



class RosterEntryLike(Protocol):
    employee_id: str
    date: date
    code: str
    duty: bool
    sheet: str | None
    row: int | None
    column: str | None


class RosterTableLike(Protocol):
    path: Path
    year: int
    month: int
    entries: list[RosterEntryLike]


@dataclass(frozen=True)
class Attendance:
    """One employee's month as the roster records it."""

    employee_id: str
    year: int
    month: int
    days_in_month: int
    employed_days: int            # calendar days of the month the employee was employed
    days_worked: int              # days on a shift
    rest_days: int                # OFF 公休
    holiday_rest_days: int        # HOL 节 (statutory holiday, not counted as a rest day)
    annual_leave_days: int        # the annual type's days, AL 年假 (paid)
    personal_leave_days: int      # every unpaid type's days, PL 事假
    sick_leave_days: int          # every type's paid at the sick-pay ratio, SL 病假
    statutory_days_worked: int    # shifts worked on statutory holidays (paid 300 % on top)
    duty_days: int                # days as the on-duty person 值班
    minutes_worked: int           # paid minutes of the shifts worked (breaks excluded)
    shifts: dict[str, int] = field(default_factory=dict)   # shift id -> days
    statutory_dates_worked: tuple[date, ...] = ()
    worked: tuple[tuple[int, bool], ...] = ()   # each day worked: (paid minutes, on a statutory holiday)
    leave_dates: tuple[date, ...] = ()          # days on leave that counts as attended (not 调休)
    leave: dict[str, int] = field(default_factory=dict)     # leave code -> days (every code taken)
    unattended_leave_days: int = 0    # leave that does not count as attended (调休 TX: it repays rest-day work)

    @property
    def hours_worked(self) -> Decimal:
        return (Decimal(self.minutes_worked) / 60).quantize(Decimal("0.01"))

    @property
    def leave_days(self) -> int:
        """Every day of leave, whatever its type."""
        return sum(self.leave.values()) if self.leave else (
            self.annual_leave_days + self.personal_leave_days + self.sick_leave_days)

    @property
    def attended_leave_days(self) -> int:
        """Leave days that count as attended toward the standard hours (kefu.working_time.month_hours'
        leave_days): every type with attended = true; 调休 is not, the rest day it gives repays work."""
        return self.leave_days - self.unattended_leave_days

    @property
    def other_leave_days(self) -> int:
        """Days of leave types other than annual, unpaid and sick-pay leave (婚假, 产假, 丧假, 调休 ...)."""
        return self.leave_days - self.annual_leave_days - self.personal_leave_days - self.sick_leave_days


def _where(entry, roster) -> dict:
    return dict(file=roster.path, sheet=getattr(entry, "sheet", None), row=getattr(entry, "row", None),
                column=getattr(entry, "column", None))


def _first_date_cell(roster) -> dict:
    """Where the roster's month shows: the first entry's date cell (CSV: its row, the date column; grid:
    the employee's cell under the date header)."""
    entry = roster.entries[0] if roster.entries else None
    where = {"file": roster.path}
    if entry is None:
        return where
    where.update(sheet=getattr(entry, "sheet", None), row=getattr(entry, "row", None),
                 column=getattr(entry, "column", None))
    if Path(roster.path).suffix.lower() in (".csv", ".txt"):
        where["column"] = _csv_date_column(Path(roster.path)) or where["column"]
    return where


def _csv_date_column(path: Path) -> str | None:
    """'B (date)': the letter and header of the CSV's date column, as the roster reader names cells."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError):
        return None
    names = {n.lower() for n in CSV_HEADERS["date"]}
    for i, h in enumerate(header):
        if h.strip().lower() in names:
            return f"{get_column_letter(i + 1)} ({h.strip()})"
    return None


def month_attendance(roster: RosterTableLike, team: Team, policy: RosterPolicy, year: int,
                     month: int, leave: LeaveTypes | None = None) -> dict[str, Attendance]:
    """Attendance of every employee employed in the month, keyed by employee id (team order)."""
    if (roster.year, roster.month) != (year, month):
        raise InputError(f"the attendance is for {roster.year:04d}-{roster.month:02d} but --month is "
                         f"{year:04d}-{month:02d}", **_first_date_cell(roster),
                         zh=f"这是 {roster.year:04d}-{roster.month:02d} 的考勤，--month 却是 {year:04d}-{month:02d}")
    cal = policy.calendar
    days = build_days(year, month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove),
                      tuple(cal.promotion_days))
    statutory = {d.date for d in days if d.statutory}
    month_days = [d.date for d in days]
    employees = team.by_id()
    minutes = {sid: s.paid_minutes for sid, s in policy.shifts.items()}
    leave = leave or getattr(team, "leave", DEFAULT_LEAVE)
    non_work = {OFF, HOL, NA, *leave.codes}

    seen: dict[tuple[str, date], object] = {}
    per_employee: dict[str, list] = {}
    for e in roster.entries:
        where = _where(e, roster)
        emp = employees.get(e.employee_id)
        if emp is None:
            raise InputError(f"unknown employee {e.employee_id!r}: not in the team sheet",
                             **{**where, "column": getattr(roster, "id_column", None) or where["column"]},
                             zh=f"工号 {e.employee_id} 不在员工表中")
        if (e.date.year, e.date.month) != (year, month):
            raise InputError(f"date {e.date} is outside {year:04d}-{month:02d}", **where,
                             zh=f"日期 {e.date} 不在 {year:04d}-{month:02d} 内")
        key = (e.employee_id, e.date)
        if key in seen:
            first = seen[key]
            raise InputError(f"{e.employee_id} has two entries for {e.date} (first on row "
                             f"{getattr(first, 'row', '?')})", **where,
                             zh=f"{e.employee_id} 在 {e.date} 有两条记录（第一条在第 {getattr(first, 'row', '?')} 行）")
        seen[key] = e
        if e.code not in minutes and e.code not in non_work:
            raise InputError(f"unknown roster code {e.code!r} for {e.employee_id} on {e.date}", **where,
                             zh=f"{e.employee_id} 在 {e.date} 的排班代码“{e.code}”无法识别")
        if e.duty and e.code not in minutes:
            raise InputError(f"{e.employee_id} is marked on duty on {e.date} but not working ({e.code})",
                             **where, zh=f"{e.employee_id} 在 {e.date} 标了值班，但当天没有上班（{code_text(e.code)}）")
        employed = emp.employed_on(e.date)
        if not employed and e.code != NA:
            raise InputError(f"{e.employee_id} has {e.code} on {e.date} but is not employed then "
                             f"(hired {emp.hire_date}, left {emp.leave_date or '—'})", **where,
                             zh=f"{e.employee_id} 在 {e.date} 排了 {code_text(e.code, leave)}，但当天不在职"
                                f"（入职 {emp.hire_date}，离职 {emp.leave_date or '—'}）")
        per_employee.setdefault(e.employee_id, []).append(e)

    out: dict[str, Attendance] = {}
    for emp in team.employees:
        employed = [d for d in month_days if emp.employed_on(d)]
        if not employed:
            continue
        entries = {e.date: e for e in per_employee.get(emp.employee_id, [])}
        missing = [d for d in employed if d not in entries]
        if missing:
            shown = ", ".join(str(d) for d in missing[:3]) + (" ..." if len(missing) > 3 else "")
            shown_zh = "、".join(str(d) for d in missing[:3]) + (" 等" if len(missing) > 3 else "")
            where = roster.where(emp.employee_id, missing[0]) if hasattr(roster, "where") else {}
            raise InputError(f"no attendance for {emp.employee_id} {emp.name} on {shown} "
                             f"({len(missing)} employed day(s) without a code)",
                             **{"file": roster.path, **{k: v for k, v in where.items() if v is not None}},
                             zh=f"{emp.employee_id} {emp.name} 有 {len(missing)} 个在职日没有考勤（排班代码）：{shown_zh}")
        out[emp.employee_id] = _count(emp.employee_id, year, month, len(month_days), employed,
                                      entries.values(), minutes, statutory, leave)
    return out


def _count(employee_id: str, year: int, month: int, days_in_month: int, employed: list[date],
           entries: Iterable, minutes: dict[str, int], statutory: set[date], leave: LeaveTypes) -> Attendance:
    counts = {OFF: 0, HOL: 0, **{c: 0 for c in leave.codes}}
    shifts: dict[str, int] = {}
    worked_minutes = duty = 0
    holidays_worked: list[date] = []
    worked: list[tuple[int, bool]] = []
    leave_dates: list[date] = []
    for e in sorted(entries, key=lambda x: x.date):
        if e.code in minutes:
            shifts[e.code] = shifts.get(e.code, 0) + 1
            worked_minutes += minutes[e.code]
            worked.append((minutes[e.code], e.date in statutory))
            duty += bool(e.duty)
            if e.date in statutory:
                holidays_worked.append(e.date)
        elif e.code in counts:
            counts[e.code] += 1
        if e.code in leave.codes and leave[e.code].attended:
            leave_dates.append(e.date)
    taken = {c: counts[c] for c in leave.codes if counts[c]}

    def days(codes) -> int:
        return sum(taken.get(c, 0) for c in codes)

    return Attendance(
        employee_id=employee_id, year=year, month=month, days_in_month=days_in_month,
        employed_days=len(employed), days_worked=sum(shifts.values()), rest_days=counts[OFF],
        holiday_rest_days=counts[HOL], annual_leave_days=days([leave.annual_code]),
        personal_leave_days=days(leave.with_pay("unpaid")), sick_leave_days=days(leave.with_pay("sick_pay")),
        statutory_days_worked=len(holidays_worked), duty_days=duty,
        minutes_worked=worked_minutes, shifts=dict(sorted(shifts.items())),
        statutory_dates_worked=tuple(holidays_worked), worked=tuple(worked), leave_dates=tuple(leave_dates),
        leave=taken, unattended_leave_days=days(c for c in leave.codes if not leave[c].attended))
