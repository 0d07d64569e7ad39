"""Independent checker for Curtois & Qu rosters: hard rules and objective, straight from the raw file.

Deliberately shares nothing with the engine (no parser, no Instance, no model), so that a modelling
mistake cannot hide itself: it reads the instance text itself and recomputes every hard rule of the
benchmark's definition (schedulingbenchmarks.org/nrp) and the soft-penalty sum from the roster rows
(employee id, 0-based day, shift id; days off are simply absent).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


@dataclass
class Benchmark:
    horizon: int = 0
    minutes: dict[str, int] = field(default_factory=dict)          # shift -> length
    cannot_follow: dict[str, set[str]] = field(default_factory=dict)
    staff: dict[str, list[str]] = field(default_factory=dict)       # employee -> raw staff fields
    days_off: dict[str, set[int]] = field(default_factory=dict)
    on_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    off_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    cover: list[tuple[int, str, int, int, int]] = field(default_factory=list)


@dataclass
class Report:
    violations: list[str]
    objective: int
    penalties: dict[str, int]          # cover_under, cover_over, on_requests, off_requests

    @property
    def feasible(self) -> bool:
        return not self.violations


def read_benchmark(text: str) -> Benchmark:
    bench, section = Benchmark(), None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            section = line
            continue
        f = [x.strip() for x in line.split(",")]
        if section == "SECTION_HORIZON":
            bench.horizon = int(f[0])
        elif section == "SECTION_SHIFTS":
            bench.minutes[f[0]] = int(f[1])
            bench.cannot_follow[f[0]] = {x for x in (f[2] if len(f) > 2 else "").split("|") if x}
        elif section == "SECTION_STAFF":
            bench.staff[f[0]] = f[1:]
        elif section == "SECTION_DAYS_OFF":
            bench.days_off[f[0]] = {int(x) for x in f[1:] if x}
        elif section == "SECTION_SHIFT_ON_REQUESTS":
            bench.on_requests.append((f[0], int(f[1]), f[2], int(f[3])))
        elif section == "SECTION_SHIFT_OFF_REQUESTS":
            bench.off_requests.append((f[0], int(f[1]), f[2], int(f[3])))
        elif section == "SECTION_COVER":
            bench.cover.append((int(f[0]), f[1], int(f[2]), int(f[3]), int(f[4])))
    return bench


def check(text: str, rows: Iterable[tuple[str, int, str]]) -> Report:
    """Every hard-rule violation in words, and the objective recomputed from the rows."""
    bench = read_benchmark(text)
    H = bench.horizon
    violations: list[str] = []
    roster: dict[str, list[str | None]] = {e: [None] * H for e in bench.staff}
    for employee, day, shift in rows:
        day = int(day)
        if employee not in roster:
            violations.append(f"unknown employee {employee}")
        elif shift not in bench.minutes:
            violations.append(f"{employee} day {day}: unknown shift {shift}")
        elif not 0 <= day < H:
            violations.append(f"{employee}: day {day} outside the horizon")
        elif roster[employee][day] is not None:
            violations.append(f"{employee} day {day}: two shifts ({roster[employee][day]}, {shift})")
        else:
            roster[employee][day] = shift

    for employee, days in roster.items():
        violations += _check_employee(bench, employee, days)

    penalties = {"cover_under": 0, "cover_over": 0, "on_requests": 0, "off_requests": 0}
    for day, shift, need, under, over in bench.cover:
        n = sum(days[day] == shift for days in roster.values())
        penalties["cover_under"] += max(need - n, 0) * under
        penalties["cover_over"] += max(n - need, 0) * over
    for employee, day, shift, weight in bench.on_requests:
        penalties["on_requests"] += weight * (roster[employee][day] != shift)
    for employee, day, shift, weight in bench.off_requests:
        penalties["off_requests"] += weight * (roster[employee][day] == shift)
    return Report(violations, sum(penalties.values()), penalties)


def _check_employee(bench: Benchmark, e: str, days: list[str | None]) -> list[str]:
    H, out = bench.horizon, []
    limits, max_min, min_min, max_cons, min_cons, min_off, max_wkd = bench.staff[e][:7]
    for item in filter(None, limits.split("|")):
        shift, _, cap = item.partition("=")
        if days.count(shift) > int(cap):
            out.append(f"{e}: {days.count(shift)} shifts {shift} > max {cap}")
    minutes = sum(bench.minutes[s] for s in days if s)
    if not int(min_min) <= minutes <= int(max_min):
        out.append(f"{e}: {minutes} minutes outside [{min_min}, {max_min}]")
    for d in sorted(bench.days_off.get(e, ())):
        if days[d]:
            out.append(f"{e} day {d}: works {days[d]} on a day off")
    for d in range(H - 1):
        if days[d] and days[d + 1] in bench.cannot_follow[days[d]]:
            out.append(f"{e} days {d}-{d + 1}: {days[d + 1]} may not follow {days[d]}")
    for working, start, length in _blocks(days):
        inside = start > 0 and start + length < H
        if working and length > int(max_cons):
            out.append(f"{e} days {start}-{start + length - 1}: {length} consecutive shifts > {max_cons}")
        if working and inside and length < int(min_cons):
            out.append(f"{e} days {start}-{start + length - 1}: {length} consecutive shifts < {min_cons}")
        if not working and inside and length < int(min_off):
            out.append(f"{e} days {start}-{start + length - 1}: {length} days off < {min_off}")
    weekends = sum(bool(days[w + 5] or days[w + 6]) for w in range(0, H - 6, 7))
    if weekends > int(max_wkd):
        out.append(f"{e}: {weekends} weekends worked > {max_wkd}")
    return out


def _blocks(days: list[str | None]):
    """(working, first day, length) of each maximal run of work or of rest."""
    start = 0
    for d in range(1, len(days) + 1):
        if d == len(days) or bool(days[d]) != bool(days[start]):
            yield bool(days[start]), start, d - start
            start = d


def read_rows(path: str | Path) -> list[tuple[str, int, str]]:
    """Roster rows from a solution CSV (employee,day,shift; header optional)."""
    with open(path, newline="") as handle:
        rows = [r for r in csv.reader(handle) if r]
    if rows and rows[0][0].strip().lower() == "employee":
        rows = rows[1:]
    return [(r[0].strip(), int(r[1]), r[2].strip()) for r in rows]


def check_file(instance_path: str | Path, rows: Iterable[tuple[str, int, str]]) -> Report:
    return check(Path(instance_path).read_text(), rows)


def main(argv: list[str] | None = None) -> int:
    """python -m benchmarks.curtois.check Instance1.txt solution.csv"""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("instance")
    parser.add_argument("solution")
    args = parser.parse_args(argv)
    report = check_file(args.instance, read_rows(args.solution))
    for line in report.violations:
        print(line)
    print(f"objective {report.objective} {report.penalties}"
          f" {'feasible' if report.feasible else f'{len(report.violations)} violations'}")
    return 0 if report.feasible else 1


if __name__ == "__main__":
    raise SystemExit(main())
