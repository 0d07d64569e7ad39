"""Fairness across months: what earlier rosters carry into this month's plan.

Read from the previous month's roster (`--previous`, .csv or .xlsx) and the earlier months' roster
files: `read_earlier_months` takes them by (year, month) — the web workspace's current versions —
and `read_history` from a folder (`--history DIR`, files named roster-YYYY-MM.csv as `roster solve`
writes them; other files are ignored) through it; months not before the planned one are ignored.
For each month and employee the counts the fairness rules balance — weekend days rested, late
shifts (the policy's fair shift), on-duty days (the CSV's duty marks) and statutory holidays
worked — are taken from the file.

The carry (roster.instance.Carried) of a count is, summed over the earlier months the person worked
whole (no NA day), their count minus the average of that month's people compared with them (for
duty, the people duty-eligible now), rounded half-up: + for more than the team's average so far.
The fairness rules spread carry + this month's count, which is spreading the totals over those
months while a newcomer (no earlier month) starts at the average. `last_weekend_rest` is the weekend
days rested in the previous month, which raises the weight of the weekend-rest minimum for
whoever had none. The previous month's roster, from either source, also gives the codes and duty
days the sequence rules continue. `carry_line` says in one line what was carried.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from kefu.calendar import build_days, month_dates
from kefu.errors import InputError
from kefu.team import Team
from roster.instance import NA, Carried, Instance
from roster.policy import Policy
from roster.roster_file import RosterTable, previous_codes, read_roster

FILE_NAME = re.compile(r"^roster-(\d{4})-(\d{2})\.csv$", re.IGNORECASE)
KINDS = ("weekend_rest", "late_shifts", "duty", "holiday_work")


@dataclass(frozen=True)
class MonthCounts:
    """One employee's fairness counts in one month; `whole`: employed every day of it."""

    weekend_rest: int
    late_shifts: int
    duty: int
    holiday_work: int
    whole: bool
    weekend_days: int                  # weekend days employed


@dataclass
class History:
    """What the month's instance takes from earlier rosters (roster.monthly.build_month_instance)."""

    previous: dict[str, list[str]] | None = None         # the previous month's codes by employee
    previous_duty: dict[str, list[bool]] | None = None   # ... and their on-duty days
    carried: dict[str, Carried] = field(default_factory=dict)
    months: tuple[tuple[int, int], ...] = ()              # the earlier months read, oldest first


def month_counts(table: RosterTable, policy: Policy) -> dict[str, MonthCounts]:
    """Each employee's counts in the table's month (days without an entry count as NA)."""
    cal = policy.roster.calendar
    days = build_days(table.year, table.month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove))
    shifts, late = set(policy.roster.shifts), policy.roster.rules.fair_late_shifts.shift
    codes = previous_codes(table)
    duty = _duty(table)
    out = {}
    for eid, row in codes.items():
        weekend = [d for d, day in enumerate(days) if day.date.weekday() >= 5 and row[d] != NA]
        out[eid] = MonthCounts(
            weekend_rest=sum(1 for d in weekend if row[d] not in shifts),
            late_shifts=row.count(late), duty=sum(duty[eid]),
            holiday_work=sum(1 for d, day in enumerate(days) if day.statutory and row[d] in shifts),
            whole=NA not in row, weekend_days=len(weekend))
    return out


def _duty(table: RosterTable) -> dict[str, list[bool]]:
    """Each employee's on-duty days of the table's month, in day order."""
    days = month_dates(table.year, table.month)
    out: dict[str, list[bool]] = {}
    for e in table.entries:
        out.setdefault(e.employee_id, [False] * len(days))[days.index(e.date)] = e.duty
    return out


