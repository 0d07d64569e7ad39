"""The example team's months through the planner, as `roster solve` plans them.

    python benchmarks/months.py [--months 2026-12,2027-01] [--seconds 20] [--seeds 0,1,2] [--results]

For each month and seed: the penalty, the proven bound, the strategy and the wall time (each run in a
fresh process, one at a time); then the same month twice in deterministic mode (SolverProfile
.deterministic) and whether the two rosters are identical. With --results the table is appended
to benchmarks/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def one(month: str, seconds: float, seed: int, deterministic: bool) -> dict:
    """One plan in this process: the row as a dict (the roster's codes too, for the comparison)."""
    from kefu.calendar import parse_month
    from roster.monthly import build_month_instance
    from roster.planner import Budget, SolverProfile, plan
    from roster.policy import load_policy
    from kefu.team import read_team
    from roster.validate import check

    policy = load_policy(EXAMPLES / "policy.toml")
    team = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
    year, mon = parse_month(month)
    instance = build_month_instance(policy, team, year, mon)
    profile = SolverProfile.from_policy(policy).with_options(seed=seed, workers=2, deterministic=deterministic)
    result = plan(instance, Budget(seconds), profile)
    violations = len(check(instance, result.assignment).violations) if result.ok else None
    return {"month": month, "seed": seed, "deterministic": deterministic, "status": result.status,
            "penalty": result.objective, "bound": None if result.bound is None else round(result.bound),
            "strategy": result.strategy, "wall_s": round(result.wall_time, 1), "violations": violations,
            "codes": result.assignment.codes if result.ok else None,
            "duty": result.assignment.duty if result.ok else None}


def fresh(month: str, seconds: float, seed: int, deterministic: bool) -> dict:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one",
                          json.dumps([month, seconds, seed, deterministic])],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{month} seed {seed} failed: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", default="2026-12,2027-01")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--results", action="store_true", help="append the table to benchmarks/RESULTS.md")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(*json.loads(args.one))))
        return 0
    lines = ["| month | seconds | seeds | penalties | median | spread % | bound | strategy | wall s | hard violations "
             "| deterministic twice |", "|" + "---|" * 11]
    for month in args.months.split(","):
        runs = [fresh(month, args.seconds, int(s), False) for s in args.seeds.split(",")]
        twice = [fresh(month, args.seconds, 0, True) for _ in range(2)]
        penalties = [r["penalty"] for r in runs if r["penalty"] is not None]
        spread = 100 * (max(penalties) - min(penalties)) / max(1, min(penalties)) if penalties else None
        same = twice[0]["codes"] is not None and all(t["codes"] == twice[0]["codes"] and t["duty"] == twice[0]["duty"]
                                                     for t in twice)
        line = (f"| {month} | {args.seconds:g} | {args.seeds} | {', '.join(map(str, penalties))} | "
                f"{statistics.median(penalties) if penalties else '—'} | "
                f"{'—' if spread is None else f'{spread:.1f}'} | {max((r['bound'] or 0) for r in runs)} | "
                f"{runs[0]['strategy']} | {max(r['wall_s'] for r in runs)} | "
                f"{sum(r['violations'] or 0 for r in runs)} | "
                f"{'identical' if same else 'different'} ({twice[0]['penalty']}, {twice[1]['penalty']}) |")
        lines.append(line)
        print(line, flush=True)
    if args.results:
        from benchmarks.results import append
        append("Example team's months through the planner", lines,
               "Each run in a fresh process, one at a time; 2 workers. The deterministic pair: seed 0, "
               "SolverProfile.deterministic (one worker, CP-SAT's deterministic time).")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
