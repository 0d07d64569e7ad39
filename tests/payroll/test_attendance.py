"""Attendance from a month's roster: what each code counts toward, and the user errors it names."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kefu.errors import InputError
from kefu.team import read_team
from payroll.attendance import month_attendance
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@dataclass(frozen=True)
class Entry:                  # the shape of roster.roster_file.RosterEntry
    employee_id: str
    date: date
    code: str
    duty: bool = False
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


@dataclass
class Table:                  # the shape of roster.roster_file.RosterTable
    path: Path
    year: int
    month: int
    entries: list


@pytest.fixture(scope="module")
def policy():
    return load_policy(EXAMPLES / "policy.toml")


@pytest.fixture(scope="module")
def team(policy):
    return read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))


def full_month(team, year=2026, month=11, special=None):
    """Every employee on A, OFF on days 7/14/21/28, with per-(id, day) overrides from `special`."""
    special = special or {}
    entries, row = [], 2
    for emp in team.employees:
        for day in range(1, 31 if month == 11 else 32):
            d = date(year, month, day)
            code, duty = ("OFF" if day % 7 == 0 else "A"), False
            if not emp.employed_on(d):
                code = "NA"
            code, duty = special.get((emp.employee_id, day), (code, duty))
            entries.append(Entry(emp.employee_id, d, code, duty, None, row, "C (code)"))
            row += 1
    return entries


def test_counts_each_code(team, policy):
    special = {("KF004", 1): ("C", True), ("KF004", 2): ("B", False), ("KF004", 3): ("AL", False),
               ("KF004", 4): ("PL", False), ("KF004", 5): ("SL", False), ("KF004", 6): ("HOL", False)}
    att = month_attendance(Table(Path("r.csv"), 2026, 11, full_month(team, special=special)), team,
                           policy.roster, 2026, 11)
    a = att["KF004"]
    assert (a.days_in_month, a.employed_days) == (30, 30)
    assert (a.days_worked, a.rest_days, a.holiday_rest_days) == (22, 4, 1)
    assert (a.annual_leave_days, a.personal_leave_days, a.sick_leave_days, a.leave_days) == (1, 1, 1, 3)
    assert a.duty_days == 1 and a.shifts == {"A": 20, "B": 1, "C": 1}
    assert a.minutes_worked == 22 * 8 * 60 and a.hours_worked == Decimal("176.00")
    assert a.statutory_days_worked == 0          # November 2026 has no statutory holiday


def test_someone_not_employed_all_month_has_no_attendance(team, policy):
    att = month_attendance(Table(Path("r.csv"), 2026, 11, full_month(team)), team, policy.roster, 2026, 11)
    assert "KF021" not in att                    # hired 2026-12-14
    assert len(att) == len(team.employees) - 1


def test_leaver_counts_employed_days_only(team, policy):
    att = month_attendance(Table(Path("r.csv"), 2026, 12, full_month(team, 2026, 12)), team, policy.roster,
                           2026, 12)
    assert att["KF028"].employed_days == 18      # leaves 2026-12-18
    assert att["KF021"].employed_days == 18      # hired 2026-12-14
    assert att["KF021"].days_worked == 18 - 3    # OFF on the 14th, 21st and 28th


def test_statutory_holiday_worked_uses_the_policy_calendar(team, policy):
    pol = policy.roster.model_copy(update={"calendar": policy.roster.calendar.model_copy(
        update={"statutory_add": [date(2026, 11, 11)]})})
    att = month_attendance(Table(Path("r.csv"), 2026, 11, full_month(team)), team, pol, 2026, 11)
    assert att["KF001"].statutory_days_worked == 1
    assert att["KF001"].statutory_dates_worked == (date(2026, 11, 11),)


def test_month_differs_from_the_option(team, policy):
    with pytest.raises(InputError, match="attendance is for 2026-10 but --month is 2026-11") as exc:
        month_attendance(Table(Path("roster-2026-10.csv"), 2026, 10, []), team, policy.roster, 2026, 11)
    assert "roster-2026-10.csv" in str(exc.value)


def test_month_differs_names_the_first_date_cell_of_a_grid(team, policy):
    entries = [Entry("KF001", date(2026, 10, 1), "A", False, "排班表", 4, "D (2026-10-01)")]
    with pytest.raises(InputError) as exc:
        month_attendance(Table(Path("roster-2026-10.xlsx"), 2026, 10, entries), team, policy.roster, 2026, 11)
    assert str(exc.value) == ("roster-2026-10.xlsx, sheet 排班表, row 4, column D (2026-10-01): the attendance is "
                              "for 2026-10 but --month is 2026-11")
    assert exc.value.chinese() == ("roster-2026-10.xlsx，工作表 排班表，第 4 行，D 列（2026-10-01）："
                                   "这是 2026-10 的考勤，--month 却是 2026-11")


def test_unknown_employee_names_the_cell(team, policy):
    entries = full_month(team) + [Entry("KF999", date(2026, 11, 1), "A", False, "排班", 40, "B")]
    with pytest.raises(InputError) as exc:
        month_attendance(Table(Path("r.xlsx"), 2026, 11, entries), team, policy.roster, 2026, 11)
    assert str(exc.value) == "r.xlsx, sheet 排班, row 40, column B: unknown employee 'KF999': not in the team sheet"


def test_same_day_twice(team, policy):
    entries = full_month(team)
    entries.append(Entry("KF001", date(2026, 11, 3), "B", False, None, 999, "C (code)"))
    with pytest.raises(InputError, match="row 999.*two entries for 2026-11-03"):
        month_attendance(Table(Path("r.csv"), 2026, 11, entries), team, policy.roster, 2026, 11)


def test_missing_days(team, policy):
    entries = [e for e in full_month(team) if not (e.employee_id == "KF002" and e.date.day > 28)]
    with pytest.raises(InputError, match="no attendance for KF002 .* 2026-11-29, 2026-11-30") as exc:
        month_attendance(Table(Path("r.csv"), 2026, 11, entries), team, policy.roster, 2026, 11)
    assert "有 2 个在职日没有考勤（排班代码）：2026-11-29、2026-11-30" in exc.value.chinese()


def test_work_outside_employment(team, policy):
    entries = full_month(team, special={("KF021", 5): ("A", False)})
    with pytest.raises(InputError, match="KF021 has A on 2026-11-05 but is not employed"):
        month_attendance(Table(Path("r.csv"), 2026, 11, entries), team, policy.roster, 2026, 11)


def test_duty_on_a_rest_day(team, policy):
    entries = full_month(team, special={("KF001", 7): ("OFF", True)})
    with pytest.raises(InputError, match="on duty on 2026-11-07 but not working") as exc:
        month_attendance(Table(Path("r.csv"), 2026, 11, entries), team, policy.roster, 2026, 11)
    assert exc.value.chinese().endswith("：KF001 在 2026-11-07 标了值班，但当天没有上班（休）")
