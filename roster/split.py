"""Large teams: plan role-balanced groups of the team separately, then polish the whole roster.

A month for 300 or 1,000 people is one big model whose first roster comes late. Coverage and duty
are the only rules that tie people together (fairness is soft), so the team is dealt into groups
of about `group_size` people — each role dealt round-robin, the duty-eligible first so every group
has some — and each cover's minimum is shared out among the groups in proportion to their
headcount of that role (the remainders rotate over days and shifts so no group carries them all);
the on-duty days rotate over the groups with duty-eligible people. Each group is an ordinary
example-sized instance, solved by roster.staged. Put together they keep every hard rule of the
whole team, and the whole model then improves that roster as a hint for the time that is left.
If a group cannot meet its share, the whole team is solved in one piece instead; so is a team whose
time limit is short for its size (the groups are planned one after another).
"""
from __future__ import annotations

import math
import time
from dataclasses import replace

from roster.background_bound import BackgroundBound
from roster.instance import Assignment, Cover, Instance
from roster.solve import SolveParams, SolveResult, solve, with_bound
from roster.staged import solve_staged

GROUP_SIZE = 40
GROUP_SHARE = 0.6          # of the time limit for the groups; the whole model gets the rest
# Groups are planned one after another, each needing about a second for its first roster; below
# this many seconds a person the whole model reaches a first roster sooner (300 people: ~7 s).
SPLIT_SECONDS_PER_PERSON = 0.05
# The whole team's column bound (roster.columns) beside the groups, up to this many people and
# with at least this much time per person: 100 people converge in ~20 s of one core (bound 759
# where CP-SAT proves 672 in 60 s). With less time it does not converge, and its Python (listing
# everyone's rows, building the model) slows the groups' planning: 100 people at 10 s, 1,695
# against 1,253 without it. Above 150 people the rows and the master outgrow a month's solve.
COLUMNS_MOST_PEOPLE = 150
COLUMNS_SECONDS_PER_PERSON = 0.3
# A team solved whole because its time is short for its size presolves once, without probing and
# with less symmetry detection: 300 people's first roster 3.9 s after the model instead of 9.5 s
# (CP-SAT's default presolve took 8.5 s of it: three passes of symmetry detection and probing)
QUICK_PRESOLVE = "max_presolve_iterations: 1 cp_model_probing_level: 0 symmetry_level: 1"


def deal_groups(instance: Instance, size: int = GROUP_SIZE) -> list[list[int]]:
    """People dealt into ceil(n / size) groups: per role, duty-eligible people first, round-robin."""
    k = max(1, math.ceil(len(instance.people) / size))
    groups: list[list[int]] = [[] for _ in range(k)]
    turn = 0
    by_role: dict[str, list[int]] = {}
    for p, person in enumerate(instance.people):
        by_role.setdefault(person.role, []).append(p)
    for role in sorted(by_role):
        people = sorted(by_role[role], key=lambda p: not instance.people[p].duty_eligible)
        for p in people:
            groups[turn % k].append(p)
            turn += 1
    return [sorted(g) for g in groups if g]


def share_covers(instance: Instance, groups: list[list[int]]) -> list[list[Cover]]:
    """Each cover's minimum split over the groups by their headcount of the cover's role."""
    shares: list[list[Cover]] = [[] for _ in groups]
    heads = [{} for _ in groups]
    for g, members in enumerate(groups):
        for p in members:
            role = instance.people[p].role
            heads[g][role] = heads[g].get(role, 0) + 1
            heads[g][None] = heads[g].get(None, 0) + 1
    total = {role: sum(h.get(role, 0) for h in heads) for role in {r for h in heads for r in h}}
    shift_pos = {s: i for i, s in enumerate(instance.shift_ids)}
    for c in instance.covers:
        all_of_role = total.get(c.role, 0)
        exact = [c.minimum * h.get(c.role, 0) / all_of_role if all_of_role else 0 for h in heads]
        parts = [math.floor(x) for x in exact]
        order = sorted(range(len(groups)), key=lambda g: (-(exact[g] - parts[g]),
                                                          (g - c.day - shift_pos.get(c.shift, 0)) % len(groups)))
        for g in order[:c.minimum - sum(parts)]:
            parts[g] += 1
        for g, n in enumerate(parts):
            if n or c.over_weight:
                shares[g].append(replace(c, minimum=n))
    return shares


def group_instance(instance: Instance, members: list[int], covers: list[Cover], duty_days: frozenset[int]) -> Instance:
    index = {p: i for i, p in enumerate(members)}
    return replace(
        instance, name=f"{instance.name} group", people=[instance.people[p] for p in members],
        fixed={(index[p], d): code for (p, d), code in instance.fixed.items() if p in index},
        wishes=[replace(w, person=index[w.person]) for w in instance.wishes if w.person in index],
        covers=covers, duty_days=duty_days)


