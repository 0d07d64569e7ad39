"""The example team's months through the planner, as `roster solve` plans them, one after another.

    python -m benchmarks.months [--months 2026-12,2027-01,...] [--short 20] [--long 240] [--seeds 0,1]
                                [--deterministic 2026-12] [--results]

The months are planned in order, each with the earlier ones as its history (as a supervisor keeps
them: `roster solve --history DIR`), the seed-0 roster at the short limit being the one kept. For
each month: the penalty at the short limit for every seed and their spread, the penalty at the long
limit, how far the short roster is above the long one, the best proven bound and the gap of the
best roster to it, and the fairness figures of the kept roster (roster.fairness_figures): people
without a weekend rest (and of them, those who had none the month before too), the spread of late
shifts and of on-duty days over everyone eligible, the longest run of on-duty days. Every run is
checked by the independent validator (hard violations, summed). For the --deterministic months the
same plan twice in deterministic mode and whether the two rosters are identical. Each run is a fresh
process, one at a time, 2 workers. With --results the tables are appended to benchmarks/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MONTHS = ",".join(["2026-12"] + [f"2027-{m:02d}" for m in range(1, 13)])


def one(month: str, seconds: float, seed: int, deterministic: bool, history: str, keep: bool) -> dict:
    """One plan in this process with the rosters in `history` before it; with `keep` the roster is
    written there as roster-YYYY-MM.csv for the next month."""
    from kefu.calendar import parse_month
    from kefu.team import read_team
    from roster.capacity import capacity_shortages
    from roster.fairness_figures import fairness_figures
    from roster.history import read_history
    from roster.monthly import build_month_instance
    from roster.planner import Budget, SolverProfile, plan
    from roster.policy import load_policy
    from roster.roster_file import write_roster_csv
    from roster.validate import check

    policy = load_policy(EXAMPLES / "policy.toml")
    team = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
    year, mon = parse_month(month)
    past = read_history(policy, team, year, mon, None, history)
    instance = build_month_instance(policy, team, year, mon, past.previous, past.previous_duty, past.carried)
    profile = SolverProfile.from_policy(policy).with_options(seed=seed, workers=2, deterministic=deterministic)
    result = plan(instance, Budget(seconds), profile)
    row = {"month": month, "seed": seed, "status": result.status, "penalty": result.objective,
           "bound": None if result.bound is None else round(result.bound), "strategy": result.strategy,
           "wall_s": round(result.wall_time, 1), "violations": None, "fair": None, "roster": None,
           "why": None}
    if result.status == "INFEASIBLE":
        row["why"] = "; ".join(s.words for s in capacity_shortages(instance)) or "no roster keeps every hard rule"
    elif not result.ok:
        row["why"] = f"no roster found in {seconds:g} s"
    if result.ok:
        a = result.assignment
        row["violations"] = len(check(instance, a).violations)
        f = fairness_figures(instance, a)
        row["fair"] = {"without": list(f.without_weekend_rest), "late": f.late_shifts.text(),
                       "duty": f.duty.text(), "run": f.longest_duty_run, "limit": f.duty_limit}
        row["roster"] = [a.codes, [sorted(d) for d in a.duty]]
        if keep:
            write_roster_csv(Path(history) / f"roster-{year:04d}-{mon:02d}.csv", instance, a)
    return row


def fresh(month: str, seconds: float, seed: int, history: Path, *, deterministic: bool = False,
          keep: bool = False) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.months", "--one",
                          json.dumps([month, seconds, seed, deterministic, str(history), keep])],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{month} seed {seed} failed: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pct(a: float, b: float) -> str:
    return f"{100 * (a - b) / max(1, b):.1f}"


def month_line(month: str, args, history: Path, before: set[str]) -> tuple[str, set[str], list[str]]:
    """Plan `month` (the short runs, seed 0 kept in `history`, then the long run) and its table line;
    also who had no weekend rest in the kept roster, and why a run found no roster (each reason once)."""
    seeds = [int(s) for s in args.seeds.split(",")]
    runs = [fresh(month, args.short, seeds[0], history, keep=True)]
    runs += [fresh(month, args.short, s, history) for s in seeds[1:]]
    long = fresh(month, args.long, seeds[0], history)
    short = [r["penalty"] for r in runs if r["penalty"] is not None]
    bound = max((r["bound"] or 0) for r in runs + [long])
    best = min(short + ([long["penalty"]] if long["penalty"] is not None else []), default=None)
    kept = runs[0]["fair"]
    without = set(kept["without"]) if kept else set()
    limit = f" (≤ {kept['limit']})" if kept and kept["limit"] is not None else ""
    cells = [month, ", ".join(map(str, short)) or "—",
             _pct(max(short), min(short)) if len(short) > 1 else "—",
             str(long["penalty"]) if long["penalty"] is not None else "—",
             _pct(max(short), long["penalty"]) if short and long["penalty"] is not None else "—",
             str(bound), _pct(best, bound) if best is not None else "—",
             f"{len(without)} ({len(without & before)})" if kept else "—",
             kept["late"] if kept else "—", kept["duty"] if kept else "—",
             f"{kept['run']}{limit}" if kept else "—",
             str(sum(r["violations"] or 0 for r in runs + [long])), runs[0]["strategy"]]
    why = [f"{month}: {r['why']}" for r in runs + [long] if r["why"]]
    return "| " + " | ".join(cells) + " |", without, list(dict.fromkeys(why))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", default=MONTHS, help="months in order, comma-separated (default 2026-12 to 2027-12)")
    ap.add_argument("--short", type=float, default=20.0, help="the default time limit (seconds)")
    ap.add_argument("--long", type=float, default=240.0, help="the long run's limit (seconds)")
    ap.add_argument("--seeds", default="0,1", help="seeds of the short runs; the first one's roster is kept")
    ap.add_argument("--deterministic", default="2026-12", help="months planned twice in deterministic mode")
    ap.add_argument("--results", action="store_true", help="append the tables to benchmarks/RESULTS.md")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(*json.loads(args.one))))
        return 0
    lines = [f"| month | penalty {args.short:g} s (seeds {args.seeds}) | spread % | penalty {args.long:g} s "
             f"| {args.short:g} s above {args.long:g} s % | bound | gap % | without weekend rest (also last month) "
             "| late shifts each | duty days each | longest duty run | hard violations | strategy |",
             "|" + "---|" * 13]
    print("\n".join(lines), flush=True)
    reasons: list[str] = []
    with tempfile.TemporaryDirectory(prefix="months-") as folder:
        before: set[str] = set()
        for month in args.months.split(","):
            line, before, why = month_line(month, args, Path(folder), before)
            lines.append(line)
            reasons += why
            print(line, flush=True)
    if reasons:
        lines += ["", "Runs without a roster (the planner's reason; a month without a kept roster leaves the next "
                  "one without its history):", ""] + [f"- {r}" for r in reasons]
        print("\n".join(lines[-len(reasons):]), flush=True)
    twice = ["", "| month | deterministic twice | penalties |", "|---|---|---|"]
    for month in filter(None, args.deterministic.split(",")):
        with tempfile.TemporaryDirectory(prefix="months-") as folder:
            pair = [fresh(month, args.short, 0, Path(folder), deterministic=True) for _ in range(2)]
        same = pair[0]["roster"] is not None and pair[0]["roster"] == pair[1]["roster"]
        twice.append(f"| {month} | {'identical' if same else 'different'} | {pair[0]['penalty']}, {pair[1]['penalty']} |")
        print(twice[-1], flush=True)
    if args.results:
        from benchmarks.results import append
        append("Example team's months through the planner", lines + (twice if len(twice) > 3 else []),
               "Months planned in order, each with the earlier kept rosters as its history (`--history`); "
               f"the kept roster is seed {args.seeds.split(',')[0]} at {args.short:g} s, the fairness columns are "
               "its figures. Spread: (most − least) / least of the short runs. Gap: best roster found over the "
               "best proven bound. Each run a fresh process, one at a time, 2 workers; the deterministic pair "
               "is SolverProfile.deterministic (one worker, CP-SAT's deterministic time) without history.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
