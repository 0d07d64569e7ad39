"""A large team's groups planned side by side: one forked child per core, each planning its groups
one after another on one CP-SAT worker.

    plans = plan_in_children(subs, part, whole, children=2, done=lambda g, plan: ...)
    plans = plan_in_turn(subs, range(len(subs)), part, whole, solve, done)    # the same, in this process

Groups tie to each other only through the shares of coverage and duty they were dealt
(roster.planner.groups), so they can be planned at once. A thread per group would share the
interpreter lock (building a group's model is Python): measured on the 1,000-person scale team,
12 groups of 40 people, first roster each, 0.70 s a group one after another on two workers, 0.60 s
with two threads of one worker each. In forked children only the solve's cores are shared: ~0.45 s
a group. The children are forked, so they share the groups' instances without pickling them; each
sends a group's roster back through a pipe as soon as it has one, and the parent reports it.

One worker needs CP-SAT's linear relaxation off for a first roster (ONE_WORKER): with the default
LP, one worker found none for a 40-person group in 10 s where it finds one in 0.6 s without it
(two workers find one in 0.4 s: their second subsolver runs without the LP).
"""
from __future__ import annotations

import multiprocessing
import sys
from dataclasses import replace
from multiprocessing.connection import wait

from roster.planner.budget import Budget
from roster.planner.cp_sat import solve_whole
from roster.planner.problem import Problem
from roster.planner.result import Plan

FORK = "fork"                       # not on Windows: there the groups are planned one after another
ONE_WORKER = "linearization_level: 0"
# a child still running this long after the budget's end is stopped (its group counts as unplanned)
GRACE_S = 1.0


def can_fork(profile) -> bool:
    """Groups can be planned side by side: more than one core to use, a run that need not be
    reproducible (a deterministic run plans them in order on one worker), and fork available."""
    return not profile.deterministic and profile.threads >= 2 and FORK in multiprocessing.get_all_start_methods()


def solve_group(sub: Problem, budget: Budget, most: Budget | None) -> Plan:
    """One group by the whole model without the bound cuts: stops once `budget` is spent if it has a
    roster, and goes on up to `most` until it has one. On one worker without the LP (ONE_WORKER)."""
    longest = budget if most is None or most.seconds < budget.seconds else most
    parameters = ONE_WORKER if sub.profile.threads == 1 else ""
    return solve_whole(sub, longest, person_bounds=False, least=budget, parameters=parameters)


def plan_in_children(subs: list[Problem], part: Budget, whole: Budget, children: int,
                     done=None) -> list[Plan | None]:
    """Each group's roster (None where a child ended without one), the groups dealt round-robin over
    `children` forked processes of one worker each: a child's groups share `part` equally, and a
    group without a roster by the end of its share goes on up to its share of all that `whole` has
    left (plan_in_turn). `done(g, plan)` is called in the parent as each group's plan arrives.
    Planning stops at the first group without a roster: the caller then plans the team whole."""
    context = multiprocessing.get_context(FORK)
    for stream in (sys.stdout, sys.stderr):            # nothing buffered for a child to print twice
        stream.flush()
    one = [sub.but(profile=replace(sub.profile, workers=1)) for sub in subs]
    pipes, processes = [], []
    for c in range(min(children, len(subs))):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(one, list(range(c, len(subs), children)), part, whole, send),
                                daemon=True)
        child.start()
        send.close()
        pipes.append(receive)
        processes.append(child)
    plans: list[Plan | None] = [None] * len(subs)
    failed = False
    while pipes and not failed:
        ready = wait(pipes, timeout=whole.left() + GRACE_S)
        if not ready:                                  # the children overran their time
            break
        for pipe in ready:
            try:
                g, plan = pipe.recv()
            except (EOFError, OSError):                # the child has sent all it had (or died)
                pipes.remove(pipe)
                continue
            plans[g] = plan
            if done is not None:
                done(g, plan)
            failed = failed or not plan.ok
    for child in processes:
        if child.is_alive():
            child.terminate()
        child.join()
    for pipe in pipes:
        pipe.close()
    return plans


def plan_in_turn(subs: list[Problem], mine, part: Budget, whole: Budget, solve, done) -> list[Plan | None]:
    """Groups `mine` one after another: each with an equal share of the time `part` has left, going
    on up to its share of all that `whole` has left until it has a roster, and then, still without
    one, with half of what is left. `solve(sub, budget, most) -> Plan`; `done(g, plan)` as each
    group is planned. Stops at a group without a roster. Returns each group's plan (None where not
    planned)."""
    plans: list[Plan | None] = [None] * len(subs)
    mine = list(mine)
    for i, g in enumerate(mine):
        each = whole.most(max(0.5, part.left() / (len(mine) - i)))
        most = whole.most(max(each.seconds, whole.left() / (len(mine) - i)))
        plan = solve(subs[g], each, most)
        if plan.status == "UNKNOWN":                   # no roster yet: give it what the whole has left
            plan = solve(subs[g], whole.most(max(0.5, whole.left() / 2)), None)
        plans[g] = plan
        done(g, plan)
        if not plan.ok:
            break
    return plans


def _child(subs: list[Problem], mine: list[int], part: Budget, whole: Budget, send) -> None:
    """A forked child's whole work: its groups in turn, each sent back as soon as it is planned."""
    try:
        plan_in_turn(subs, mine, part, whole, solve_group,
                     lambda g, plan: send.send((g, replace(plan, values=[]))))
    finally:
        send.close()