def history_files(folder: str | Path, year: int, month: int) -> list[tuple[int, int, Path]]:
    """(year, month, path) of the folder's roster-YYYY-MM.csv files of months before year-month."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("--history must be a folder of earlier roster CSVs (roster-YYYY-MM.csv)", file=folder,
                         zh="--history 应为存放以往排班 CSV（roster-YYYY-MM.csv）的文件夹，找不到该文件夹")
    out = []
    for path in sorted(folder.iterdir()):
        m = FILE_NAME.match(path.name)
        if m and (int(m.group(1)), int(m.group(2))) < (year, month) and 1 <= int(m.group(2)) <= 12:
            out.append((int(m.group(1)), int(m.group(2)), path))
    return out


def read_history(policy: Policy, team: Team, year: int, month: int, previous_path: str | Path | None = None,
                 folder: str | Path | None = None) -> History:
    """The previous month's roster and every earlier one in `folder` (`--history`), as a History (see
    the module docstring). A bad file is an InputError naming the file (and row, cell or month)."""
    earlier = {(y, m): path for y, m, path in history_files(folder, year, month)} if folder is not None else {}
    return read_earlier_months(policy, team, year, month, earlier, previous_path)


def read_earlier_months(policy: Policy, team: Team, year: int, month: int,
                        earlier: Mapping[tuple[int, int], str | Path],
                        previous_path: str | Path | None = None) -> History:
    """The earlier months' roster files by (year, month) — .csv or .xlsx, any name — as a History (see
    the module docstring); months not before year-month are ignored. `previous_path`, when given, is
    the previous month's roster in place of any in `earlier`. A file whose dates are of another month
    than its key, or that cannot be read, is an InputError naming the file (and row, cell or month)."""
    expected = (year - 1, 12) if month == 1 else (year, month - 1)
    shift_ids, leave = tuple(policy.roster.shifts), policy.team.leave
    tables: dict[tuple[int, int], RosterTable] = {}
    for (y, m), path in sorted(earlier.items()):
        if (y, m) >= (year, month):
            continue
        table = read_roster(path, shift_ids, leave)
        if (table.year, table.month) != (y, m):
            raise _of_another_month(path, y, m, table)
        tables[y, m] = table
    if previous_path is not None:
        table = read_roster(previous_path, shift_ids, leave)
        if (table.year, table.month) != expected:
            raise InputError(f"--previous is the roster of {table.year:04d}-{table.month:02d}, not of the month "
                             f"before {year:04d}-{month:02d}", file=previous_path,
                             zh=f"--previous 给的是 {table.year:04d}-{table.month:02d} 的排班，应为 "
                                f"{year:04d}-{month:02d} 的上个月 {expected[0]:04d}-{expected[1]:02d}")
        tables[expected] = table
    history = History(months=tuple(sorted(tables)))
    if expected in tables:
        history.previous = previous_codes(tables[expected])
        history.previous_duty = _duty(tables[expected])
    if tables:
        eligible = {e.employee_id for e in team.employees if e.duty_eligible}
        history.carried = carried({key: month_counts(t, policy) for key, t in sorted(tables.items())},
                                  expected, eligible)
    return history


def _of_another_month(path: str | Path, y: int, m: int, table: RosterTable) -> InputError:
    """A file given as the roster of y-m whose dates are of another month. Its name says the month when
    it starts roster-YYYY-MM (as `roster solve` and the web workspace name them)."""
    given, found = f"{y:04d}-{m:02d}", f"{table.year:04d}-{table.month:02d}"
    if re.match(rf"roster-{given}(?!\d)", Path(path).name, re.IGNORECASE):
        return InputError(f"the file name says {given} but its dates are of {found}", file=path,
                          zh=f"文件名是 {given} 的排班，内容却是 {found} 的")
    return InputError(f"given as the roster of {given} but its dates are of {found}", file=path,
                      zh=f"作为 {given} 的排班给出，内容却是 {found} 的")


def carried(months: dict[tuple[int, int], dict[str, MonthCounts]], previous: tuple[int, int],
            duty_eligible: set[str]) -> dict[str, Carried]:
    """Each employee's Carried from the counts of the earlier months by (year, month) (see the
    module docstring); `previous` is the month before the planned one, `duty_eligible` the employee
    ids compared for duty."""
    sums: dict[str, dict[str, Decimal]] = {}
    whole_months: dict[str, int] = {}
    for counts in months.values():
        whole = {eid: c for eid, c in counts.items() if c.whole}
        for kind in KINDS:
            people = [eid for eid in whole if kind != "duty" or eid in duty_eligible]
            if not people:
                continue
            mean = Decimal(sum(getattr(whole[eid], kind) for eid in people)) / len(people)
            for eid in people:
                sums.setdefault(eid, {k: Decimal(0) for k in KINDS})[kind] += getattr(whole[eid], kind) - mean
        for eid in whole:
            whole_months[eid] = whole_months.get(eid, 0) + 1
    last = months.get(previous, {})
    out = {}
    for eid in set(sums) | set(last):
        s = sums.get(eid, {k: Decimal(0) for k in KINDS})
        before = last.get(eid)
        out[eid] = Carried(**{k: _half_up(s[k]) for k in KINDS}, months=whole_months.get(eid, 0),
                           last_weekend_rest=before.weekend_rest if before and before.weekend_days else None)
    return out


def _half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def carry_line(history: History, inst: Instance, labels: Mapping[tuple[int, int], str] | None = None) -> str:
    """One line for the supervisor: how many earlier months the fairness counts carry (each named by
    `labels`, default YYYY-MM), and who comes first for a weekend rest because they had none in the
    previous month (the weekend-rest minimum's weight_after_none)."""
    if not history.months:
        return "跨月累计：没有以往月份的排班，周末休息、值班等的公平只看本月"
    first = inst.days[0].date
    previous = (first.year - 1, 12) if first.month == 1 else (first.year, first.month - 1)
    names = "、".join((labels or {}).get(key, f"{key[0]:04d}-{key[1]:02d}") for key in history.months)
    kinds = ["周末休息", *([f"{inst.fair_shift}班"] if inst.fair_shift else []), "值班"]
    counted = f"{'、'.join(kinds)}和法定节假日出勤"
    line = f"跨月累计：计入以往 {len(history.months)} 个月的排班（{names}），{counted}按累计求均衡"
    if previous not in history.months:
        return line + "；没有上个月的排班，连续上班天数、班次衔接和连休不跨月接着算"
    had_none = [p for p in inst.people if p.carried and p.carried.last_weekend_rest == 0]
    first_in_line = [p for p in had_none if p.weekend_rest_min]     # the weekend-rest minimum is theirs first
    if not had_none:
        return line + "；上月人人休到了周末"
    named = first_in_line or had_none
    who = "、".join(f"{p.id} {p.name}".strip() for p in named)
    return line + f"；上月没有周末休息的 {len(named)} 人{'本月优先' if first_in_line else ''}：{who}"