def solve_by_groups(instance: Instance, params: SolveParams, size: int = GROUP_SIZE) -> SolveResult:
    """Groups first, then the whole model from their combined roster (see the module docstring)."""
    started = time.monotonic()
    groups = deal_groups(instance, size)
    # interval demand is not shared out among groups (roster.demand): such a team is planned whole
    if len(groups) < 2 or instance.interval_cover is not None:
        return solve_staged(instance, params)
    if params.time_limit_s < SPLIT_SECONDS_PER_PERSON * len(instance.people):
        result = solve(instance, params, parameters=QUICK_PRESOLVE)
        return with_bound(result, result.bound, started)
    people = len(instance.people)
    columns = (BackgroundBound(instance, params.time_limit_s)
               if params.column_bound and people <= COLUMNS_MOST_PEOPLE
               and params.time_limit_s >= COLUMNS_SECONDS_PER_PERSON * people else None)
    shares = share_covers(instance, groups)
    with_duty = [g for g, members in enumerate(groups) if any(instance.people[p].duty_eligible for p in members)]
    duty_days = [set() for _ in groups]
    for d in range(instance.n_days):
        if with_duty and instance.duty_on(d):
            duty_days[with_duty[d % len(with_duty)]].add(d)
    codes = [[""] * instance.n_days for _ in instance.people]
    duty: list[list[int]] = [[] for _ in range(instance.n_days)]
    budget = GROUP_SHARE * params.time_limit_s
    for g, members in enumerate(groups):
        sub = group_instance(instance, members, shares[g], frozenset(duty_days[g]))
        spent = time.monotonic() - started
        each = max(0.5, (budget - spent) / (len(groups) - g))
        # a group without a roster after its share may go on up to its share of all the time left
        most = max(each, (params.time_limit_s - spent) / (len(groups) - g))
        result = _solve_group(sub, replace(params, time_limit_s=each, log_progress=False), most)
        if result.status == "UNKNOWN":                 # no roster yet: give it what the whole has left
            left = params.time_limit_s - (time.monotonic() - started)
            result = _solve_group(sub, replace(params, time_limit_s=max(0.5, left / 2), log_progress=False))
        if not result.ok:                              # a share this group cannot meet: plan the team whole
            if columns:
                columns.stop()
            left = max(0.1, params.time_limit_s - (time.monotonic() - started))
            return solve_staged(instance, replace(params, time_limit_s=left))
        for i, p in enumerate(members):
            codes[p] = list(result.assignment.codes[i])
        for d, people in enumerate(result.assignment.duty):
            duty[d] += [members[i] for i in people]
    hint = Assignment(codes, duty)
    combined = priced(instance, hint)
    left = params.time_limit_s - (time.monotonic() - started)
    result = solve(instance, replace(params, time_limit_s=left), hint=hint) if left > 1 else None
    if result is None or not result.ok or combined.objective < result.objective:
        bound = result.bound if result is not None and result.ok else None
        result = replace(combined, bound=bound)
    if columns and result.ok:
        result.bound = max(result.bound or 0.0, columns.result(result.objective))
    elif columns:
        columns.stop()
    return with_bound(result, result.bound, started)


def _solve_group(sub: Instance, params: SolveParams, most_s: float | None = None) -> SolveResult:
    """Staged when there is time for its stages, else one plain solve without the bound cuts that
    stops after params.time_limit_s once it has a roster, and goes on up to `most_s` until it has
    one: a 1,000-person month gives each of its 25 groups ~1.4 s, about what a group's first roster
    takes, and a group without one took half the time left to plan again, starving the groups after
    it: two 60-s runs of three on this machine ended with no roster, 13 s over their time, where
    two of two now end with one within the time."""
    if params.time_limit_s >= 3:          # a group's bound says nothing of the team's: none is sought
        return solve_staged(sub, replace(params, column_bound=False))
    most_s = max(params.time_limit_s, most_s or 0.0)
    return solve(sub, replace(params, person_bounds=False, time_limit_s=most_s), least_s=params.time_limit_s)


def priced(instance: Instance, assignment: Assignment) -> SolveResult:
    """A roster known to keep every hard rule, priced by the independent validator."""
    from roster.validate import check

    report = check(instance, assignment)
    status = "FEASIBLE" if report.ok else "UNKNOWN"
    return SolveResult(status, assignment if report.ok else None, report.total_penalty, None, None, 0.0,
                       report.penalties)
