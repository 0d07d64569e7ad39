"""CP-SAT under the planner: solvers from a profile and a budget, a built model solved and read back
(penalties in words), the whole model of a problem (with a repair's frozen days and changes).

Repair (`roster repair`): a problem with a baseline and freeze_before keeps days < freeze_before as
in the baseline and adds rule repair_changes: weight (setting, default 1000) per future cell whose
code differs from the baseline, so the new roster changes as few cells as possible.
"""
from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

from roster.instance import Assignment
from roster.model import RosterModel, add_person_bounds
from roster.penalties import Breach, breach
from roster.planner.budget import Budget
from roster.planner.problem import Problem
from roster.planner.profile import SolverProfile
from roster.planner.result import Plan
from roster.rules.base import Penalty, rule_setting

STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE", cp_model.INFEASIBLE: "INFEASIBLE",
          cp_model.UNKNOWN: "UNKNOWN"}
# LP-led pair of workers: the pattern formulation's strength is in its LP (linearization level 2 when
# there is a single worker); with two, the max_lp and core subsolvers (Curtois 5: 1,147 against
# 1,359 with the default pair in 60 s)
LP_LED = {1: "linearization_level: 2", 2: 'subsolvers: "max_lp" subsolvers: "core"'}
# A deterministic solve may overrun its deterministic time on a busy machine; the clock stops it at
# this many times its seconds at the latest (and then the run is no longer reproducible)
DETERMINISTIC_WALL_FACTOR = 3.0


