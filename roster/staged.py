"""A staged solve for monthly rosters: the cheapest rows first, then the whole model.

Most of a month's penalty depends only on who works which day (rest days, isolated rest days,
runs of work, requested days off), and each person has only a few hundred possible work/rest rows
(roster.patterns). So, when every person's rows can be listed:

1. cheapest rows: each person on one of the rows of their two cheapest cost levels (e.g. the
   fewest isolated rest days possible, or one more), in a model without the row rules, whose
   objective counts the picked row's cost instead (roster.patterns.rows_model) — a small model
   whose rosters keep every rule; the LP-led pair of workers finds good ones fast. Its roster is
   read back through the whole model (`scored`);
2. whole: the whole model with every row listed (its LP bound is the exact per-person hull), from
   the stage-1 roster as a complete hint, for the time that is left. People alike in everything but
   their names get their rows in order (roster.patterns.order_interchangeable): without it the
   bound of the example month stalls near 218 after a minute, with it it reaches 237. (The
   one-person bounds of the pattern route are left out here: beside the rows they slowed the LP's
   bound from 240 to 211 at 25 s.)

The result is the better roster of the two, with stage 2's bound (valid for every roster).

When rows cannot be listed (e.g. a soft statutory-holiday rule, or limits that leave too many rows)
the older route runs: the same rules on a copy of the month with the shifts merged into one (the
rest pattern), then the shifts on that pattern, then the whole model from that roster as a hint.
Every stage runs the same model and rule functions (roster.model, roster.solve).
"""
from __future__ import annotations

import sys
import threading
import time
from dataclasses import replace

from ortools.sat.python import cp_model

from roster.instance import Cover, Instance, Setting, ShiftType
from roster.background_bound import BackgroundBound
from roster.model import RosterModel, add_person_bounds
from roster.patterns import (add_rows, cheapest, interchangeable, order_interchangeable, row_values,
                             rows_by_person, rows_model)
from roster.solve import SolveParams, SolveResult, hint_complete, make_solver, run, solve, with_bound

MERGED = "W"
# rules that only make sense per shift: off in the pattern stage (their rule ids)
SHIFT_RULES = ("succession", "shift_limits", "shift_stability", "fair_late_shifts", "shift_preferences")
PATTERN_SHARE, SHIFT_SHARE = 0.3, 0.2     # of the time limit; the whole model gets the rest
# Below this limit the pattern route's rosters are better (the rows route spends its first seconds
# listing rows and presolving a bigger model: 38 people in 4.5 s, 444-479 against 405-426).
ROWS_LEAST_S = 8.0
CHEAPEST_SHARE = 0.5                      # rows route: stage 1's share of the time limit ...
WHOLE_LEAST_S = 20.0                      # ... unless stage 2 would get less than this: then all
# LP-led pair of workers: the row formulation's strength is in its LP (linearization level 2 when
# there is a single worker); the whole model skips probing, which costs seconds on 25,000 variables
LP_LED = {1: "linearization_level: 2", 2: 'subsolvers: "max_lp" subsolvers: "core"'}
WHOLE_EXTRA = " cp_model_probing_level: 0"
# the check beside stage 1 that its rows can cover the month at all (cheapest_cannot_cover): at
# most this long, and this share of the time limit
CHECK_SECONDS, CHECK_SHARE = 2.0, 0.2


def pattern_instance(instance: Instance) -> Instance:
    """The instance with its shifts merged into one: who works which day, nothing about shifts."""
    merged: dict[tuple[int, str | None], Cover] = {}
    for c in instance.covers:
        key = (c.day, c.role)
        prev = merged.get(key)
        merged[key] = Cover(c.day, MERGED, c.role, c.minimum + (prev.minimum if prev else 0),
                            c.under_hard or bool(prev and prev.under_hard),
                            max(c.under_weight, prev.under_weight if prev else 0),
                            max(c.over_weight, prev.over_weight if prev else 0))
    shift_ids = set(instance.shift_ids)
    minutes = min(s.minutes for s in instance.shifts)
    people = [replace(p, max_per_shift={}, history=tuple(MERGED if h in shift_ids else h for h in p.history))
              for p in instance.people]
    settings = dict(instance.settings)
    for rule_id in SHIFT_RULES:
        settings[rule_id] = Setting(hard=False, weight=0)
    return replace(instance, shifts=[ShiftType(MERGED, minutes, 0, 0)], people=people,
                   covers=list(merged.values()), forbidden_successions=set(),
                   wishes=[w for w in instance.wishes if w.shift is None],
                   duty_shift=MERGED if instance.duty_shift else None, fair_shift=None, settings=settings)


def solve_staged(instance: Instance, params: SolveParams) -> SolveResult:
    """The cheapest rows, then the whole model; or pattern, shifts, whole (see the module docstring)."""
    started = time.monotonic()
    if params.time_limit_s >= ROWS_LEAST_S:
        m = RosterModel(instance)
        rows = rows_by_person(m)
        if instance.people and len(rows) == len(instance.people):
            return solve_by_rows(m, rows, params, started)
    return solve_by_pattern(instance, params, started)


