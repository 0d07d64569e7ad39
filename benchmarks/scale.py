"""How the monthly roster scales: the example team and generated teams of 100, 300 and 1,000 people.

    python benchmarks/scale.py [--sizes example,100,300,1000] [--limits 10,60] [--workers 2]

For each team and time limit it solves December 2026 with the product's policy (coverage scaled to
the team's size) through the planner as `roster solve` does (roster.planner.plan) in a fresh process, so peak memory is
that run's own, and prints one table row: people, CP-SAT variables and constraints, time to the
first roster that keeps every hard rule (plain CP-SAT, model building included), status, best
penalty, bound, gap, hard violations found by the independent validator, peak memory.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

if __name__ == "__main__":          # run as a script: this checkout's roster, not an installed one
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kefu.policy_file import read_policy_toml, validate_table  # noqa: E402
from kefu.team import Employee, Request, Team, read_team  # noqa: E402
from kefu.team_policy import TeamPolicy
from roster.monthly import build_month_instance  # noqa: E402
from roster.policy import Policy, RosterPolicy  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
YEAR, MONTH = 2026, 12
# the example team's head count by role: coverage is scaled from it
EXAMPLE_HEADS = {"presale": 18, "aftersale": 9, "lead": 3}


def scaled_policy(size: int) -> Policy:
    """The example policy with each coverage minimum scaled to a team of `size` (rounded down)."""
    raw = read_policy_toml(EXAMPLES / "policy.toml")
    heads = team_heads(size)
    for shifts in raw["roster"]["rules"]["coverage"]["minimum"].values():
        for roles in shifts.values():
            for role, need in roles.items():
                roles[role] = math.floor(need * heads[role] / EXAMPLE_HEADS[role])
    path = EXAMPLES / "policy.toml"
    return Policy(path=path, team=validate_table(TeamPolicy, raw["team"], path, "team"),
                  roster=validate_table(RosterPolicy, raw["roster"], path, "roster"))


def team_heads(size: int) -> dict[str, int]:
    lead = max(1, size // 10)
    aftersale = (size - lead) // 3
    return {"lead": lead, "aftersale": aftersale, "presale": size - lead - aftersale}


def generated_team(size: int, seed: int = 7) -> Team:
    """A synthetic team with the example's mix: leads and seniors on duty, a few leave days and wishes."""
    rng = random.Random(seed)
    people, requests = [], []
    roles = [r for r, n in team_heads(size).items() for _ in range(n)]
    for i, role in enumerate(roles):
        eid = f"G{i + 1:05d}"
        duty = role == "lead" or rng.random() < 0.1
        people.append(Employee(eid, f"员工{i + 1}", role, "P3", "二档", None, date(2024, 1, 1), date(2024, 4, 1),
                               None, duty, None, None, None, None, i + 2))
        roll = rng.random()
        day = date(YEAR, MONTH, rng.randint(1, 28))
        if roll < 0.05:
            requests.append(Request(eid, day, date(YEAR, MONTH, day.day + 2), "AL", None, None, i + 2))
        elif roll < 0.25:
            requests.append(Request(eid, day, day, "DAY_OFF", None, None, i + 2))
        elif roll < 0.35:
            requests.append(Request(eid, date(YEAR, MONTH, 1), date(YEAR, MONTH, 31), "AVOID", "C", None, i + 2))
    return Team(Path(f"generated-{size}.xlsx"), tuple(people), tuple(requests))


def measure(size: str, limit: float, workers: int, seed: int) -> dict:
    """One solve, in this process; returns the row of the table."""
    from roster.model import RosterModel
    from roster.planner import Budget, SolverProfile, plan
    from roster.validate import check

    if size == "example":
        from roster.policy import load_policy
        policy = load_policy(EXAMPLES / "policy.toml")
        team = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
    else:
        policy, team = scaled_policy(int(size)), generated_team(int(size))
    instance = build_month_instance(policy, team, YEAR, MONTH)
    # the planner first, as `roster solve` runs it in a fresh process: a 1,000-person CP-SAT solve
    # before it leaves the process slower (a group's first roster 1.3 s after one, 0.9 s before)
    result = plan(instance, Budget(limit), SolverProfile(workers=workers, seed=seed))
    first = time_to_first_roster(instance, limit, workers, seed)
    proto = RosterModel(instance).model.Proto()
    row = {"team": size, "people": len(instance.people), "limit_s": limit,
           "variables": len(proto.variables), "constraints": len(proto.constraints),
           "first_valid_s": first, "status": result.status,
           "penalty": result.objective, "bound": round(result.bound, 1) if result.bound is not None else None,
           "gap_pct": round(100 * result.gap, 2) if result.gap is not None else None,
           "wall_s": round(result.wall_time, 1), "hard_violations": None,
           "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    if result.assignment is not None:
        row["hard_violations"] = len(check(instance, result.assignment).violations)
    return row


def time_to_first_roster(instance, limit: float, workers: int, seed: int) -> float | None:
    """Seconds (model building included) until CP-SAT finds a first roster that keeps every hard rule."""
    from ortools.sat.python import cp_model

    from roster.model import RosterModel

    class First(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self):
            self.StopSearch()

    started = time.monotonic()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(RosterModel(instance).model, First())
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return round(time.monotonic() - started, 2) if found else None


COLUMNS = ("team", "people", "limit_s", "variables", "constraints", "first_valid_s", "status", "penalty",
           "bound", "gap_pct", "wall_s", "hard_violations", "peak_mib")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="example,100,300,1000")
    ap.add_argument("--limits", default="10,60")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--one", help=argparse.SUPPRESS)       # internal: run one measurement, print JSON
    ap.add_argument("--results", action="store_true", help="append the table to benchmarks/RESULTS.md")
    args = ap.parse_args(argv)
    if args.one:
        size, limit = args.one.split(":")
        print(json.dumps(measure(size, float(limit), args.workers, args.seed)))
        return 0
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    print("\n".join(lines))
    for size in args.sizes.split(","):
        for limit in args.limits.split(","):
            out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one", f"{size}:{limit}",
                                  "--workers", str(args.workers), "--seed", str(args.seed)],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                lines.append(f"| {size} | failed: {out.stderr.strip().splitlines()[-1:]} |")
                print(lines[-1])
                continue
            row = json.loads(out.stdout.strip().splitlines()[-1])
            lines.append("| " + " | ".join("" if row[c] is None else str(row[c]) for c in COLUMNS) + " |")
            print(lines[-1], flush=True)
    if args.results:
        from benchmarks.results import append
        append("Roster size and speed through the planner", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
