"""A staged solve for monthly rosters: rest pattern first, then shifts, then the whole model.

Most of a month's penalty depends only on who works which day (rest days, isolated rest days,
runs of work, requested days off, weekend rests), and the whole model finds good patterns
slowly because every pattern comes with a shift choice. So:

1. pattern: the same rules on a copy of the instance whose shifts are merged into one (coverage
   summed per day and role, shift-specific rules and wishes left out) — a small model;
2. shifts: the whole model with each person's work/rest days fixed to that pattern;
3. whole: the whole model again, from that roster as a hint, for the time that is left.

Each stage runs through roster.solve (the same model and rule functions); if the pattern admits
no shift assignment, stage 3 simply starts without a hint. The result is the whole model's: its
status, penalty and bound are those of the full rule set.
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace

from roster.instance import Cover, Instance, Person, Setting, ShiftType
from roster.model import RosterModel, add_person_bounds
from roster.solve import SolveParams, SolveResult, run, solve

MERGED = "W"
# rules that only make sense per shift: off in the pattern stage (their rule ids)
SHIFT_RULES = ("succession", "shift_limits", "shift_stability", "fair_late_shifts", "shift_preferences")
PATTERN_SHARE, SHIFT_SHARE = 0.3, 0.2     # of the time limit; the whole model gets the rest


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
    """Pattern, then shifts, then the whole model from that roster (see the module docstring)."""
    started = time.monotonic()
    quiet = replace(params, log_progress=False)
    pattern = solve(pattern_instance(instance), replace(quiet, time_limit_s=PATTERN_SHARE * params.time_limit_s))
    _say(params, started, f"rest pattern: {pattern.status.lower()}, penalty {pattern.objective}")
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
        _say(params, started, f"shifts on that pattern: {shifts.status.lower()}, penalty {shifts.objective}")
    left = max(0.1, params.time_limit_s - (time.monotonic() - started))
    result = solve(instance, replace(params, time_limit_s=left), hint=hint)
    result.wall_time = time.monotonic() - started
    if hint is not None and (result.status == "UNKNOWN" or
                             (result.status == "FEASIBLE" and shifts.objective < result.objective)):
        # CP-SAT does not always keep a hint through presolve: never return worse than stage 2
        result = replace(shifts, status="FEASIBLE", bound=result.bound, wall_time=result.wall_time)
    if result.ok and pattern.ok and result.status != "OPTIMAL":
        # the merged instance is a relaxation of the whole one: its bound holds for the roster too
        result.bound = max(b for b in (result.bound, pattern.bound, person_bound, 0) if b is not None)
        result.gap = (result.objective - result.bound) / max(1, abs(result.objective))
        if result.gap <= 0:
            result.status, result.gap = "OPTIMAL", 0.0
    return result


def _say(params: SolveParams, started: float, words: str) -> None:
    if params.log_progress is True:
        print(f"{time.monotonic() - started:7.1f}s  {words}", file=sys.stderr, flush=True)