def solve_by_rows(m: RosterModel, rows: dict, params: SolveParams, started: float) -> SolveResult:
    """Stage 1 on each person's cheapest rows, stage 2 on the whole model with every row; beside
    them, in a child process (roster.background_bound), the column-generation bound."""
    lp_led = LP_LED[min(2, max(1, params.workers))]
    deadline = started + params.time_limit_s
    columns = (BackgroundBound(m, deadline - time.monotonic(), rows, _bound_said(params, started))
               if params.column_bound else None)
    whole_s = (1 - CHEAPEST_SHARE) * params.time_limit_s
    if whole_s < WHOLE_LEAST_S:
        whole_s = 0.0                       # too short for the whole model to lift the bound (the
                                            # example: still 202 after 10 s, 219 after 30 s)
    n_plain = len(m.model.proto.variables)
    first = rows_model(m.instance, {p: cheapest(listed) for p, listed in rows.items()})
    # beside stage 1, a quick check on the merged shifts that its rows can cover the month at all
    doomed = threading.Event()
    check_s = min(CHECK_SECONDS, CHECK_SHARE * params.time_limit_s)
    checker = threading.Thread(target=_check_cover, args=(m, rows, check_s, params.seed, doomed), daemon=True)
    checker.start()
    now = time.monotonic()
    cheap = run(first, replace(params, time_limit_s=max(0.1, deadline - now)), started, parameters=lp_led,
                least_s=max(0.0, deadline - whole_s - now), restricted=True, halt=doomed)
    checker.join()
    if cheap.ok:
        cheap = scored(m, first, cheap.values, params)
    if doomed.is_set() and not cheap.ok:    # (a roster found first would keep its place)
        cheap = replace(cheap, status="INFEASIBLE")
    _say(params, started, f"第一步（每人只用扣分最少的几种休息排法）：{_found(cheap)}")
    if cheap.status == "INFEASIBLE":        # the cheapest rows cannot cover the month together
        left = deadline - time.monotonic()
        result = solve_by_pattern(m.instance, replace(params, time_limit_s=max(0.1, left)), time.monotonic(),
                                  clock=started)
        if columns and result.ok:           # the month's bound holds whatever route found the roster
            return with_bound(result, max(result.bound or 0.0, row_bound(rows), columns.result(result.objective)),
                            started)
        if columns:
            columns.stop()
        return result
    if cheap.ok:                            # optimal among the cheapest rows says nothing of the rest
        cheap = replace(cheap, status="FEASIBLE", bound=None, gap=None)
    if cheap.ok and (whole_s == 0 or deadline - time.monotonic() < 1):
        return with_bound(cheap, max(row_bound(rows), columns.result(cheap.objective) if columns else 0), started)
    picks = {p: add_rows(m.model, m, p, listed) for p, listed in rows.items()}
    alike = interchangeable(m, rows)
    if cheap.ok:                            # a complete hint: every variable, rows included
        plain = cheap.values[:n_plain]
        picked = {p: row_values(m, p, rows[p], plain) for p in picks}
        # alike people in the order of their stage-1 rows, so the hint keeps the symmetry breaking
        alike = [sorted(group, key=lambda p: picked[p].index(1)) for group in alike]
        hint_complete(m.model, [*range(n_plain), *(x.Index() for p in picks for x in picks[p])],
                      [*plain, *(v for p in picks for v in picked[p])])
    order_interchangeable(m.model, alike, picks)
    left = replace(params, time_limit_s=max(0.1, deadline - time.monotonic()))
    whole = run(m, left, started, parameters=lp_led + WHOLE_EXTRA)
    if columns and whole.status in ("OPTIMAL", "INFEASIBLE"):
        columns.stop()
    if whole.status == "INFEASIBLE" or not (whole.ok or cheap.ok):
        return whole
    best = whole if whole.ok and (not cheap.ok or whole.objective <= cheap.objective) else cheap
    column_bound = columns.result(best.objective) if columns else 0
    return with_bound(best, max(row_bound(rows), column_bound, whole.bound if whole.ok else 0), started)


def scored(m: RosterModel, lean: RosterModel, values: list[int], params: SolveParams) -> SolveResult:
    """The roster of `lean` (a model of the same instance, e.g. roster.patterns.rows_model; its
    variable values) read back through the whole model m: every work and on-duty cell fixed to it,
    the rest (the rules' own variables) found by CP-SAT at once, so that the result has m's
    variables, penalties in words and objective. Status FEASIBLE (the optimum of nothing)."""
    model = m.model.clone()
    variables = model.proto.variables
    for cells, lean_cells in ((m.work, lean.work), (m.on, lean.on), (m.duty, lean.duty)):
        for key, v in cells.items():
            domain = variables[v.Index()].domain
            domain[0] = domain[1] = values[lean_cells[key].Index()]
    result = run(m, replace(params, time_limit_s=max(1.0, params.time_limit_s), workers=1, log_progress=False),
                 model=model)
    if not result.ok:                   # the whole model's rules are the lean one's: cannot happen
        raise RuntimeError(f"the whole model rejects the roster of its rows ({result.status})")
    return replace(result, status="FEASIBLE", bound=None, gap=None)


