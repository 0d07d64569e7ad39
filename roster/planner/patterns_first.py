"""PatternsFirst: the cheapest patterns first, then the whole model (monthly rosters).

Most of a month's penalty depends only on who works which day (rest days, isolated rest days,
runs of work, requested days off), and each person has only a few hundred possible work/rest
patterns (roster.patterns). So, when every person's patterns can be listed:

1. cheapest patterns: each person on one of the patterns of their two cheapest cost levels (e.g.
   the fewest isolated rest days possible, or one more), in a model without the pattern rules,
   whose objective counts the picked pattern's cost instead (roster.patterns.patterns_model) — a
   small model whose rosters keep every rule; the LP-led pair of workers finds good ones fast. Its
   roster is read back through the whole model (`scored`);
2. whole: the whole model with every pattern listed (its LP bound is the exact per-person hull),
   from the stage-1 roster as a complete hint, for the time that is left. People alike in
   everything but their names get their patterns in order (symmetry breaking,
   roster.patterns.order_interchangeable): without it the bound of the example month stalls near
   218 after a minute, with it it reaches 237. (The one-person bounds of the merged-shift route
   are left out here: beside the patterns they slowed the LP's bound from 240 to 211 at 25 s.)

The result is the better roster of the two, with the best bound known (stage 2's, each person's
cheapest pattern, the column bound computed beside them in a child process: roster.bounds).

The merged-shift route runs when patterns cannot be listed (e.g. a soft statutory-holiday rule, or
limits that leave too many patterns: leave days and statutory holidays break runs of work, and most
of the example's months of 2027 give someone more than profile.pattern_cap — the listing stops at
the first such person), in runs too short for the listing (profile.patterns_least_s),
and when the cheapest patterns cannot cover the month together (a check on the merged shifts beside
stage 1 finds that out: January 2027 in 2.3 s, where stage 1 took 7–8 s of a 20-s run): the same
rules on a copy of the month with the shifts merged into one (who works which day), then the shifts
on that pattern, then the whole model from that roster as a hint.
"""
from __future__ import annotations

import threading
from dataclasses import replace

from ortools.sat.python import cp_model

from roster.bounds import BackgroundBound
from roster.instance import Cover, Instance, Setting, ShiftType
from roster.model import RosterModel, add_person_bounds
from roster.patterns import (add_patterns, cheapest, interchangeable, order_interchangeable, pattern_values,
                             patterns_by_person, patterns_model)
from roster.planner.budget import Budget
from roster.planner.cp_sat import hint_complete, lp_led, run_model, solve_whole, solver_for
from roster.planner.problem import Problem
from roster.planner.progress import silent
from roster.planner.profile import SolverProfile
from roster.planner.result import Plan, with_bound

MERGED = "W"
# rules that only make sense per shift: off on the merged shifts (their rule ids)
SHIFT_RULES = ("succession", "shift_limits", "shift_stability", "fair_late_shifts", "shift_preferences")
# the whole model skips probing, which costs seconds on 25,000 variables
WHOLE_EXTRA = " cp_model_probing_level: 0"


class PatternsFirst:
    name = "patterns first"

    def run(self, problem: Problem, budget: Budget, incumbent: Plan | None = None) -> Plan:
        """The cheapest patterns, then the whole model; or the merged-shift route (module docstring)."""
        profile = problem.profile
        if budget.left() >= profile.patterns_least_s and problem.instance.people:
            m = RosterModel(problem.instance, rules=problem.rules)
            patterns = patterns_by_person(m, profile.pattern_cap, profile.pattern_listing_s, every=True)
            if len(patterns) == len(problem.instance.people):
                return by_patterns(problem, m, patterns, budget)
        return merged_shift_route(problem, budget)


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
    minutes = min(s.minutes for s in instance.shifts if s.id not in instance.unplanned_shifts)
    people = [replace(p, max_per_shift={}, history=tuple(MERGED if h in shift_ids else h for h in p.history))
              for p in instance.people]
    settings = dict(instance.settings)
    for rule_id in SHIFT_RULES:
        settings[rule_id] = Setting(hard=False, weight=0)
    return replace(instance, shifts=[ShiftType(MERGED, minutes, 0, 0)], people=people,
                   covers=list(merged.values()), forbidden_successions=set(),
                   wishes=[w for w in instance.wishes if w.shift is None],
                   duty_shift=MERGED if instance.duty_shift else None, fair_shift=None, settings=settings)


