"""The CP-SAT model over an Instance: decision variables, the rule catalogue, the objective.

Variables (none where a cell is fixed to a non-work code):
  work[p, d, s]  person p works shift s on day d;  on[p, d] = sum_s work[p, d, s] (at most one shift)
  duty[p, d]     p is an on-duty person of day d (only duty-eligible people who can work the duty shift)
  (work[p, d, s] is 0 for a shift of Instance.unplanned_shifts unless the cell is pinned to it)
  regular_off[p, d]  on a statutory day, the rest is a regular OFF instead of HOL (only when the
                     statutory_holidays rule is soft; hard, the rest there is always HOL)
Each rule of roster.rules adds its hard constraints and returns Penalty terms; the objective is
their weighted sum, built once here.
"""
from __future__ import annotations

from ortools.sat.python import cp_model

from roster.instance import HOL, NA, OFF, Assignment, Instance
from roster.rules import RULES
from roster.rules.base import Expr, Penalty, rule_setting


class RosterModel:
    """The model of one instance. `pinned` fixes cells (p, d) -> code hard (repair, search);
    day-local hard rules (coverage, duty) are not posted on days before `freeze_before`."""

    def __init__(self, instance: Instance, pinned: dict[tuple[int, int], str] | None = None,
                 freeze_before: int = 0, pinned_duty: dict[int, set[int]] | None = None,
                 rules=None):
        self.instance = instance
        self.model = cp_model.CpModel()
        self.freeze_before = freeze_before
        self.pinned = dict(pinned or {})
        self.pinned_duty = dict(pinned_duty or {})
        self.shift_ids = instance.shift_ids
        self.work: dict[tuple[int, int, str], cp_model.IntVar] = {}
        self.on: dict[tuple[int, int], cp_model.IntVar] = {}
        self.duty: dict[tuple[int, int], cp_model.IntVar] = {}
        self.regular_off: dict[tuple[int, int], cp_model.IntVar] = {}
        self.patterns: dict[int, tuple[list, list]] = {}     # roster.patterns: person -> (picks, rows)
        self.fixed = self._effective_fixed()
        self._variables()
        self.penalties: list[Penalty] = []
        for rule_id, rule in (rules or RULES).items():
            self.penalties += rule(self)
        self.model.Minimize(self.objective_expr())

    # ---------------------------------------------------------------- setup
    def setting(self, rule_id: str):
        return rule_setting(self.instance, rule_id)

    def _effective_fixed(self) -> dict[tuple[int, int], str]:
        fixed = dict(self.instance.fixed)
        for cell, code in self.pinned.items():
            if code in self.shift_ids:
                fixed.pop(cell, None)
            else:
                fixed[cell] = code
        return fixed

    def _has_vars(self, p: int, d: int) -> bool:
        code = self.fixed.get((p, d))
        if code is None:
            return True
        if code == NA or (p, d) in self.pinned:
            return False
        return not self.setting("leave").hard          # soft leave: working on it is allowed, at a cost

    def _variables(self) -> None:
        inst, m = self.instance, self.model
        soft_statutory = not self.setting("statutory_holidays").hard
        for p in range(len(inst.people)):
            for d, day in enumerate(inst.days):
                if not self._has_vars(p, d):
                    continue
                shifts = [m.NewBoolVar(f"work[{p},{d},{s}]") for s in self.shift_ids]
                for s, v in zip(self.shift_ids, shifts):
                    self.work[p, d, s] = v
                on = m.NewBoolVar(f"on[{p},{d}]")
                m.Add(sum(shifts) == on)
                self.on[p, d] = on
                if day.statutory and soft_statutory and (p, d) not in self.fixed:
                    r = m.NewBoolVar(f"regular_off[{p},{d}]")
                    m.AddImplication(r, on.Not())
                    self.regular_off[p, d] = r
                pin = self.pinned.get((p, d))
                if pin is not None:
                    m.Add(self.work[p, d, pin] == 1)
                for s in inst.unplanned_shifts - {pin}:
                    m.Add(self.work[p, d, s] == 0)
        if inst.duty_per_day and inst.duty_shift in self.shift_ids:
            for p, person in enumerate(inst.people):
                if not person.duty_eligible:
                    continue
                for d in range(inst.n_days):
                    w = self.work.get((p, d, inst.duty_shift))
                    if w is None:
                        continue
                    v = m.NewBoolVar(f"duty[{p},{d}]")
                    m.AddImplication(v, w)
                    self.duty[p, d] = v
        for d, people in self.pinned_duty.items():
            for (p, dd), v in self.duty.items():
                if dd == d:
                    m.Add(v == int(p in people))

    # ---------------------------------------------------------------- views used by the rules
    def works(self, p: int, d: int):
        """BoolVar, or the constant False on a day that cannot be worked."""
        return self.on.get((p, d), False)

    def works_shift(self, p: int, d: int, s: str):
        return self.work.get((p, d, s), False)

    def history_works(self, p: int) -> list[bool]:
        return [c not in self.instance.rest_codes for c in self.instance.people[p].history]

    def sequence(self, p: int) -> tuple[list, int]:
        """The person's history (constants) then the horizon (BoolVar or False): 'worked' per day,
        and the index of day 0 in it."""
        hist = self.history_works(p)
        return hist + [self.works(p, d) for d in range(self.instance.n_days)], len(hist)

    def rest_code(self, p: int, d: int) -> str:
        """The code of (p, d) when not worked and not a regular OFF on a statutory day."""
        code = self.fixed.get((p, d))
        if code is not None:
            return code
        return HOL if self.instance.days[d].statutory else OFF

    def code_is(self, p: int, d: int, code: str) -> Expr:
        """1 exactly when the roster's code of (p, d) is `code` (linear in the variables)."""
        if code in self.shift_ids:
            return self.works_shift(p, d, code) if (p, d, code) in self.work else 0
        on = self.on.get((p, d))
        rest = self.rest_code(p, d)
        if (p, d) in self.regular_off:
            r = self.regular_off[p, d]
            if code == OFF:
                return r
            return (1 - on - r) if code == rest else 0
        if code != rest:
            return 0
        return 1 if on is None else 1 - on

    def label(self, p: int) -> str:
        person = self.instance.people[p]
        return person.id if person.name in ("", person.id) else f"{person.id} {person.name}"

    def when(self, d: int) -> str:
        days = self.instance.days
        if 0 <= d < len(days) and days[d].date is not None:
            day = days[d]
            return f"{day.date.isoformat()} ({day.date:%a}{', ' + day.day_type if day.day_type not in ('weekday', 'weekend') else ''})"
        return f"day {d}"

    # ---------------------------------------------------------------- objective and solution
    def objective_expr(self):
        return sum(p.weight * p.expr for p in self.penalties if p.weight)

    def assignment(self, solver: cp_model.CpSolver) -> Assignment:
        inst = self.instance
        codes = []
        for p in range(len(inst.people)):
            row = []
            for d in range(inst.n_days):
                code = next((s for s in self.shift_ids
                             if (p, d, s) in self.work and solver.Value(self.work[p, d, s])), None)
                if code is None:
                    r = self.regular_off.get((p, d))
                    code = OFF if r is not None and solver.Value(r) else self.rest_code(p, d)
                row.append(code)
            codes.append(row)
        duty = [[] for _ in range(inst.n_days)]
        for (p, d), v in sorted(self.duty.items()):
            if solver.Value(v):
                duty[d].append(p)
        return Assignment(codes, duty)

    def add_hint(self, assignment: Assignment) -> None:
        """Start the search from a roster (repair baseline, a previous solution)."""
        for (p, d, s), v in self.work.items():
            self.model.AddHint(v, int(assignment.codes[p][d] == s))
        for (p, d), v in self.on.items():
            self.model.AddHint(v, int(assignment.codes[p][d] in self.shift_ids))
        for (p, d), v in self.regular_off.items():
            self.model.AddHint(v, int(assignment.codes[p][d] == OFF))
        for (p, d), v in self.duty.items():
            on_duty = d < len(assignment.duty) and p in assignment.duty[d]
            self.model.AddHint(v, int(on_duty))