def solver_for(profile: SolverProfile, budget: Budget, parameters: str = "", threads: int | None = None,
               seed: int | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver for this part of the budget: the profile's workers (or `threads`) and seed;
    deterministic profiles stop on CP-SAT's deterministic time, on one worker."""
    solver = cp_model.CpSolver()
    seconds = max(0.1, budget.left())
    p = solver.parameters
    p.num_workers = 1 if profile.deterministic else int(threads or profile.threads)
    p.random_seed = int(profile.seed if seed is None else seed)
    if profile.deterministic:
        p.max_deterministic_time = seconds
        p.max_time_in_seconds = DETERMINISTIC_WALL_FACTOR * seconds + 1.0
    else:
        p.max_time_in_seconds = seconds
    if profile.relative_gap:
        p.relative_gap_limit = float(profile.relative_gap)
    if parameters:
        p.merge_text_format(parameters)
    return solver


def lp_led(profile: SolverProfile) -> str:
    return LP_LED[min(2, profile.threads)]


class StopWhenStalled(cp_model.CpSolverSolutionCallback):
    """Reports each better roster and stops a solve once it has one and is done: after `least` is
    spent, as soon as `stall_s` pass without a better roster (it keeps going while it improves, and
    until a first roster exists); or as soon as `halt` is set (from another thread). Deterministic
    budgets never stop on the clock (the solve runs its deterministic time)."""

    def __init__(self, least: Budget | None, stall_s: float, report, have_roster: bool = False,
                 halt: threading.Event | None = None):
        super().__init__()
        self._least = None if least is not None and least.deterministic else least
        self._stall, self._report = stall_s, report
        self._halt = halt
        self._started = time.monotonic()
        # monotonic time of the last solution; a roster from elsewhere counts as one found at start
        self._last = self._started if have_roster else None
        self._done = threading.Event()

    def on_solution_callback(self) -> None:
        self._last = time.monotonic()
        self._report(self.ObjectiveValue(), self.BestObjectiveBound())

    def watch(self, solver: cp_model.CpSolver) -> threading.Thread | None:
        if self._least is None and self._halt is None:
            return None

        def run() -> None:
            while not self._done.wait(0.1):
                now = time.monotonic()
                if (self._halt is not None and self._halt.is_set()) or (
                        self._least is not None and self._last is not None and self._least.over()
                        and now - self._last >= self._stall):
                    solver.StopSearch()
                    return
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self._done.set()


def hint_complete(model: cp_model.CpModel, indexes, values) -> None:
    """Replace the model's hint by these values of these variables (proto indexes): a complete
    hint, which CP-SAT checks and keeps as its first roster."""
    model.ClearHints()
    hint = model.proto.solution_hint
    hint.vars.extend(indexes)
    hint.values.extend(values)


def run_model(m: RosterModel, budget: Budget, profile: SolverProfile, report=None, *,
              model: cp_model.CpModel | None = None, parameters: str = "", least: Budget | None = None,
              restricted: bool = False, halt: threading.Event | None = None, step: str = "whole",
              threads: int | None = None) -> Plan:
    """Solve a built model (or `model`, a copy of it with more variables after m's) within `budget`
    and read the result back; `parameters`: extra CP-SAT parameters in text format; with `least`,
    stop as soon as that part is spent and a roster exists. `report`: a roster.planner.progress
    Reporter for each better roster; `restricted`: the model allows fewer rosters than m's, so its
    bound is not reported. `halt`: stop as soon as it is set (UNKNOWN when no roster by then)."""
    started = time.monotonic()
    solver = solver_for(profile, budget, parameters, threads=threads)
    say = (lambda objective, bound: None) if report is None or report.quiet else (  # noqa: E731
        lambda objective, bound: report.improved(step, objective, None if restricted else bound))
    callback = StopWhenStalled(least, 0.0, say, halt=halt)
    watcher = callback.watch(solver)
    code = solver.Solve(m.model if model is None else model, callback)
    callback.close()
    if watcher is not None:
        watcher.join()
    status = STATUS.get(code)
    if status is None:
        raise RuntimeError(f"CP-SAT rejected the model: {solver.StatusName(code)} {m.model.Validate()}")
    return read_back(m, solver, status, time.monotonic() - started)


def read_back(m: RosterModel, solver: cp_model.CpSolver, status: str, wall: float,
              bound: float | None = None) -> Plan:
    """The solver's roster read back through the model: penalties in words, the roster's own cost.
    (CP-SAT's ObjectiveValue() can sit a little above it: presolve may keep only one side of a
    max/min definition, and postsolve then sets the variable to its exact value.)"""
    if status not in ("OPTIMAL", "FEASIBLE"):
        return Plan(status, None, None, None, None, wall)
    bound = solver.BestObjectiveBound() if bound is None else bound
    lines = penalty_lines(m, solver)
    objective = sum(line.amount for line in lines)
    if bound == float("-inf"):
        bound, gap = None, None
    else:
        gap = 0.0 if status == "OPTIMAL" else (objective - bound) / max(1, abs(objective))
    changes = sum(1 for line in lines if line.rule_id == "repair_changes")
    return Plan(status, m.assignment(solver), objective, bound, gap, wall, lines, changes,
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


def problem_model(problem: Problem) -> RosterModel:
    """The whole model of a problem: a repair's days before freeze_before pinned to the baseline
    and its changes priced (repair_changes), the problem's hint (or the baseline) as a hint."""
    instance, baseline, freeze = problem.instance, problem.baseline, problem.freeze_before
    pinned, pinned_duty = {}, {}
    if baseline is not None:
        for p in range(len(instance.people)):
            for d in range(min(freeze, instance.n_days)):
                pinned[p, d] = baseline.codes[p][d]
        for d in range(min(freeze, instance.n_days, len(baseline.duty))):
            pinned_duty[d] = set(baseline.duty[d])
    m = RosterModel(instance, pinned=pinned, freeze_before=freeze if baseline is not None else 0,
                    pinned_duty=pinned_duty, rules=problem.rules)
    if baseline is not None:
        m.penalties += repair_changes(m, baseline, freeze)
        m.model.Minimize(m.objective_expr())
    if problem.hint is not None or baseline is not None:
        m.add_hint(problem.hint or baseline)
    return m


def solve_whole(problem: Problem, budget: Budget, *, hint: Assignment | None = None, parameters: str = "",
                least: Budget | None = None, person_bounds: bool | None = None, quiet: bool = False) -> Plan:
    """The problem's whole model (problem_model) from `hint`, with the one-person bound cuts when
    the time allows (a one-person model needs about 0.05 s to close; none on a big team in a short
    run), solved within `budget`."""
    profile = problem.profile
    started = time.monotonic()
    if hint is not None:
        problem = problem.but(hint=hint)
    m = problem_model(problem)
    if (profile.person_bounds if person_bounds is None else person_bounds) and problem.instance.people:
        each = min(0.5, 0.2 * budget.left() / len(problem.instance.people))
        if each >= 0.02:
            add_person_bounds(m, each, profile.seed)
    result = run_model(m, budget.rest(), profile, None if quiet else problem.report, parameters=parameters,
                       least=least)
    result.wall_time = time.monotonic() - started
    return result


def repair_changes(m: RosterModel, baseline: Assignment, freeze_before: int) -> list[Penalty]:
    """Each future cell whose code differs from the baseline costs the repair_changes weight."""
    setting = rule_setting(m.instance, "repair_changes")
    out: list[Penalty] = []
    for p in range(len(m.instance.people)):
        for d in range(freeze_before, m.instance.n_days):
            old = baseline.codes[p][d]
            _keep(m, setting, m.code_is(p, d, old), out, f"repair_changes:{p}:{d}",
                  f"{m.label(p)} on {m.when(d)}: changed from {old}", p, d)
    # Handing the on-duty role to someone else is a change the team notices too.
    for d in range(freeze_before, min(m.instance.n_days, len(baseline.duty))):
        for p in baseline.duty[d]:
            _keep(m, setting, m.duty.get((p, d), 0), out, f"repair_duty:{p}:{d}",
                  f"{m.label(p)} on {m.when(d)}: no longer on duty", p, d)
    return out


def _keep(m: RosterModel, setting, kept, out: list[Penalty], key: str, words: str, p: int, d: int) -> None:
    """One baseline fact (`kept`: 1 when it holds in the new roster): required when the rule is hard,
    else priced at the rule's weight when it does not hold."""
    if isinstance(kept, int) and kept == 1:
        return
    if setting.hard:
        m.model.Add(kept == 1) if not isinstance(kept, int) else m.model.AddBoolOr([])
        return
    out.append(Penalty("repair_changes", key, 1 - kept, setting.weight, words, person=p, day=d))