def by_patterns(problem: Problem, m: RosterModel, patterns: dict, budget: Budget) -> Plan:
    """Stage 1 on each person's cheapest patterns, stage 2 on the whole model with every pattern;
    beside them, in a child process (roster.bounds.BackgroundBound), the column-generation bound."""
    profile, report = problem.profile, problem.report
    lp = lp_led(profile)
    columns = (BackgroundBound(m, budget.left(), patterns, profile,
                               lambda bound: report(f"下界（每人整月排法的线性规划）：{bound}", bound=bound, step="bound"))
               if profile.column_bound else None)
    whole_s = (1 - profile.cheapest_share) * budget.seconds
    if whole_s < profile.whole_least_s:
        whole_s = 0.0                       # too short for the whole model to lift the bound (the
                                            # example: still 202 after 10 s, 219 after 30 s)
    n_plain = len(m.model.proto.variables)
    first = patterns_model(m.instance, {p: cheapest(listed) for p, listed in patterns.items()})
    doomed = threading.Event()
    check = budget.most(min(profile.cover_check_s, profile.cover_check_share * budget.seconds))
    if profile.deterministic:               # the check first, then stage 1 (no race between them)
        _check_cover(m, patterns, check, profile, doomed)
        checker = None
    else:                                   # beside stage 1: a quick check that its patterns can cover
        checker = threading.Thread(target=_check_cover, args=(m, patterns, check, profile, doomed), daemon=True)
        checker.start()
    stage1 = budget.most(budget.left() - whole_s) if profile.deterministic else budget.rest()
    least = None if profile.deterministic else budget.most(max(0.0, budget.left() - whole_s))
    cheap = Plan("INFEASIBLE", None, None, None, None, 0.0) if doomed.is_set() else run_model(
        first, stage1, profile, report, parameters=lp, least=least, restricted=True, halt=doomed, step="patterns")
    if checker is not None:
        checker.join()
    if cheap.ok:
        cheap = scored(m, first, cheap.values, profile)
    if doomed.is_set() and not cheap.ok:    # (a roster found first would keep its place)
        cheap = replace(cheap, status="INFEASIBLE")
    report(f"第一步（每人只用扣分最少的几种休息排法）：{_found(cheap)}", cheap.objective, step="patterns")
    if cheap.status == "INFEASIBLE":        # the cheapest patterns cannot cover the month together
        if not profile.merged_shift_route:
            result = solve_whole(problem, budget.rest(), parameters=lp)
        else:
            result = merged_shift_route(problem, budget.rest())
        if columns and result.ok:           # the month's bound holds whatever route found the roster
            return with_bound(result, max(result.bound or 0.0, pattern_bound(patterns),
                                          columns.result(result.objective)), budget)
        if columns:
            columns.stop()
        return with_bound(result, result.bound, budget)
    if cheap.ok:                            # optimal among the cheapest patterns says nothing of the rest
        cheap = replace(cheap, status="FEASIBLE", bound=None, gap=None)
    if cheap.ok and (whole_s == 0 or budget.left() < 1):
        return with_bound(cheap, max(pattern_bound(patterns), columns.result(cheap.objective) if columns else 0),
                          budget)
    picks = {p: add_patterns(m.model, m, p, listed) for p, listed in patterns.items()}
    alike = interchangeable(m, patterns)
    if cheap.ok:                            # a complete hint: every variable, patterns included
        plain = cheap.values[:n_plain]
        picked = {p: pattern_values(m, p, patterns[p], plain) for p in picks}
        # alike people in the order of their stage-1 patterns, so the hint keeps the symmetry breaking
        alike = [sorted(group, key=lambda p: picked[p].index(1)) for group in alike]
        hint_complete(m.model, [*range(n_plain), *(x.Index() for p in picks for x in picks[p])],
                      [*plain, *(v for p in picks for v in picked[p])])
    order_interchangeable(m.model, alike, picks)
    whole = run_model(m, budget.rest(), profile, report, parameters=lp + WHOLE_EXTRA, step="whole")
    if columns and whole.status in ("OPTIMAL", "INFEASIBLE"):
        columns.stop()
    if whole.status == "INFEASIBLE" or not (whole.ok or cheap.ok):
        return with_bound(whole, None, budget)
    best = whole if whole.ok and (not cheap.ok or whole.objective <= cheap.objective) else cheap
    column_bound = columns.result(best.objective) if columns else 0
    return with_bound(best, max(pattern_bound(patterns), column_bound, whole.bound if whole.ok else 0), budget)


