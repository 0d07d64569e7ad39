"""Run the roster engine on Curtois & Qu instances and compare with the best published results.

    python -m benchmarks.curtois ../shared/benchmarks/curtois/Instance1.txt --time-limit 10
    python -m benchmarks.curtois .../Instance19.txt --time-limit 300 --seeds 3   # spread over seeds

Each file is read into an Instance (curtois_format), solved by the product's own search
(roster.planner.plan, the same planner as `roster solve`, and the shared rule functions), and the roster is re-checked and
re-scored by the independent checker (curtois_check): the objective reported is the checker's.
Each run (instance and seed) has a process of its own, as a run of one instance alone would.
"""
from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.curtois import check as curtois_check, read as curtois_format
from kefu.errors import InputError
from roster.instance import Assignment, Instance

# Published upper bounds (schedulingbenchmarks.org/nrp); only Instance1 is proven optimal.
BEST_KNOWN = {
    "Instance1": 607, "Instance3": 1001, "Instance5": 1143, "Instance7": 1056, "Instance9": 439,
    "Instance11": 3443, "Instance13": 1348, "Instance15": 3829, "Instance17": 5746,
    "Instance19": 3149, "Instance21": 21133, "Instance23": 17428,
}
COLUMNS = ("instance", "days", "staff", "shift_types", "status", "objective", "best_known", "gap_pct",
           "bound", "time_s", "workers", "cores", "seed")


@dataclass
class Row:
    instance: str
    days: int
    staff: int
    shift_types: int
    status: str
    objective: int | None          # recomputed by the independent checker
    best_known: int | None
    gap_pct: float | None
    bound: float | None
    time_s: float
    workers: int
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)
    seed: int = 0
    violations: list[str] = field(default_factory=list)
    rows: list[tuple[str, int, str]] = field(default_factory=list, repr=False)   # the assignment checked

    @property
    def valid(self) -> bool:
        return self.objective is not None and not self.violations


def roster_rows(instance: Instance, assignment: Assignment) -> list[tuple[str, int, str]]:
    """(employee, day, shift) for every worked day; rest days are left out."""
    shifts = set(instance.shift_ids)
    return [
        (person.id, d, code)
        for person, codes in zip(instance.people, assignment.codes)
        for d, code in enumerate(codes) if code in shifts
    ]


def run_instance(path: str | Path, seconds: float, workers: int = 2, seed: int = 0,
                 log_progress: bool = False) -> Row:
    from roster.planner import Budget, SolverProfile, plan

    path = Path(path)
    text = path.read_text()
    instance = curtois_format.parse(text, name=path.stem)
    started = time.monotonic()
    result = plan(instance, Budget(seconds), SolverProfile(workers=workers, seed=seed),
                  _print_progress if log_progress else None)
    elapsed = time.monotonic() - started
    best = BEST_KNOWN.get(instance.name)
    row = Row(instance.name, instance.n_days, len(instance.people), len(instance.shifts),
              result.status, None, best, None, result.bound, round(elapsed, 1), workers, seed=seed)
    if result.assignment is not None:
        rows = roster_rows(instance, result.assignment)
        report = curtois_check.check(text, rows)
        row.objective, row.violations, row.rows = report.objective, report.violations, rows
        if best:
            row.gap_pct = round(100 * (report.objective - best) / best, 2)
    return row


def _print_progress(step) -> None:
    bound = "-" if step.bound is None else f"{step.bound:.0f}"
    best = "-" if step.penalty is None else f"{step.penalty:.0f}"
    print(f"{step.elapsed:7.1f}s  {step.step:<8} best {best}  bound {bound}  {step.words}", file=sys.stderr, flush=True)


def write_solution(target: Path, rows: list[tuple[str, int, str]]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".csv.tmp")
    with open(partial, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("employee", "day", "shift"))
        writer.writerows(rows)
    partial.replace(target)


