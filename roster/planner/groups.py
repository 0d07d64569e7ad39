"""Large teams: plan role-balanced groups of the team separately, then polish the whole roster.

A month for 300 or 1,000 people is one big model whose first roster comes late. Coverage and duty
are the only rules that tie people together (fairness is soft), so the team is dealt into groups
of about `group_size` people — each role dealt round-robin, the duty-eligible first so every group
has some — and each cover's minimum is shared out among the groups in proportion to their
headcount of that role (the remainders rotate over days and shifts so no group carries them all);
the on-duty days rotate over the groups with duty-eligible people. Each group is an ordinary
example-sized instance, planned by the strategy its shape calls for (roster.planner.portfolio). Put together they keep every hard rule of the
whole team, and the whole model then improves that roster as a hint for the time that is left.
If a group cannot meet its share, the whole team is solved in one piece instead; so is a team whose
time limit is short for its size. Groups with under a second each are planned side by side, one
forked child per core (roster.planner.group_children); with more, one after another on every core.
"""
from __future__ import annotations

import math
from dataclasses import replace

from roster.bounds import BackgroundBound
from roster.instance import Assignment, Cover, Instance
from roster.planner.budget import Budget
from roster.planner.cp_sat import solve_whole
from roster.planner.group_children import can_fork, plan_in_children, plan_in_turn, solve_group
from roster.planner.problem import Problem
from roster.planner.progress import silent
from roster.planner.result import Plan, with_bound

# (profile.group_size 40, profile.group_share 0.6: the groups' share of the time, the whole model
# gets the rest.) A group of 40 needs ~0.45 s for its first roster with two children side by side;
# below profile.group_seconds_per_person (0.02) a second a person the team is solved whole: 300
# people in 5 s, the whole model's roster 8,503 against the groups' 8,910; 1,000 in 20 s, the whole
# model finds none and the groups one in 13 s. After the groups, the whole model polishes their
# roster only with profile.group_polish_seconds_per_person left: building it alone takes 5.5 s for
# 1,000 people.
# The whole team's column bound (roster.bounds) beside the groups, up to profile.group_bound_most_people
# (150) and with at least profile.group_bound_seconds_per_person (0.3) per person: 100 people
# converge in ~20 s of one core (bound 759 where CP-SAT proves 672 in 60 s). With less time it does
# not converge, and its Python (listing everyone's patterns, building the model) slows the groups'
# planning: 100 people at 10 s, 1,695 against 1,253 without it. Above 150 people the patterns and the
# master outgrow a month's solve.
# A team solved whole because its time is short for its size presolves once, without probing and
# with less symmetry detection: 300 people's first roster 3.9 s after the model instead of 9.5 s
# (CP-SAT's default presolve took 8.5 s of it: three passes of symmetry detection and probing)
QUICK_PRESOLVE = "max_presolve_iterations: 1 cp_model_probing_level: 0 symmetry_level: 1"
# a group with less time than this is planned by one plain solve (solve_group), not by `inner`'s stages
INNER_LEAST_S = 3.0
# groups with less time each than this in turn are planned side by side in forked children where
# the cores allow (one worker each, without the LP). Seeds 0-2, 20 s, 2 cores: 300 people (1.5 s a
# group in turn) 5,881 / 6,518 / 6,129 in turn against 6,337 / 7,058 / 6,783 side by side; 1,000
# people (0.5 s a group) 31,085 in 16.5 s in turn against 28,963 in 12.7 s side by side.
SIDE_BY_SIDE_BELOW_S = 1.0


class Groups:
    """Large teams: role-balanced groups planned one after another (each by `inner`, the strategy
    the portfolio picks for a group's shape), then the whole team polished from their roster."""
    name = "groups"

    def __init__(self, inner):
        self.inner = inner                   # Strategy for one group (roster.planner.portfolio)

    def run(self, problem: Problem, budget: Budget, incumbent: Plan | None = None) -> Plan:
        return by_groups(problem, budget, self.inner)


def deal_groups(instance: Instance, size: int = 40) -> list[list[int]]:
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


