"""The column-generation bound (roster.columns): a person's schedules priced exactly (brute force
and the independent validator), and the bound never above a proven optimum, never below the rows'
bound, on small months with every rule family the pricing sees."""
import random
from dataclasses import replace
from itertools import product

import pytest

from roster.bounds.column_generation import ColumnBound, month_bound
from roster.instance import Assignment, Cover, Setting, Wish
from roster.model import RosterModel
from roster.patterns import patterns_by_person
from roster.planner import Budget, SolverProfile, plan
from roster.validate import check

from conftest import make_instance, solved

SHIFTS = ("A", "B", "C")
SOFT = {"min_consecutive_off": Setting(False, 3), "day_off_requests": Setting(False, 5),
        "shift_preferences": Setting(False, 2), "shift_stability": Setting(False, 1),
        "fair_late_shifts": Setting(False, 2), "fair_weekend_rest": Setting(False, 2),
        "fair_duty": Setting(False, 2)}
PROFILE = SolverProfile(workers=2, seed=5)


def _month(seed: int, people: int = 4, days: int = 8):
    """A small month: presale and aftersale, covers per shift and role, one on-duty person on C."""
    rng = random.Random(seed)
    roles = ["presale"] * (people - people // 3) + ["aftersale"] * (people // 3)
    covers = [Cover(d, s, role, 1) for d in range(days) for s in SHIFTS
              for role in ("presale",) if rng.random() < 0.6]
    covers += [Cover(d, "C", "aftersale", 1) for d in range(days) if rng.random() < 0.4]
    wishes = [Wish(rng.randrange(people), rng.randrange(days), None, "off", 5, "day_off_requests")
              for _ in range(2)]
    wishes += [Wish(rng.randrange(people), rng.randrange(days), rng.choice(SHIFTS), rng.choice(("on", "off")),
                    2, "shift_preferences") for _ in range(3)]
    inst = make_instance(people=people, days=days, shifts=SHIFTS,
                         person={"rest_days": 2, "max_consecutive_work": 5, "min_consecutive_off": 2},
                         settings=dict(SOFT), covers=covers, wishes=wishes,
                         forbidden_successions={("C", "A")}, duty_per_day=1, duty_shift="C", fair_shift="C")
    inst.people = [replace(person, role=role, fair_group=role, duty_eligible=p in (0, people - 1))
                   for p, (person, role) in enumerate(zip(inst.people, roles))]
    return inst


def _person_cost(inst, assignment, p: int) -> int:
    """The validator's penalty of person p's own rules (everything but coverage and fair spreads)."""
    report = check(inst, assignment)
    return sum(x.amount for x in report.penalties
               if x.person == inst.people[p].id and not x.rule_id.startswith("fair_"))


def cheapest_month(inst, keep=lambda codes: True) -> int | None:
    """The validator's least penalty over every valid month of a one-person instance whose codes
    `keep` accepts (brute force)."""
    best = None
    for codes in product(("OFF", *SHIFTS), repeat=inst.n_days):
        if not keep(codes):
            continue
        report = check(inst, Assignment([list(codes)], [[] for _ in range(inst.n_days)]))
        if not report.violations and (best is None or report.total_penalty < best):
            best = report.total_penalty
    return best


class TestPricing:
    def test_schedule_costs_are_the_validators(self):
        inst = _month(1)
        result = solved(inst, seconds=20, profile=PROFILE)
        assert result.status == "OPTIMAL"
        m = RosterModel(inst)
        bound = ColumnBound(m, patterns_by_person(m))
        bound.add_roster(result.assignment)
        for p in range(len(inst.people)):
            (schedule,) = bound.columns[p]
            assert schedule.cost == _person_cost(inst, result.assignment, p)

    def test_cheapest_schedule_is_found_by_brute_force(self):
        """With no duals, the pricing's cheapest schedule of a person is their cheapest month alone."""
        inst = make_instance(people=1, days=6, shifts=SHIFTS,
                             person={"rest_days": 2, "max_consecutive_work": 3, "min_consecutive_off": 2},
                             settings=dict(SOFT), forbidden_successions={("C", "A")},
                             wishes=[Wish(0, 1, "A", "off", 2, "shift_preferences"),
                                     Wish(0, 3, "C", "on", 2, "shift_preferences"),
                                     Wish(0, 4, None, "off", 5, "day_off_requests")])
        m = RosterModel(inst)
        rows = patterns_by_person(m)
        bound = ColumnBound(m, rows)
        person = bound.people[0]
        least, found = person.price(0 * person.own, person.row_cost.copy(), best=1, below=float("inf"))
        best = cheapest_month(inst)
        assert least == best
        total, r, states = found[0]
        assert person.own_cost(r, states) == best


class TestMonthBound:
    @pytest.mark.parametrize("seed", range(4))
    def test_never_above_the_optimum_never_below_the_rows(self, seed):
        inst = _month(seed)
        result = solved(inst, seconds=20, profile=PROFILE)
        assert result.status == "OPTIMAL"
        m = RosterModel(inst)
        rows = patterns_by_person(m)
        assert len(rows) == len(inst.people)
        bound = month_bound(m, rows, Budget(20.0))
        assert bound is not None
        assert sum(min(r.cost for r in listed) for listed in rows.values()) <= bound <= result.objective

    def test_lifts_the_bound_where_people_compete_for_days_off(self):
        """Two people who both ask for the first two days off while someone must work each day:
        each alone costs nothing (the rows' bound is 0), together someone pays."""
        inst = make_instance(people=2, days=4, shifts=("A",), person={"rest_days": 2},
                             settings={"day_off_requests": Setting(False, 5)},
                             covers=[Cover(d, "A", "presale", 1) for d in range(4)],
                             wishes=[Wish(p, d, None, "off", 5, "day_off_requests") for p in range(2)
                                     for d in range(2)])
        m = RosterModel(inst)
        rows = patterns_by_person(m)
        assert sum(min(r.cost for r in listed) for listed in rows.values()) == 0
        best = plan(inst, Budget(20), PROFILE)
        assert best.status == "OPTIMAL" and best.objective > 0
        assert month_bound(m, rows, Budget(10.0)) == best.objective

    def test_says_nothing_for_a_repair(self):
        inst = _month(0)
        m = RosterModel(inst, pinned={(0, 0): "OFF"})
        assert month_bound(m, patterns_by_person(m), Budget(5.0)) is None

    def test_a_hard_cover_nobody_can_meet_is_priced_as_unreachable(self):
        inst = _month(2)
        inst.covers = inst.covers + [Cover(0, "B", "presale", 5)]      # more than the team
        m = RosterModel(inst)
        assert plan(inst, Budget(20), PROFILE).status == "INFEASIBLE"
        assert month_bound(m, patterns_by_person(m), Budget(10.0)) >= 1000
