"""Patterns: each person's possible work/rest patterns, listed, as a tight extra formulation.

With exactly 4 rest days a month and at most 7 working days in a row, a person has only a few
hundred possible patterns of work and rest (490 for a full month of 31 days), and most of the penalty —
isolated rest days, requested days off — is a property of the pattern alone. The plain model sees that
only through clauses, whose linear relaxation is weak (its bound for the example month is 202 while
rosters cost ~250). Listing the patterns turns it into a choice of one pattern per person:

    exactly one pattern[p, k];  on[p, d] = sum of pattern[p, k] over the patterns k worked on day d;
    (p's pattern-level penalty) >= sum of cost[k] × pattern[p, k]

which is redundant for whole rosters (the model's own rules still decide everything) but gives the
LP the exact convex hull of each person's patterns (bound 240 on the example). Keeping only each
person's cheapest patterns (`cheapest`) in a model that leaves the pattern rules to the patterns (`patterns_model`)
gives a much smaller model whose rosters are valid and good, a first stage for roster.planner.patterns_first. Patterns
and costs come from a one-person model of the same rule functions (enumerating its solutions), so
they cannot drift from the rules. People whose patterns cannot be listed cheaply (more than `cap`, e.g.
benchmark staff with no fixed number of days off) are left to the plain model.

The hours rule (overtime_limit) depends on the shifts, not only on the pattern: when it is hard, patterns
are listed on the shortest shift with it, so a pattern it drops can never be kept lawful; it stays out
of PATTERN_RULES (the models keep it themselves, and a soft one costs there, not in a pattern's cost).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model, cp_model_helper

from roster.instance import Instance, Person
from roster.model import RosterModel
from roster.rules import RULES

# Rules whose penalty on a person depends only on which days the person works (not on shifts).
PATTERN_RULES = ("rest_days", "statutory_holidays", "max_consecutive_work", "min_consecutive_work",
             "min_consecutive_off", "max_weekends", "leave", "day_off_requests", "weekend_rest")
CAP = 4000                     # patterns per person beyond which the person is left out
ENUMERATION_SECONDS = 5.0      # per distinct person; a person not listed in time is left out


@dataclass(frozen=True)
class Pattern:
    works: tuple[bool, ...]    # per day of the horizon
    cost: int                  # the weighted penalty of PATTERN_RULES for this pattern


def applies(instance: Instance) -> bool:
    """Patterns are on/off only while a rest on a statutory day is always HOL (the rule is hard)."""
    return instance.setting("statutory_holidays").hard or not any(d.statutory for d in instance.days)


def person_patterns(model, p: int, cap: int = CAP, seconds: float = ENUMERATION_SECONDS) -> list[Pattern] | None:
    """Every pattern person p can have under the pattern-level rules, with its cost; None above `cap` patterns
    (or when the listing does not finish in time)."""
    inst = model.instance
    shift = _pattern_shift(inst).id
    fixed = {(0, d): c for (pp, d), c in model.fixed.items() if pp == p}
    pinned = {(0, d): (shift if c in inst.shift_ids else c) for (pp, d), c in model.pinned.items() if pp == p}
    wishes = [replace(w, person=0) for w in inst.wishes
              if w.person == p and w.shift is None and w.rule_id in PATTERN_RULES]
    sub = replace(inst, people=[_pattern_person(inst, p)], covers=[], duty_per_day=0, fixed=fixed, wishes=wishes,
                  shifts=[_pattern_shift(inst)], forbidden_successions=set(), fair_shift=None)
    rules = {r: RULES[r] for r in PATTERN_RULES}
    if inst.setting("overtime_limit").hard:
        rules["overtime_limit"] = RULES["overtime_limit"]
    one = RosterModel(sub, pinned=pinned, rules=rules)
    one.model.ClearObjective()
    listing = _Listing(one, cap)
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds
    status = solver.Solve(one.model, listing)
    if listing.over or status != cp_model.OPTIMAL:
        return None
    return listing.patterns


class _Listing(cp_model.CpSolverSolutionCallback):
    """Collects each solution's pattern and cost. The pattern's cost (the weighted penalties) and its
    days are read off the solution vector, the cost as one linear form, not through Value() per
    term: the example month's 10,000 patterns took 2.6 s to list, two thirds of it in Value() calls."""

    def __init__(self, one, cap: int):
        super().__init__()
        self._cap = cap
        self.patterns: list[Pattern] = []
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
        self.patterns.append(Pattern(works, cost))
        if len(self.patterns) > self._cap:
            self.over = True
            self.StopSearch()


