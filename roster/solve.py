"""Solve an Instance with CP-SAT: parameters, progress, honest status, penalties in words, repair.

    result = solve(instance, SolveParams(time_limit_s=20))
    result.status      'OPTIMAL' | 'FEASIBLE' | 'INFEASIBLE' | 'UNKNOWN'
    result.assignment  the roster (None unless OPTIMAL/FEASIBLE); result.penalties: every soft cost

Repair (`roster repair`): solve(instance, params, baseline=old, freeze_before=d) keeps days < d as
in the baseline and adds rule repair_changes: weight (setting, default 1000) per future cell whose
code differs from the baseline, so the new roster changes as few cells as possible.
"""
from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from ortools.sat.python import cp_model

from roster.instance import Assignment, Instance
from roster.model import RosterModel, add_person_bounds
from roster.penalties import Breach, breach
from roster.rules import RULES
from roster.rules.base import Penalty, rule_setting

STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE", cp_model.INFEASIBLE: "INFEASIBLE",
          cp_model.UNKNOWN: "UNKNOWN"}


@dataclass
class SolveParams:
    time_limit_s: float = 20.0
    workers: int = 2
    seed: int = 0
    # True: print elapsed, best penalty and bound to stderr at each improvement; or a callable
    # taking (elapsed_s, objective, bound)
    log_progress: bool | Callable[[float, float, float], None] = False
    relative_gap: float = 0.0          # stop when (objective - bound) / objective is at most this
    person_bounds: bool = True         # add one-person lower-bound cuts (roster.model.add_person_bounds)
    column_bound: bool = True          # staged solves: the column-generation bound (roster.columns)


