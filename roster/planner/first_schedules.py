"""The search's first rows: one row for every person before roster.planner.neighbourhood_search takes its turns.

    schedules, price_s = first_schedules(m, profile, budget, pricers)

Each person's best row under the person-local rules alone (person_alone_schedules: coverage and duty left
out, so with soft coverage the rows make a valid roster); or, given the one-person pricers of a long
run where only coverage ties people together, rows planned person by person against the covers
(roster.planner.person_by_person), falling back to the rows alone when those are not all found. One-person models
often end UNKNOWN under a short limit and close at once under a longer one, so the people still
missing get longer passes while time is left.
"""
from __future__ import annotations

import time

from ortools.sat.python import cp_model

from roster.planner.person_by_person import person_by_person
from roster.model import PERSON_RULES, RosterModel, person_instance
from roster.rules import RULES

# planning against coverage takes this share of the time left once the model is built (Curtois 13:
# building it takes 15-20 s here, and each re-planning pass still gains 3-5 % when the time is up)
# (profile.first_schedules_share = 0.2)
# a quick pass, then passes at 4 and 16 times its limit for the rows still missing, while this share
# of the time has not passed (Curtois 23 on this machine: 93 of 100 rows after the first two, at 365 s)
RETRY_FACTORS = (4, 16)          # (profile.first_schedules_retry_share = 0.7)


def first_schedules(m: RosterModel, profile, budget, pricers: list | None = None
                    ) -> tuple[dict[int, list[str]], float | None]:
    """Schedules by person (everyone's when all were found in time) and one person's pricing solve
    in seconds as measured by the schedules planned against coverage (None when not planned)."""
    people = len(m.instance.people)
    each = min(2.0, max(0.5, 0.05 * budget.seconds / people))
    schedules, price_s = {}, None
    if pricers:
        planned, price_s = person_by_person(m, each, budget.most(profile.first_schedules_share * budget.left()),
                                            profile.threads, profile.seed, pricers)
        schedules = planned or {}
    if len(schedules) < people:
        schedules = person_alone_schedules(m, each, profile.seed)
    retry_until = budget.started + profile.first_schedules_retry_share * budget.seconds
    for k, factor in enumerate(RETRY_FACTORS, start=1):
        if len(schedules) == people or time.monotonic() > retry_until:
            break
        schedules |= person_alone_schedules(m, factor * each, profile.seed + k, skip=set(schedules))
    return schedules, price_s


def person_alone_schedules(m: RosterModel, seconds_each: float, seed: int = 0,
                     skip: set[int] = frozenset()) -> dict[int, list[str]]:
    """Hint the model with each person's best row under the person-local rules alone (coverage and
    duty left out): rows that keep every person-local hard rule, so with soft coverage the hint is
    a valid roster (large benchmark instances: CP-SAT alone needs minutes for a first roster).
    People whose row is not found in time are left unhinted; returns the rows found, by person."""
    inst = m.instance
    rules = {r: RULES[r] for r in PERSON_RULES}
    rows = {}
    for p in range(len(inst.people)):
        if p in skip:
            continue
        sm = RosterModel(person_instance(inst, p), pinned={(0, d): c for (pp, d), c in m.pinned.items() if pp == p},
                         freeze_before=m.freeze_before, rules=rules)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds_each
        solver.parameters.num_workers = 1
        # one person over a long horizon with a narrow band of total minutes: the LP finds a row at
        # once (Curtois 21: every person in 0.8 s) where the default search often times out
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = seed
        if solver.Solve(sm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        row = sm.assignment(solver).codes[0]
        for d, code in enumerate(row):
            if (p, d) in m.on:
                m.model.AddHint(m.on[p, d], int(code in m.shift_ids))
                for s in m.shift_ids:
                    if (p, d, s) in m.work:
                        m.model.AddHint(m.work[p, d, s], int(code == s))
        rows[p] = row
    return rows