def _pattern_shift(inst: Instance):
    """The shift the patterns are listed on: the shortest (the least overtime a worked day can bring, so
    a hard hours rule drops exactly the patterns that no choice of shifts could keep lawful)."""
    return min((s for s in inst.shifts if s.id not in inst.unplanned_shifts), key=lambda s: s.minutes)


def _pattern_person(inst: Instance, p: int) -> Person:
    """The person as the pattern rules see them: shifts all alike, and only as much of the previous
    month as a sequence rule looks back (its longest window), so that more people are alike."""
    person = inst.people[p]
    looks_back = 1 + max(n or 0 for n in (person.max_consecutive_work, person.min_consecutive_work,
                                          person.min_consecutive_off))
    shifts = set(inst.shift_ids)
    row_shift = _pattern_shift(inst).id
    history = tuple(row_shift if code in shifts else code for code in person.history[-looks_back:])
    return replace(person, id="", name="", role="", duty_eligible=False, fair_group=None,
                   max_per_shift={}, history=history, carried=None, duty_history=())


def _person_key(m, p: int) -> str:
    """People alike (limits, recent history, fixed and pinned days, whole-day wishes) share patterns."""
    inst = m.instance
    person = _pattern_person(inst, p)
    return repr((person, sorted((d, c) for (pp, d), c in m.fixed.items() if pp == p),
                 sorted((d, c) for (pp, d), c in m.pinned.items() if pp == p),
                 sorted((w.day, w.kind, w.weight, w.rule_id) for w in inst.wishes
                        if w.person == p and w.shift is None)))


def patterns_by_person(m, cap: int = CAP, seconds: float = ENUMERATION_SECONDS,
                       every: bool = False) -> dict[int, list[Pattern]]:
    """The listed patterns of every person whose patterns can be listed (people alike listed once);
    with `every`, none after the first person whose patterns cannot be (where only all will do:
    listing the rest only costs time — February 2027's 29 people 7.4 s for none of them)."""
    if not applies(m.instance):
        return {}
    alike: dict[str, list[Pattern] | None] = {}
    out = {}
    for p in range(len(m.instance.people)):
        key = _person_key(m, p)
        if key not in alike:
            alike[key] = person_patterns(m, p, cap, seconds)
        if alike[key]:
            out[p] = alike[key]
        elif every:
            return out
    return out


def add_patterns(model: cp_model.CpModel, m, p: int, patterns: list[Pattern]) -> list:
    """The pattern formulation of person p in `model` (m's model or a copy of it, same variable
    indexes); returns the pick variables."""
    picks = _pick_one(model, m, p, patterns)
    own = 0
    for pen in m.penalties:
        if pen.person != p or pen.rule_id not in PATTERN_RULES or not pen.weight:
            continue
        if isinstance(pen.expr, (int, bool)):
            own += pen.weight * int(pen.expr)
            continue
        flat = cp_model_helper.FlatIntExpr(pen.expr)
        own += pen.weight * (flat.offset + sum(c * model.GetIntVarFromProtoIndex(v.index)
                                               for v, c in zip(flat.vars, flat.coeffs)))
    model.Add(own >= sum(pattern.cost * x for x, pattern in zip(picks, patterns)))
    if model is m.model:
        m.patterns[p] = (picks, patterns)
    return picks