def cheapest_cannot_cover(m: RosterModel, rows: dict, seconds: float, seed: int = 0) -> bool:
    """True when the cheapest rows cannot cover the month even with the shifts merged into one
    (pattern_instance: a relaxation when every cover is hard), proven within `seconds` on one
    worker. January 2027 for the example team: proven in 0.5 s, where stage 1 on the whole model
    took 7.4-8.5 s of a 20-s run to find that out."""
    inst = m.instance
    if any(not c.under_hard for c in inst.covers if c.minimum > 0) or seconds <= 0 or m.pinned or m.pinned_duty:
        return False                        # merged, a soft cover's minimum would be made hard
    merged = RosterModel(pattern_instance(inst))
    for p, listed in rows.items():
        add_rows(merged.model, merged, p, cheapest(listed))
    merged.model.ClearObjective()
    solver = make_solver(SolveParams(time_limit_s=seconds, workers=1, seed=seed))
    solver.parameters.stop_after_first_solution = True
    return solver.Solve(merged.model) == cp_model.INFEASIBLE


def _check_cover(m: RosterModel, rows: dict, seconds: float, seed: int, doomed: threading.Event) -> None:
    """cheapest_cannot_cover in the checker thread: sets `doomed` when the rows cannot cover. The
    check is a shortcut only: should it fail, stage 1 runs on as it would without it (no traceback
    from a thread for the supervisor to see)."""
    try:
        if cheapest_cannot_cover(m, rows, seconds, seed):
            doomed.set()
    except Exception:
        return


def row_bound(rows: dict) -> int:
    """Each person's cheapest row alone: a bound on the month (its other rules only add)."""
    return sum(min(row.cost for row in listed) for listed in rows.values())


def solve_by_pattern(instance: Instance, params: SolveParams, started: float,
                     clock: float | None = None) -> SolveResult:
    """Pattern, then shifts, then the whole model from that roster (see the module docstring).
    `clock`: when the caller's solve started, if earlier (progress lines and the wall time count
    from it; the stages' times from `started`)."""
    clock = started if clock is None else clock
    quiet = replace(params, log_progress=False)
    pattern = solve(pattern_instance(instance), replace(quiet, time_limit_s=PATTERN_SHARE * params.time_limit_s))
    _say(params, clock, f"第一步（只排上班/休息）：{_found(pattern)}")
    hint = shifts = None
    person_bound = 0
    if pattern.ok:
        works = {(p, d): code == MERGED for p, row in enumerate(pattern.assignment.codes)
                 for d, code in enumerate(row)}
        m = RosterModel(instance)
        for (p, d), on in m.on.items():
            m.model.Add(on == int(works[p, d]))
        # each person's own optimum bounds the whole roster's penalty from below (valid cuts here too)
        # (a one-person model needs about 0.05 s to close; stop early on a big team)
        per_person = min(0.5, max(0.05, 0.1 * params.time_limit_s / max(1, len(instance.people))))
        if per_person * len(instance.people) <= 0.2 * params.time_limit_s:
            person_bound = add_person_bounds(m, per_person, params.seed)
        shifts = run(m, replace(quiet, time_limit_s=SHIFT_SHARE * params.time_limit_s))
        if shifts.ok:
            hint = shifts.assignment
        _say(params, clock, f"第二步（在此基础上排班次）：{_found(shifts)}")
    left = max(0.1, params.time_limit_s - (time.monotonic() - started))
    result = solve(instance, replace(params, time_limit_s=left), hint=hint, started=clock)
    result.wall_time = time.monotonic() - clock
    if hint is not None and (result.status == "UNKNOWN" or
                             (result.status == "FEASIBLE" and shifts.objective < result.objective)):
        # CP-SAT does not always keep a hint through presolve: never return worse than stage 2
        result = replace(shifts, status="FEASIBLE", bound=result.bound, wall_time=result.wall_time)
    if pattern.ok:
        # the merged instance is a relaxation of the whole one: its bound holds for the roster too
        result = with_bound(result, max(b for b in (result.bound, pattern.bound, person_bound, 0) if b is not None),
                            clock)
    return result


def _found(result: SolveResult) -> str:
    if result.ok:
        return f"扣分 {result.objective}"
    return "排不出（规则无法同时满足）" if result.status == "INFEASIBLE" else "时间内未找到"


def _say(params: SolveParams, started: float, words: str) -> None:
    if params.log_progress is True:
        print(f"{time.monotonic() - started:7.1f} 秒  {words}", file=sys.stderr, flush=True)


def _bound_said(params: SolveParams, started: float):
    return lambda bound: _say(params, started, f"下界（每人整月排法的线性规划）：{bound}")