def build_model(instance: Instance, **kwargs) -> RosterModel:
    return RosterModel(instance, **kwargs)


# Rules whose penalties depend on one person's row only: a one-person model of them gives a lower
# bound on that person's share of the objective, a redundant cut that lifts the LP bound a lot
# (e.g. 27 work days in blocks of at most 7 with 4 rest days force two isolated rest days).
PERSON_RULES = ("rest_days", "statutory_holidays", "succession", "max_consecutive_work",
                "min_consecutive_work", "min_consecutive_off", "shift_limits", "working_minutes",
                "max_weekends", "overtime_limit", "leave", "day_off_requests", "shift_preferences",
                "shift_stability")


def person_instance(inst: Instance, p: int) -> Instance:
    """Person p alone: their fixed days and wishes, no coverage and no on-duty people — the model of
    the person-local rules (PERSON_RULES) over it is p's own month."""
    from dataclasses import replace

    return replace(inst, people=[inst.people[p]], covers=[], duty_per_day=0,
                   fixed={(0, d): c for (pp, d), c in inst.fixed.items() if pp == p},
                   wishes=[replace(w, person=0) for w in inst.wishes if w.person == p])


def add_person_bounds(m: RosterModel, seconds_each: float = 0.5, seed: int = 0) -> int:
    """Add sum(person's person-local penalties) >= its one-person optimum (or proven bound);
    returns the sum of the bounds."""
    from dataclasses import replace

    inst = m.instance
    rules = {r: RULES[r] for r in PERSON_RULES}
    total = 0
    by_person: dict[int, list[Penalty]] = {}
    for pen in m.penalties:
        if pen.rule_id in PERSON_RULES and pen.person is not None:
            by_person.setdefault(pen.person, []).append(pen)
    known: dict[str, int | None] = {}          # people alike (limits, fixed days, wishes) share a bound
    for p, pens in by_person.items():
        fixed = {(0, d): c for (pp, d), c in inst.fixed.items() if pp == p}
        wishes = [replace(w, person=0) for w in inst.wishes if w.person == p]
        pinned = {(0, d): c for (pp, d), c in m.pinned.items() if pp == p}
        key = repr((replace(inst.people[p], id="", name=""), sorted(fixed.items()), wishes, sorted(pinned.items())))
        if key not in known:
            sub = replace(inst, people=[inst.people[p]], covers=[], duty_per_day=0, fixed=fixed, wishes=wishes)
            sm = RosterModel(sub, pinned=pinned, freeze_before=m.freeze_before, rules=rules)
            solver = cp_model.CpSolver()
            # a deterministic limit: the same bound whatever else the machine is doing
            solver.parameters.max_deterministic_time = max(0.1, seconds_each)
            solver.parameters.max_time_in_seconds = max(1.0, 10 * seconds_each)
            solver.parameters.num_workers = 1
            solver.parameters.linearization_level = 2        # see roster.planner.first_schedules.person_alone_schedules
            solver.parameters.random_seed = seed
            status = solver.Solve(sm.model)
            # infeasible alone: the main model will say so
            known[key] = (int(-(-solver.BestObjectiveBound() // 1))
                          if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None)
        bound = known[key]
        if bound:
            m.model.Add(sum(pen.weight * pen.expr for pen in pens if pen.weight) >= bound)
            total += bound
    return total
