"""Rows: each person's possible work/rest rows, listed, as a tight extra formulation.

With exactly 4 rest days a month and at most 7 working days in a row, a person has only a few
hundred possible rows of work and rest (490 for a full month of 31 days), and most of the penalty —
isolated rest days, requested days off — is a property of the row alone. The plain model sees that
only through clauses, whose linear relaxation is weak (its bound for the example month is 202 while
rosters cost ~250). Listing the rows turns it into a choice of one row per person:

    exactly one row[p, k];  on[p, d] = sum of row[p, k] over the rows k worked on day d;
    (p's row-level penalty) >= sum of cost[k] × row[p, k]

which is redundant for whole rosters (the model's own rules still decide everything) but gives the
LP the exact convex hull of each person's rows (bound 240 on the example). Keeping only each
person's cheapest rows (`cheapest`) in a model that leaves the row rules to the rows (`rows_model`)
gives a much smaller model whose rosters are valid and good, a first stage for roster.staged. Rows
and costs come from a one-person model of the same rule functions (enumerating its solutions), so
they cannot drift from the rules. People whose rows cannot be listed cheaply (more than `cap`, e.g.
benchmark staff with no fixed number of days off) are left to the plain model.

The hours rule (overtime_limit) depends on the shifts, not only on the row: when it is hard, rows
are listed on the shortest shift with it, so a row it drops can never be kept lawful; it stays out
of ROW_RULES (the models keep it themselves, and a soft one costs there, not in a row's cost).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model, cp_model_helper

from roster.instance import Instance, Person
from roster.model import RosterModel
from roster.rules import RULES

# Rules whose penalty on a person depends only on which days the person works (not on shifts).
ROW_RULES = ("rest_days", "statutory_holidays", "max_consecutive_work", "min_consecutive_work",
             "min_consecutive_off", "max_weekends", "leave", "day_off_requests", "weekend_rest")
CAP = 4000                     # rows per person beyond which the person is left out
ENUMERATION_SECONDS = 5.0      # per distinct person; a person not listed in time is left out


@dataclass(frozen=True)
class Row:
    works: tuple[bool, ...]    # per day of the horizon
    cost: int                  # the weighted penalty of ROW_RULES for this row


def applies(instance: Instance) -> bool:
    """Rows are on/off only while a rest on a statutory day is always HOL (the rule is hard)."""
    return instance.setting("statutory_holidays").hard or not any(d.statutory for d in instance.days)


def person_rows(model, p: int, cap: int = CAP) -> list[Row] | None:
    """Every row person p can have under the row-level rules, with its cost; None above `cap` rows
    (or when the listing does not finish in time)."""
    inst = model.instance
    shift = _row_shift(inst).id
    fixed = {(0, d): c for (pp, d), c in model.fixed.items() if pp == p}
    pinned = {(0, d): (shift if c in inst.shift_ids else c) for (pp, d), c in model.pinned.items() if pp == p}
    wishes = [replace(w, person=0) for w in inst.wishes
              if w.person == p and w.shift is None and w.rule_id in ROW_RULES]
    sub = replace(inst, people=[_row_person(inst, p)], covers=[], duty_per_day=0, fixed=fixed, wishes=wishes,
                  shifts=[_row_shift(inst)], forbidden_successions=set(), fair_shift=None)
    rules = {r: RULES[r] for r in ROW_RULES}
    if inst.setting("overtime_limit").hard:
        rules["overtime_limit"] = RULES["overtime_limit"]
    one = RosterModel(sub, pinned=pinned, rules=rules)
    one.model.ClearObjective()
    listing = _Listing(one, cap)
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = ENUMERATION_SECONDS
    status = solver.Solve(one.model, listing)
    if listing.over or status != cp_model.OPTIMAL:
        return None
    return listing.rows


class _Listing(cp_model.CpSolverSolutionCallback):
    """Collects each solution's row and cost. The row's cost (the weighted penalties) and its
    days are read off the solution vector, the cost as one linear form, not through Value() per
    term: the example month's 10,000 rows took 2.6 s to list, two thirds of it in Value() calls."""

    def __init__(self, one, cap: int):
        super().__init__()
        self._cap = cap
        self.rows: list[Row] = []
        self.over = False
        n = one.instance.n_days
        self._days = [one.on[0, d].Index() if (0, d) in one.on else -1 for d in range(n)]
        constant, terms = 0, defaultdict(int)
        for pen in one.penalties:
            if not pen.weight:
                continue
            if isinstance(pen.expr, (int, bool)):
                constant += pen.weight * int(pen.expr)
                continue
            flat = cp_model_helper.FlatIntExpr(pen.expr)
            constant += pen.weight * flat.offset
            for v, c in zip(flat.vars, flat.coeffs):
                terms[v.index] += pen.weight * c
        self._constant = constant
        self._cost_terms = [(i, c) for i, c in terms.items() if c]

    def on_solution_callback(self) -> None:
        values = self.response_proto.solution      # indexed in place: a copy of it costs more
        works = tuple(i >= 0 and bool(values[i]) for i in self._days)
        cost = self._constant + sum(c * values[i] for i, c in self._cost_terms)
        self.rows.append(Row(works, cost))
        if len(self.rows) > self._cap:
            self.over = True
            self.StopSearch()