def _pick_one(model: cp_model.CpModel, m, p: int, patterns: list[Pattern]) -> list:
    """Exactly one of `patterns` for person p, linked to the days p works (m's on[p, d], by index in
    `model`); the pick variables."""
    def var(v):
        return model.GetBoolVarFromProtoIndex(v.Index())

    picks = [model.NewBoolVar(f"pattern[{p},{k}]") for k in range(len(patterns))]
    model.AddExactlyOne(picks)
    for d in range(m.instance.n_days):
        worked = [x for x, pattern in zip(picks, patterns) if pattern.works[d]]
        on = m.on.get((p, d))
        if on is None:
            if worked:
                model.Add(sum(worked) == 0)
            continue
        model.Add(var(on) == sum(worked))
    return picks


def patterns_model(instance: Instance, patterns: dict[int, list[Pattern]]) -> RosterModel:
    """The instance's model with everyone on one of their `patterns` and the pattern rules left out: the
    patterns keep those rules' hard limits (they were listed under them) and the objective counts
    each picked pattern's cost instead of the rules' penalties. Much smaller than the model with the
    patterns added to it (roster.planner.patterns_first's first stage: the example month at 8 s, ten seeds, median 269
    against 295, four runs of ten at 246-251 against none). Every person needs patterns."""
    if sorted(patterns) != list(range(len(instance.people))):
        raise ValueError("patterns_model needs everyone's patterns")
    lean = RosterModel(instance, rules={rule_id: rule for rule_id, rule in RULES.items() if rule_id not in PATTERN_RULES})
    costs = []
    for p, listed in patterns.items():
        picks = _pick_one(lean.model, lean, p, listed)
        costs += [pattern.cost * x for x, pattern in zip(picks, listed) if pattern.cost]
    lean.model.Minimize(lean.objective_expr() + sum(costs))
    return lean


def cheapest(patterns: list[Pattern], levels: int = 2) -> list[Pattern]:
    """The patterns of the `levels` lowest costs (e.g. the fewest isolated rest days, and one more)."""
    keep = sorted({pattern.cost for pattern in patterns})[:levels]
    return [pattern for pattern in patterns if pattern.cost in keep]


def interchangeable(m, patterns: dict[int, list[Pattern]]) -> list[list[int]]:
    """Groups of two or more people who could swap their whole month with no rule noticing: same
    role, limits, history, fixed and pinned days, duty pins and wishes (only the name differs)."""
    inst = m.instance
    groups: dict[str, list[int]] = defaultdict(list)
    for p in patterns:
        person = replace(inst.people[p], id="", name="")
        groups[repr((person, sorted((d, c) for (pp, d), c in m.fixed.items() if pp == p),
                     sorted((d, c) for (pp, d), c in m.pinned.items() if pp == p),
                     sorted(d for d, who in m.pinned_duty.items() if p in who),
                     sorted((w.day, w.shift, w.kind, w.weight, w.rule_id) for w in inst.wishes if w.person == p)))
                ].append(p)
    return [group for group in groups.values() if len(group) > 1]


def order_interchangeable(model: cp_model.CpModel, groups: list[list[int]], picks: dict[int, list]) -> None:
    """Symmetry breaking: inside each group the people's pattern numbers do not decrease. Any roster
    can be relabelled to this order (swap two alike people's months), so no optimum is lost, and
    the search no longer revisits the same roster with names swapped — which is what keeps the
    bound from rising on a team with several alike people. Alike people have the same patterns in the
    same order (`picks` from add_patterns on the same list)."""
    for group in groups:
        for a, b in zip(group, group[1:]):
            model.Add(sum(k * x for k, x in enumerate(picks[a])) <= sum(k * x for k, x in enumerate(picks[b])))


def pattern_values(m, p: int, patterns: list[Pattern], values: list[int]) -> list[int]:
    """Values of p's pick variables for the roster whose variable values are `values`."""
    works = tuple(bool(values[m.on[p, d].Index()]) if (p, d) in m.on else False
                  for d in range(m.instance.n_days))
    return [int(pattern.works == works) for pattern in patterns]
