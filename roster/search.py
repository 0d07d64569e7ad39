"""Search on top of the roster model: a whole-model solve, then large-neighbourhood search (LNS).

    result = improve(instance, SearchParams(time_limit_s=60, workers=2))

Works on any Instance and the product's own RosterModel (the same rule functions as roster.solve):
1. whole model: CP-SAT on everything for a share of the time (it proves small instances optimal);
   it runs on past that share until a first roster exists;
2. LNS: keep the best roster; repeatedly free a neighbourhood — some people over the whole horizon
   (their rows are re-planned against everyone else's coverage), a window of days for everyone, or
   a window for some people — fix every other cell to the best roster, and re-solve that much
   smaller model from the best roster as a hint. A better roster replaces the best; the size of the
   neighbourhood adapts (grows when a sub-model is solved to optimality, shrinks when it times out).
The result is a roster.solve.SolveResult read back through the same model (penalties in words).
"""
from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from roster.instance import Instance
from roster.model import RosterModel, add_person_bounds
from roster.solve import STATUS, SolveParams, SolveResult, make_solver, penalty_lines


@dataclass
class SearchParams(SolveParams):
    whole_share: float = 0.25          # share of the time for the whole-model solve
    sub_time_s: float = 5.0            # time limit of one LNS sub-model
    lns: bool = True


class _StopAfter(cp_model.CpSolverSolutionCallback):
    """Stop the whole-model solve at its first solution found after `soft_limit_s` (wall time)."""

    def __init__(self, soft_limit_s: float, report):
        super().__init__()
        self._limit, self._report = soft_limit_s, report

    def on_solution_callback(self) -> None:
        self._report(self.ObjectiveValue(), self.BestObjectiveBound())
        if self.WallTime() >= self._limit:
            self.StopSearch()


class Incumbent:
    """The best roster so far: the full variable vector and the solver whose response holds it."""

    def __init__(self, solver: cp_model.CpSolver, m: RosterModel):
        self.objective = None
        self.take_if_better(solver, m)

    def take_if_better(self, solver: cp_model.CpSolver, m: RosterModel) -> bool:
        # the roster's own cost (what penalty_lines reports), not CP-SAT's ObjectiveValue(), which
        # may sit a little above it (see roster.solve.run)
        objective = sum(line.amount for line in penalty_lines(m, solver))
        if self.objective is not None and objective >= self.objective:
            return False
        self.solver, self.objective = solver, objective
        self.values = list(solver.response_proto.solution)
        return True


class Neighbourhoods:
    """Which cells to free: people over the horizon, days for everyone, or days for some people.
    Each kind keeps its own size, adapted to how hard its sub-models turn out."""

    KINDS = ("people", "days", "block")

    def __init__(self, instance: Instance, rng: random.Random):
        self.rng = rng
        self.n_people, self.n_days = len(instance.people), instance.n_days
        cells = max(1, self.n_people * self.n_days)
        # start near 600 free cells (a sub-model CP-SAT closes in about a second), then adapt
        self.size = {
            "people": max(2, min(self.n_people, round(600 / max(1, self.n_days)))),
            "days": max(2, min(self.n_days, round(600 / max(1, self.n_people)))),
            "block": 0.5 if cells > 600 else 1.0,
        }

    def draw(self) -> tuple[str, set[int], range]:
        kind = self.rng.choice(self.KINDS)
        people, days = set(range(self.n_people)), range(self.n_days)
        if kind == "people":
            people = set(self.rng.sample(range(self.n_people), int(self.size["people"])))
        elif kind == "days":
            length = int(self.size["days"])
            start = self.rng.randrange(0, self.n_days - length + 1)
            days = range(start, start + length)
        else:
            share = self.size["block"]
            k = max(2, round(self.n_people * share ** 0.5))
            length = max(2, min(self.n_days, round(self.n_days * share ** 0.5)))
            start = self.rng.randrange(0, self.n_days - length + 1)
            people = set(self.rng.sample(range(self.n_people), min(k, self.n_people)))
            days = range(start, start + length)
        return kind, people, days

    def feedback(self, kind: str, closed: bool) -> None:
        """closed: the sub-model was solved to optimality (grow); otherwise it timed out (shrink)."""
        factor = 1.15 if closed else 0.85
        if kind == "people":
            self.size[kind] = min(self.n_people, max(2, self.size[kind] * factor))
        elif kind == "days":
            self.size[kind] = min(self.n_days, max(2, self.size[kind] * factor))
        else:
            self.size[kind] = min(1.0, max(0.02, self.size[kind] * factor))