def write_table(target: Path, table: list[Row]) -> None:
    partial = target.with_suffix(target.suffix + ".tmp")
    with open(partial, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({c: getattr(row, c) for c in COLUMNS} for row in table)
    partial.replace(target)


def spread(runs: list[Row]) -> str:
    """One instance's runs over seeds: objective and gap, lowest, median and highest."""
    objectives = sorted(r.objective for r in runs if r.valid)
    if not objectives:
        return f"{runs[0].instance} over {len(runs)} seeds: no valid roster"
    words = (f"{runs[0].instance} over {len(runs)} seeds: objective {objectives[0]}–{objectives[-1]} "
             f"(median {statistics.median(objectives):g}), {len(objectives)} valid")
    best = runs[0].best_known
    if best:
        words += f"; gap {100 * (objectives[0] - best) / best:.2f}–{100 * (objectives[-1] - best) / best:.2f} %"
    return words


def format_row(row: Row) -> str:
    def show(value):
        return "-" if value is None else (f"{value:.0f}" if isinstance(value, float) and value > 100 else str(value))
    return " ".join(f"{show(getattr(row, c)):>{max(len(c), 6)}}" for c in COLUMNS)


def unreadable(path: Path) -> str | None:
    """Why the file is not a benchmark instance this reader takes, or None."""
    try:
        curtois_format.parse(path.read_text(encoding="utf-8"), name=path.stem)
    except OSError as error:
        return f"cannot read it ({error.strerror or error})"
    except UnicodeDecodeError:
        return "not a text file (UTF-8)"
    except InputError as error:
        return str(error)
    return None


def in_own_process(function, *args):
    """function(*args) in a fresh process. Runs of several instances in one process went a covered
    place short far more often than runs of one instance each (Curtois 9 at 60 s: 6 of 12 after 1,
    3, 5 and 7 in the same process, against 0 of 4 alone and 1 of 16 single runs); whatever the
    search leaves behind, a run starts from nothing this way."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.curtois",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--time-limit", type=float, required=True, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=1,
                        help="runs per instance, seeds --seed, --seed+1, ...; prints their spread")
    parser.add_argument("--solutions", help="write DIR/<instance>.csv (employee,day,shift)")
    parser.add_argument("--csv", help="write the table here")
    parser.add_argument("--log", action="store_true", help="show the search progress")
    parser.add_argument("--results", action="store_true", help="append the table to benchmarks/RESULTS.md")
    args = parser.parse_args(argv)

    if args.seeds < 1:
        parser.error("--seeds must be at least 1")
    for path in args.files:                 # every file readable before any run takes its time
        problem = unreadable(Path(path))
        if problem:
            print(f"{path}: {problem}", file=sys.stderr)
            return 2
    print(" ".join(f"{c:>{max(len(c), 6)}}" for c in COLUMNS), flush=True)
    table = []
    for path in args.files:
        runs = []
        for seed in range(args.seed, args.seed + args.seeds):
            row = in_own_process(run_instance, path, args.time_limit, args.workers, seed, args.log)
            runs.append(row)
            table.append(row)
            print(format_row(row), flush=True)
            for line in row.violations:
                print(f"  VIOLATION {line}", file=sys.stderr)
            if args.csv:
                write_table(Path(args.csv), table)
        valid = [r for r in runs if r.valid]
        if args.solutions and valid:           # the best of the seeds' rosters
            best = min(valid, key=lambda r: r.objective)
            write_solution(Path(args.solutions) / f"{best.instance}.csv", best.rows)
        if args.seeds > 1:
            print(spread(runs), flush=True)
    if args.results:
        from benchmarks.results import append
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join("" if getattr(r, c) is None else str(getattr(r, c)) for c in COLUMNS) + " |"
                  for r in table]
        append(f"Curtois benchmark at {args.time_limit:g} s through the planner", lines)
    return 1 if any(row.violations for row in table) else 0


if __name__ == "__main__":
    raise SystemExit(main())
