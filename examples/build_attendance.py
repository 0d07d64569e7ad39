"""Build a plausible example attendance without the solver (a stand-in for a month's roster CSV).

The shipped examples/roster-2026-11.csv comes from `roster solve --team examples/team.xlsx --policy
examples/policy.toml --month 2026-11 --out DIR --time-limit 20 --seed 1` (every hard rule holds, the hours
rule and the duty_in_a_row rule with it: 5 rest days each, 32 h of overtime; `roster check` finds it clean,
and December plans after it with --previous, tests/roster/test_example_rosters.py); after replacing it,
rebuild the clock-in sheet from it (build_clock_in.py); tests/web/test_roster_pages.py edits its
cells and expects KF001 on A on 11-02 and someone on A or B the day after a C shift. This script writes a solver-free stand-in in the same long form
`employee_id,date,code,duty` (give --out unless you mean to replace that file): every employee of
examples/team.xlsx employed in the month, 4 regular rest days each (no work block longer than 6 days),
A/B/C shifts rotating C → B → A so the forbidden C → A succession never occurs, one on-duty person a
day on C from the duty-eligible, the approved leave (年假/事假/病假) of the 请假与偏好 sheet, and NA
before a hire date or after leaving.

    python examples/build_attendance.py [--month 2026-11] [--out roster-2026-11-standin.csv]
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kefu.calendar import build_days, parse_month  # noqa: E402
from kefu.team import read_team  # noqa: E402
from roster.policy import load_policy  # noqa: E402

SHIFTS = ("A", "B", "C")


def build(team_path: Path, policy_path: Path, year: int, month: int) -> list[tuple[str, str, str, int]]:
    policy = load_policy(policy_path)
    team = read_team(team_path, policy.team, tuple(policy.roster.shifts))
    cal = policy.roster.calendar
    days = build_days(year, month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove))
    leave = {(r.employee_id, d): r.kind for r in team.requests if r.kind in team.leave for d in r.dates()}
    grid: dict[str, list[str]] = {}
    staff = [e for e in team.employees if any(e.employed_on(d.date) for d in days)]
    for i, emp in enumerate(staff):
        offset = 2 + i % 6                      # rest days offset, offset+7, +14, +21: blocks ≤ 6 days
        off_days = set()
        for k in range(4):
            day = offset + 7 * k
            while (emp.employee_id, days[day - 1].date) in leave:   # rest after the leave instead
                day += 1
            off_days.add(day)
        row = []
        for day in days:
            d = day.date
            if not emp.employed_on(d):
                row.append("NA")
            elif (emp.employee_id, d) in leave:
                row.append(leave[(emp.employee_id, d)])
            elif d.day in off_days:
                row.append("OFF")
            elif day.statutory and i % 2:
                row.append("HOL")
            else:
                week = (d.day - 1) // 7
                row.append(SHIFTS[(i - week) % 3])   # C → B → A → C: never C then A
        grid[emp.employee_id] = row
    duty_of_day = _duty(staff, grid, len(days))
    out = []
    for emp in staff:
        for j, day in enumerate(days):
            out.append((emp.employee_id, day.date.isoformat(), grid[emp.employee_id][j],
                        int(duty_of_day.get(j) == emp.employee_id)))
    return out


def _duty(staff, grid: dict[str, list[str]], n: int) -> dict[int, str]:
    """One duty-eligible person on C each day, rotating; moves someone to C when nobody eligible is."""
    eligible = [e.employee_id for e in staff if e.duty_eligible]
    duty: dict[int, str] = {}
    for j in range(n):
        order = eligible[j % len(eligible):] + eligible[:j % len(eligible)]
        on_c = [e for e in order if grid[e][j] == "C"]
        if not on_c:
            movable = [e for e in order if grid[e][j] in SHIFTS and (j + 1 == n or grid[e][j + 1] != "A")]
            if not movable:
                raise SystemExit(f"day {j + 1}: no duty-eligible person can work C")
            grid[movable[0]][j] = "C"
            on_c = [movable[0]]
        duty[j] = on_c[0]
    return duty


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--team", type=Path, default=HERE / "team.xlsx")
    ap.add_argument("--policy", type=Path, default=HERE / "policy.toml")
    ap.add_argument("--month", default="2026-11")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    year, month = parse_month(args.month)
    out = args.out or HERE / f"roster-{year:04d}-{month:02d}.csv"
    rows = build(args.team, args.policy, year, month)
    tmp = out.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(("employee_id", "date", "code", "duty"))
        w.writerows(rows)
    tmp.replace(out)
    print(f"wrote {out} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