def by_groups(problem: Problem, budget: Budget, inner) -> Plan:
    """Groups first, then the whole model from their combined roster (see the module docstring).
    `inner(problem, budget) -> Plan` plans one group, or the whole team should a group fail."""
    instance, profile = problem.instance, problem.profile
    groups = deal_groups(instance, profile.group_size)
    # interval demand is not shared out among groups (roster.demand): such a team is planned whole
    if len(groups) < 2 or instance.interval_cover is not None:
        return inner(problem, budget)
    if budget.seconds < profile.group_seconds_per_person * len(instance.people):
        result = solve_whole(problem, budget.rest(), parameters=QUICK_PRESOLVE)
        return with_bound(result, result.bound, budget)
    people = len(instance.people)
    columns = (BackgroundBound(instance, budget.left(), None, profile)
               if profile.column_bound and people <= profile.group_bound_most_people
               and budget.seconds >= profile.group_bound_seconds_per_person * people else None)
    shares = share_covers(instance, groups)
    with_duty = [g for g, members in enumerate(groups) if any(instance.people[p].duty_eligible for p in members)]
    duty_days = [set() for _ in groups]
    for d in range(instance.n_days):
        if with_duty and instance.duty_on(d):
            duty_days[with_duty[d % len(with_duty)]].add(d)
    subs = [problem.but(instance=group_instance(instance, members, shares[g], frozenset(duty_days[g])),
                        report=silent(), profile=replace(profile, column_bound=False))
            for g, members in enumerate(groups)]

    def done(g: int, result: Plan) -> None:
        problem.report(f"第 {g + 1}/{len(groups)} 组（{len(groups[g])} 人）：" +
                       (f"扣分 {result.objective}" if result.ok else "排不出"), step="groups")

    groups_part = budget.share(profile.group_share)
    if can_fork(profile) and groups_part.seconds / len(groups) < SIDE_BY_SIDE_BELOW_S:
        plans = plan_in_children(subs, groups_part, budget, profile.threads, done)
    else:
        plans = plan_in_turn(subs, range(len(subs)), groups_part, budget,
                             lambda sub, each, most: _solve_group(sub, each, most, inner), done)
    if not all(result is not None and result.ok for result in plans):
        if columns:                                    # a share a group cannot meet: plan the team whole
            columns.stop()
        return with_bound(inner(problem, budget.at_least(0.1)), None, budget)
    codes = [[""] * instance.n_days for _ in instance.people]
    duty: list[list[int]] = [[] for _ in range(instance.n_days)]
    for members, result in zip(groups, plans):
        for i, p in enumerate(members):
            codes[p] = list(result.assignment.codes[i])
        for d, people_on in enumerate(result.assignment.duty):
            duty[d] += [members[i] for i in people_on]
    hint = Assignment(codes, duty)
    combined = priced(instance, hint)
    problem.report.improved("groups", combined.objective)
    # the whole model only where there is time to build it and improve on the groups' roster
    polish = budget.left() >= max(1.0, profile.group_polish_seconds_per_person * people)
    result = solve_whole(problem, budget.rest(), hint=hint) if polish else None
    if result is None or not result.ok or combined.objective < result.objective:
        bound = result.bound if result is not None and result.ok else None
        result = replace(combined, bound=bound)
    if columns and result.ok:
        result.bound = max(result.bound or 0.0, columns.result(result.objective))
    elif columns:
        columns.stop()
    return with_bound(result, result.bound, budget)


def _solve_group(sub: Problem, budget: Budget, most: Budget | None, inner) -> Plan:
    """By `inner` when there is time for its stages, else one plain solve without the bound cuts
    (roster.planner.group_children.solve_group): a 1,000-person month gives each of its 25 groups
    ~0.5 s, about what a group's first roster takes, and a group without one took half the time
    left to plan again, starving the groups after it: two 60-s runs of three on this machine ended
    with no roster, 13 s over their time, where two of two now end with one within the time."""
    if budget.seconds >= INNER_LEAST_S:   # a group's bound says nothing of the team's: none is sought
        return inner(sub, budget)
    return solve_group(sub, budget, most)


def priced(instance: Instance, assignment: Assignment) -> Plan:
    """A roster known to keep every hard rule, priced by the independent validator."""
    from roster.validate import check

    report = check(instance, assignment)
    status = "FEASIBLE" if report.ok else "UNKNOWN"
    return Plan(status, assignment if report.ok else None, report.total_penalty, None, None, 0.0,
                       report.penalties)