def _row_shift(inst: Instance):
    """The shift the rows are listed on: the shortest (the least overtime a worked day can bring, so
    a hard hours rule drops exactly the rows that no choice of shifts could keep lawful)."""
    return min(inst.shifts, key=lambda s: s.minutes)


def _row_person(inst: Instance, p: int) -> Person:
    """The person as the row rules see them: shifts all alike, and only as much of the previous
    month as a sequence rule looks back (its longest window), so that more people are alike."""
    person = inst.people[p]
    looks_back = 1 + max(n or 0 for n in (person.max_consecutive_work, person.min_consecutive_work,
                                          person.min_consecutive_off))
    shifts = set(inst.shift_ids)
    row_shift = _row_shift(inst).id
    history = tuple(row_shift if code in shifts else code for code in person.history[-looks_back:])
    return replace(person, id="", name="", role="", duty_eligible=False, fair_group=None,
                   max_per_shift={}, history=history, carried=None, duty_history=())


def _person_key(m, p: int) -> str:
    """People alike (limits, recent history, fixed and pinned days, whole-day wishes) share rows."""
    inst = m.instance
    person = _row_person(inst, p)
    return repr((person, sorted((d, c) for (pp, d), c in m.fixed.items() if pp == p),
                 sorted((d, c) for (pp, d), c in m.pinned.items() if pp == p),
                 sorted((w.day, w.kind, w.weight, w.rule_id) for w in inst.wishes
                        if w.person == p and w.shift is None)))


def rows_by_person(m, cap: int = CAP) -> dict[int, list[Row]]:
    """The listed rows of every person whose rows can be listed (people alike listed once)."""
    if not applies(m.instance):
        return {}
    alike: dict[str, list[Row] | None] = {}
    out = {}
    for p in range(len(m.instance.people)):
        key = _person_key(m, p)
        if key not in alike:
            alike[key] = person_rows(m, p, cap)
        if alike[key]:
            out[p] = alike[key]
    return out


def add_rows(model: cp_model.CpModel, m, p: int, rows: list[Row]) -> list:
    """The row formulation of person p in `model` (m's model or a copy of it, same variable
    indexes); returns the pick variables."""
    picks = _pick_one(model, m, p, rows)
    own = 0
    for pen in m.penalties:
        if pen.person != p or pen.rule_id not in ROW_RULES or not pen.weight:
            continue
        if isinstance(pen.expr, (int, bool)):
            own += pen.weight * int(pen.expr)
            continue
        flat = cp_model_helper.FlatIntExpr(pen.expr)
        own += pen.weight * (flat.offset + sum(c * model.GetIntVarFromProtoIndex(v.index)
                                               for v, c in zip(flat.vars, flat.coeffs)))
    model.Add(own >= sum(row.cost * x for x, row in zip(picks, rows)))
    if model is m.model:
        m.patterns[p] = (picks, rows)
    return picks