def scored(m: RosterModel, lean: RosterModel, values: list[int], profile: SolverProfile) -> Plan:
    """The roster of `lean` (a model of the same instance, e.g. roster.patterns.patterns_model; its
    variable values) read back through the whole model m: every work and on-duty cell fixed to it,
    the rest (the rules' own variables) found by CP-SAT at once, so that the result has m's
    variables, penalties in words and objective. Status FEASIBLE (the optimum of nothing)."""
    model = m.model.clone()
    variables = model.proto.variables
    for cells, lean_cells in ((m.work, lean.work), (m.on, lean.on), (m.duty, lean.duty)):
        for key, v in cells.items():
            domain = variables[v.Index()].domain
            domain[0] = domain[1] = values[lean_cells[key].Index()]
    result = run_model(m, Budget(max(1.0, profile.pattern_listing_s), deterministic=profile.deterministic),
                       profile, model=model, threads=1)
    if not result.ok:                   # the whole model's rules are the lean one's: cannot happen
        raise RuntimeError(f"the whole model rejects the roster of its patterns ({result.status})")
    return replace(result, status="FEASIBLE", bound=None, gap=None)


def cheapest_cannot_cover(m: RosterModel, patterns: dict, budget: Budget, profile: SolverProfile) -> bool:
    """True when the cheapest patterns cannot cover the month even with the shifts merged into one
    (pattern_instance: a relaxation when every cover is hard), proven within `budget` on one
    worker. January 2027 for the example team: proven in 0.5 s, where stage 1 on the whole model
    took 7.4-8.5 s of a 20-s run to find that out."""
    inst = m.instance
    if (any(not c.under_hard for c in inst.covers if c.minimum > 0) or budget.left() <= 0
            or m.pinned or m.pinned_duty):
        return False                        # merged, a soft cover's minimum would be made hard
    merged = RosterModel(pattern_instance(inst))
    for p, listed in patterns.items():
        add_patterns(merged.model, merged, p, cheapest(listed))
    merged.model.ClearObjective()
    solver = solver_for(profile, budget, threads=1)
    solver.parameters.stop_after_first_solution = True
    return solver.Solve(merged.model) == cp_model.INFEASIBLE


def _check_cover(m: RosterModel, patterns: dict, budget: Budget, profile: SolverProfile,
                 doomed: threading.Event) -> None:
    """cheapest_cannot_cover in the checker thread: sets `doomed` when the patterns cannot cover.
    The check is a shortcut only: should it fail, stage 1 runs on as it would without it (no
    traceback from a thread for the supervisor to see)."""
    try:
        if cheapest_cannot_cover(m, patterns, budget, profile):
            doomed.set()
    except Exception:
        return


def pattern_bound(patterns: dict) -> int:
    """Each person's cheapest pattern alone: a bound on the month (its other rules only add)."""
    return sum(min(pattern.cost for pattern in listed) for listed in patterns.values())


def merged_shift_route(problem: Problem, budget: Budget) -> Plan:
    """Rest days on the merged shifts, then the shifts on them, then the whole model from that
    roster (see the module docstring)."""
    profile, report, instance = problem.profile, problem.report, problem.instance
    quiet = problem.but(instance=pattern_instance(instance), report=silent(), hint=None, baseline=None)
    pattern = solve_whole(quiet, budget.share(profile.merged_share), quiet=True)
    report(f"第一步（只排上班/休息）：{_found(pattern)}", pattern.objective, step="merged")
    hint = shifts = None
    person_bound = 0
    if pattern.ok:
        works = {(p, d): code == MERGED for p, row in enumerate(pattern.assignment.codes)
                 for d, code in enumerate(row)}
        m = RosterModel(instance, rules=problem.rules)
        for (p, d), on in m.on.items():
            m.model.Add(on == int(works[p, d]))
        # each person's own optimum bounds the whole roster's penalty from below (valid cuts here too)
        # (a one-person model needs about 0.05 s to close; stop early on a big team)
        per_person = min(0.5, max(0.05, 0.1 * budget.seconds / max(1, len(instance.people))))
        if per_person * len(instance.people) <= 0.2 * budget.seconds:
            person_bound = add_person_bounds(m, per_person, profile.seed)
        shifts = run_model(m, budget.share(profile.shift_share), profile)
        if shifts.ok:
            hint = shifts.assignment
        report(f"第二步（在此基础上排班次）：{_found(shifts)}", shifts.objective, step="shifts")
    result = solve_whole(problem, budget.at_least(0.1), hint=hint)
    if hint is not None and (result.status == "UNKNOWN" or
                             (result.status == "FEASIBLE" and shifts.objective < result.objective)):
        # CP-SAT does not always keep a hint through presolve: never return worse than stage 2
        result = replace(shifts, status="FEASIBLE", bound=result.bound)
    if pattern.ok:
        # the merged instance is a relaxation of the whole one: its bound holds for the roster too
        result = with_bound(result, max(b for b in (result.bound, pattern.bound, person_bound, 0) if b is not None))
    return with_bound(result, None, budget)


def _found(result: Plan) -> str:
    if result.ok:
        return f"扣分 {result.objective}"
    return "排不出（规则无法同时满足）" if result.status == "INFEASIBLE" else "时间内未找到"