@dataclass
class SolveResult:
    status: str
    assignment: Assignment | None
    objective: int | None              # the solver's objective: sum of the penalties' amounts
    bound: float | None
    gap: float | None                  # (objective - bound) / objective; 0 when optimal
    wall_time: float
    penalties: list[Breach] = field(default_factory=list)
    changes: int = 0                   # repair: future cells changed from the baseline
    values: list[int] = field(default_factory=list, repr=False)   # every model variable's value

    @property
    def ok(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def rule_penalty(self) -> int | None:
        """The objective without repair_changes: what roster.validate recomputes."""
        if self.objective is None:
            return None
        return self.objective - sum(p.amount for p in self.penalties if p.rule_id == "repair_changes")


class StopWhenStalled(cp_model.CpSolverSolutionCallback):
    """Stops a solve once it stalls: after `least_s`, as soon as `stall_s` pass
    without a better roster (it keeps going while it improves, and until a first roster exists);
    or as soon as `halt` is set (from another thread)."""

    def __init__(self, least_s: float, stall_s: float, report, have_roster: bool = False,
                 halt: threading.Event | None = None):
        super().__init__()
        self._least, self._stall, self._report = least_s, stall_s, report
        self._halt = halt
        self._started = time.monotonic()
        # monotonic time of the last solution; a roster from elsewhere counts as one found at start
        self._last = self._started if have_roster else None
        self._done = threading.Event()

    def on_solution_callback(self) -> None:
        self._last = time.monotonic()
        self._report(self.ObjectiveValue(), self.BestObjectiveBound())

    def watch(self, solver: cp_model.CpSolver) -> threading.Thread:
        def run() -> None:
            while not self._done.wait(0.1):
                now = time.monotonic()
                if (self._halt is not None and self._halt.is_set()) or (
                        self._last is not None and now - self._started >= self._least
                        and now - self._last >= self._stall):
                    solver.StopSearch()
                    return
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self._done.set()


def _print_progress(elapsed: float, objective: float, bound: float) -> None:
    # every penalty is a count times a weight >= 0: a negative bound says nothing yet
    shown = "—" if bound != bound else f"{max(0.0, bound):.0f}"         # nan: no valid bound to show
    print(f"{elapsed:7.1f} 秒  当前最好扣分 {objective:.0f}  下界 {shown}", file=sys.stderr, flush=True)


def hint_complete(model: cp_model.CpModel, indexes, values) -> None:
    """Replace the model's hint by these values of these variables (proto indexes): a complete
    hint, which CP-SAT checks and keeps as its first roster."""
    model.ClearHints()
    hint = model.proto.solution_hint
    hint.vars.extend(indexes)
    hint.values.extend(values)


def make_solver(params: SolveParams) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(params.time_limit_s)
    solver.parameters.num_workers = int(params.workers)
    solver.parameters.random_seed = int(params.seed)
    if params.relative_gap:
        solver.parameters.relative_gap_limit = float(params.relative_gap)
    return solver


def with_bound(result: SolveResult, bound: float | None, started: float) -> SolveResult:
    """The result with the best valid bound known, never below 0 (every penalty is a count times a
    weight >= 0; CP-SAT's own bound can be negative early on), its gap and status to match (a
    bound that reaches the roster proves it optimal), and its wall time counted from `started`."""
    if result.ok and result.status != "OPTIMAL" and bound is not None:
        bound = max(0.0, bound)
        gap = (result.objective - bound) / max(1, abs(result.objective))
        result = replace(result, status="OPTIMAL" if gap <= 0 else "FEASIBLE",
                         bound=min(bound, float(result.objective)), gap=max(0.0, gap))
    return replace(result, wall_time=time.monotonic() - started)


def solve(instance: Instance, params: SolveParams | None = None, baseline: Assignment | None = None,
          freeze_before: int = 0, hint: Assignment | None = None, rules=None,
          started: float | None = None, least_s: float | None = None, parameters: str = "") -> SolveResult:
    """Solve the instance; with a baseline, days before freeze_before are kept and changes cost.
    `started`: when the caller's clock started (progress lines count from it); `least_s`: stop as
    soon as that many seconds have passed and a roster exists; `parameters`: extra CP-SAT
    parameters in text format (both as run has them)."""
    params = params or SolveParams()
    clock = time.monotonic() if started is None else started
    started = time.monotonic()
    pinned, pinned_duty = {}, {}
    if baseline is not None:
        for p in range(len(instance.people)):
            for d in range(min(freeze_before, instance.n_days)):
                pinned[p, d] = baseline.codes[p][d]
        for d in range(min(freeze_before, instance.n_days, len(baseline.duty))):
            pinned_duty[d] = set(baseline.duty[d])
    m = RosterModel(instance, pinned=pinned, freeze_before=freeze_before if baseline is not None else 0,
                    pinned_duty=pinned_duty, rules=rules or RULES)
    if baseline is not None:
        m.penalties += repair_changes(m, baseline, freeze_before)
        m.model.Minimize(m.objective_expr())
    if hint is not None or baseline is not None:
        m.add_hint(hint or baseline)
    if params.person_bounds and instance.people:
        per_person = min(0.5, 0.2 * params.time_limit_s / len(instance.people))
        if per_person >= 0.02:
            add_person_bounds(m, per_person, params.seed)
    remaining = replace(params, time_limit_s=max(0.1, params.time_limit_s - (time.monotonic() - started)))
    result = run(m, remaining, clock, least_s=least_s, parameters=parameters)
    result.wall_time = time.monotonic() - started
    return result


def run(m: RosterModel, params: SolveParams, started: float | None = None,
        model: cp_model.CpModel | None = None, parameters: str = "", least_s: float | None = None,
        restricted: bool = False, halt: threading.Event | None = None) -> SolveResult:
    """Solve a built model (or `model`, a copy of it with more variables after m's) and read the
    result back; `parameters`: extra CP-SAT parameters in text format; with `least_s`, stop as soon
    as that many seconds have passed and a roster exists (else at the time limit). `restricted`:
    the model allows fewer rosters than m's, so its bound is not reported as progress. `halt`:
    stop as soon as it is set (UNKNOWN when no roster was found by then)."""
    started = time.monotonic() if started is None else started
    solver = make_solver(params)
    if parameters:
        solver.parameters.merge_text_format(parameters)
    report = None
    if params.log_progress:
        say = _print_progress if params.log_progress is True else params.log_progress
        report = lambda objective, bound: say(time.monotonic() - started, objective,  # noqa: E731
                                              float("nan") if restricted else bound)
    callback = StopWhenStalled(float("inf") if least_s is None else least_s, 0.0, report or (lambda *_: None),
                               halt=halt)
    watcher = callback.watch(solver) if least_s is not None or halt is not None else None
    code = solver.Solve(m.model if model is None else model, callback)
    callback.close()
    if watcher is not None:
        watcher.join()
    status = STATUS.get(code)
    if status is None:
        raise RuntimeError(f"CP-SAT rejected the model: {solver.StatusName(code)} "
                           f"{m.model.Validate()}")
    wall = time.monotonic() - started
    if status not in ("OPTIMAL", "FEASIBLE"):
        return SolveResult(status, None, None, None, None, wall)
    bound = solver.BestObjectiveBound()
    lines = penalty_lines(m, solver)
    # The roster's own cost. CP-SAT's ObjectiveValue() can sit a little above it: presolve may keep
    # only one side of a max/min definition, and postsolve then sets the variable to its exact value.
    objective = sum(line.amount for line in lines)
    gap = 0.0 if status == "OPTIMAL" else (objective - bound) / max(1, abs(objective))
    changes = sum(1 for line in lines if line.rule_id == "repair_changes")
    return SolveResult(status, m.assignment(solver), objective, bound, gap, wall, lines, changes,
                       values=list(solver.response_proto.solution))


def _value(solver: cp_model.CpSolver, expr) -> int:
    return int(expr) if isinstance(expr, (int, bool)) else int(solver.Value(expr))


def penalty_lines(m: RosterModel, solver: cp_model.CpSolver) -> list[Breach]:
    out = []
    for pen in m.penalties:
        units = _value(solver, pen.expr)
        if units and pen.weight:
            out.append(breach(m.instance, pen.rule_id, pen.person, pen.day, units, pen.words.format(n=units),
                              hard=False, weight=pen.weight))
    return out


def repair_changes(m: RosterModel, baseline: Assignment, freeze_before: int) -> list[Penalty]:
    """Each future cell whose code differs from the baseline costs the repair_changes weight."""
    setting = rule_setting(m.instance, "repair_changes")
    out = []
    for p in range(len(m.instance.people)):
        for d in range(freeze_before, m.instance.n_days):
            old = baseline.codes[p][d]
            same = m.code_is(p, d, old)
            if isinstance(same, int) and same == 1:
                continue
            if setting.hard:
                m.model.Add(same == 1) if not isinstance(same, int) else m.model.AddBoolOr([])
                continue
            out.append(Penalty("repair_changes", f"repair_changes:{p}:{d}", 1 - same, setting.weight,
                               f"{m.label(p)} on {m.when(d)}: changed from {old}", person=p, day=d))
    # Handing the on-duty role to someone else is a change the team notices too.
    for d in range(freeze_before, min(m.instance.n_days, len(baseline.duty))):
        for p in baseline.duty[d]:
            kept = m.duty.get((p, d), 0)
            if isinstance(kept, int) and kept == 1:
                continue
            if setting.hard:
                m.model.Add(kept == 1) if not isinstance(kept, int) else m.model.AddBoolOr([])
                continue
            out.append(Penalty("repair_changes", f"repair_duty:{p}:{d}", 1 - kept, setting.weight,
                               f"{m.label(p)} on {m.when(d)}: no longer on duty", person=p, day=d))
    return out