def _pick_one(model: cp_model.CpModel, m, p: int, rows: list[Row]) -> list:
    """Exactly one of `rows` for person p, linked to the days p works (m's on[p, d], by index in
    `model`); the pick variables."""
    def var(v):
        return model.GetBoolVarFromProtoIndex(v.Index())

    picks = [model.NewBoolVar(f"row[{p},{k}]") for k in range(len(rows))]
    model.AddExactlyOne(picks)
    for d in range(m.instance.n_days):
        worked = [x for x, row in zip(picks, rows) if row.works[d]]
        on = m.on.get((p, d))
        if on is None:
            if worked:
                model.Add(sum(worked) == 0)
            continue
        model.Add(var(on) == sum(worked))
    return picks


def rows_model(instance: Instance, rows: dict[int, list[Row]]) -> RosterModel:
    """The instance's model with everyone on one of their `rows` and the row rules left out: the
    rows keep those rules' hard limits (they were listed under them) and the objective counts
    each picked row's cost instead of the rules' penalties. Much smaller than the model with the
    rows added to it (roster.staged's first stage: the example month at 8 s, ten seeds, median 269
    against 295, four runs of ten at 246-251 against none). Every person needs rows."""
    if sorted(rows) != list(range(len(instance.people))):
        raise ValueError("rows_model needs everyone's rows")
    lean = RosterModel(instance, rules={rule_id: rule for rule_id, rule in RULES.items() if rule_id not in ROW_RULES})
    costs = []
    for p, listed in rows.items():
        picks = _pick_one(lean.model, lean, p, listed)
        costs += [row.cost * x for x, row in zip(picks, listed) if row.cost]
    lean.model.Minimize(lean.objective_expr() + sum(costs))
    return lean


def cheapest(rows: list[Row], levels: int = 2) -> list[Row]:
    """The rows of the `levels` lowest costs (e.g. the fewest isolated rest days, and one more)."""
    keep = sorted({row.cost for row in rows})[:levels]
    return [row for row in rows if row.cost in keep]


def interchangeable(m, rows: dict[int, list[Row]]) -> list[list[int]]:
    """Groups of two or more people who could swap their whole month with no rule noticing: same
    role, limits, history, fixed and pinned days, duty pins and wishes (only the name differs)."""
    inst = m.instance
    groups: dict[str, list[int]] = defaultdict(list)
    for p in rows:
        person = replace(inst.people[p], id="", name="")
        groups[repr((person, sorted((d, c) for (pp, d), c in m.fixed.items() if pp == p),
                     sorted((d, c) for (pp, d), c in m.pinned.items() if pp == p),
                     sorted(d for d, who in m.pinned_duty.items() if p in who),
                     sorted((w.day, w.shift, w.kind, w.weight, w.rule_id) for w in inst.wishes if w.person == p)))
                ].append(p)
    return [group for group in groups.values() if len(group) > 1]


def order_interchangeable(model: cp_model.CpModel, groups: list[list[int]], picks: dict[int, list]) -> None:
    """Symmetry breaking: inside each group the people's row numbers do not decrease. Any roster
    can be relabelled to this order (swap two alike people's months), so no optimum is lost, and
    the search no longer revisits the same roster with names swapped — which is what keeps the
    bound from rising on a team with several alike people. Alike people have the same rows in the
    same order (`picks` from add_rows on the same list)."""
    for group in groups:
        for a, b in zip(group, group[1:]):
            model.Add(sum(k * x for k, x in enumerate(picks[a])) <= sum(k * x for k, x in enumerate(picks[b])))


def row_values(m, p: int, rows: list[Row], values: list[int]) -> list[int]:
    """Values of p's pick variables for the roster whose variable values are `values`."""
    works = tuple(bool(values[m.on[p, d].Index()]) if (p, d) in m.on else False
                  for d in range(m.instance.n_days))
    return [int(row.works == works) for row in rows]
