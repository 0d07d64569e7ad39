"""The fewest shift-days of a role with which no interval of the month is short.

A role can have enough agent-hours and still be short: 09:00 can only be covered by a shift that
starts by 09:00 and 23:30 only by one that ends after it, so a day that needs 4 people at both ends
needs 8 shifts whatever the hours in between. This counts it: the fewest shifts per day, of the shift
times the demand may use (the interval cover's windows, breaks staggered as the roster's count has
them, roster.demand.intervals), whose agent-minutes reach every interval's required agents — summed
over the month. Rest days, succession and who may work what are left out, so it is a lower bound:
a role whose people cannot work that many days in the month is short of people, not of better
shift times (roster.demand.staffing.people_needed).

A small integer model per role (days × shifts counts); CP-SAT proves it in well under a second for
a month of 30-minute intervals. Should it stop before proving, its bound is used (still a lower bound).
"""
from __future__ import annotations

import math

from ortools.sat.python import cp_model

from roster.demand.intervals import duty_minutes

# seconds the model may take; a month of the example proves optimal in ~0.1 s
TIME_LIMIT_S = 5.0


def least_shift_days(instance, role: str) -> int:
    """The fewest shift-days of `role` that leave no interval short (a lower bound; module docstring)."""
    cover = instance.interval_cover
    L, per_day = cover.interval_minutes, cover.slots_per_day
    needs = {(n.day, n.slot): n.required for n in cover.needs if n.role == role and n.required > 0}
    if not needs:
        return 0
    minutes = {s: duty_minutes(w, L) for s, w in cover.windows.items()}
    model = cp_model.CpModel()
    most = max(needs.values()) * L              # one agent-minute a slot, at the least
    count = {(d, s): model.NewIntVar(0, most, f"n{d}_{s}") for d in range(-1, instance.n_days) for s in minutes}
    reach: dict[tuple[int, int], list] = {}
    for (d, s), var in count.items():
        for k, m in minutes[s].items():
            key = (d + k // per_day, k % per_day)
            if key in needs:
                reach.setdefault(key, []).append(m * var)
    for key, required in needs.items():
        if key in reach:                       # no shift reaches it: no headcount helps (not counted)
            model.Add(sum(reach[key]) >= required * L)
    for s in minutes:                          # the day before the month is the previous roster's
        model.Add(count[-1, s] == 0)
    model.Minimize(sum(count.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = TIME_LIMIT_S
    solver.parameters.num_workers = 1
    status = solver.Solve(model)
    if status == cp_model.OPTIMAL:
        return round(solver.ObjectiveValue())
    if status == cp_model.FEASIBLE:
        return math.ceil(solver.BestObjectiveBound() - 1e-9)
    return 0                                   # not even a roster of counts in the time: nothing proven