def improve(instance: Instance, params: SearchParams | None = None) -> SolveResult:
    """The best roster found within params.time_limit_s (whole-model solve, then LNS)."""
    params = params or SearchParams()
    started = time.monotonic()
    deadline = started + params.time_limit_s
    say = _reporter(params, started)

    m = RosterModel(instance)
    if params.person_bounds and instance.people:
        per_person = min(0.5, 0.05 * params.time_limit_s / len(instance.people))
        if per_person >= 0.02:
            add_person_bounds(m, per_person, params.seed)

    solver = make_solver(replace(params, time_limit_s=max(0.1, deadline - time.monotonic())))
    soft_limit = max(0.0, params.whole_share * params.time_limit_s - (time.monotonic() - started))
    code = solver.Solve(m.model, _StopAfter(soft_limit if params.lns else float("inf"),
                                            lambda obj, bound: say("whole", obj, bound)))
    status = STATUS[code]
    bound = solver.BestObjectiveBound() if status in ("OPTIMAL", "FEASIBLE") else None
    if status != "FEASIBLE" or not params.lns:
        return _result(m, status, solver if status == "OPTIMAL" else None, bound, started)

    best = Incumbent(solver, m)
    rng = random.Random(params.seed)
    hoods = Neighbourhoods(instance, rng)
    while time.monotonic() < deadline - 0.2 and best.objective > bound:
        kind, people, days = hoods.draw()
        sub = _neighbourhood_model(m, best.values, people, days)
        budget = min(params.sub_time_s, deadline - time.monotonic())
        sub_solver = make_solver(replace(params, time_limit_s=max(0.1, budget), relative_gap=0.0))
        code = sub_solver.Solve(sub)
        hoods.feedback(kind, code == cp_model.OPTIMAL)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and sub_solver.ObjectiveValue() < best.objective + 0.5:
            if best.take_if_better(sub_solver, m):
                say(kind, best.objective, bound)
    final = "OPTIMAL" if best.objective <= bound else "FEASIBLE"
    return _result(m, final, best.solver, bound, started)


def _neighbourhood_model(m: RosterModel, values: list[int], people: set[int], days: range) -> cp_model.CpModel:
    """A copy of the model with every work cell outside (people × days) fixed to the best roster,
    hinted with the best roster everywhere."""
    sub = m.model.clone()
    proto = sub.proto
    day_set = set(days)
    for (p, d), on in m.on.items():
        if p in people and d in day_set:
            continue
        for index in [on.index] + [m.work[p, d, s].index for s in m.shift_ids if (p, d, s) in m.work]:
            domain = proto.variables[index].domain
            domain[0] = domain[1] = values[index]
    proto.clear_solution_hint()
    hint = proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
    return sub


def _result(m: RosterModel, status: str, solver: cp_model.CpSolver | None, bound: float | None,
            started: float) -> SolveResult:
    wall = time.monotonic() - started
    if solver is None:
        return SolveResult(status, None, None, bound, None, wall)
    lines = penalty_lines(m, solver)
    objective = sum(line.amount for line in lines)
    gap = 0.0 if status == "OPTIMAL" else (objective - bound) / max(1, abs(objective))
    return SolveResult(status, m.assignment(solver), objective, bound, gap, wall, lines)


def _reporter(params: SolveParams, started: float):
    def say(stage: str, objective: float, bound: float) -> None:
        if params.log_progress is True:
            print(f"{time.monotonic() - started:7.1f}s  {stage:<6} best penalty {objective:.0f}  "
                  f"bound {bound:.0f}", file=sys.stderr, flush=True)
        elif callable(params.log_progress):
            params.log_progress(time.monotonic() - started, objective, bound)
    return say
