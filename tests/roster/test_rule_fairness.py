"""fair_late_shifts, fair_weekend_rest, fair_duty, fair_holiday_work: weight × (max − min) per group,
over everyone who can take the work and with earlier months' carry; weekend_rest; duty_in_a_row."""
from __future__ import annotations

from dataclasses import replace

from roster.instance import Carried, Cover, Person, Setting, Wish


def group(make, n=2, person=None, **kw):
    return make(people=n, person={"fair_group": "presale", **(person or {})}, **kw)


class TestFairLateShifts:
    def test_free(self, make, solved):
        inst = group(make, fair_shift="C", covers=[Cover(d, "C", None, 1) for d in range(4)],
                     settings={"fair_late_shifts": Setting(False, 2)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 0

    def test_forced_spread(self, make, solved):
        # 3 late shifts between 2 people, nobody may take an extra one: spread 1
        inst = group(make, days=3, shifts=("A", "C"), fair_shift="C", person={"rest_days": 0},
                     covers=[Cover(d, s, None, 1) for d in range(3) for s in ("A", "C")],
                     settings={"fair_late_shifts": Setting(False, 2)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 2

    def test_forced_violation_when_hard(self, make, solved):
        inst = group(make, days=3, shifts=("A", "C"), fair_shift="C", person={"rest_days": 0},
                     covers=[Cover(d, s, None, 1) for d in range(3) for s in ("A", "C")],
                     settings={"fair_late_shifts": Setting(True)})
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary_people_outside_the_group_are_not_compared(self, make, solved):
        inst = make(people=2, fair_shift="C", covers=[Cover(d, "C", None, 1) for d in range(3)],
                    settings={"fair_late_shifts": Setting(True)})
        inst.people[1] = Person("P2", "P2", "presale", fair_group=None)
        assert solved(inst).status == "OPTIMAL"


class TestFairWeekendRest:
    def test_free(self, make, solved):
        inst = group(make, settings={"fair_weekend_rest": Setting(False, 2)})
        assert solved(inst).objective == 0

    # P2 on leave Saturday (counts as rest), Sunday needs both: P1 rests 0, P2 rests 1
    def test_forced_spread(self, make, solved):
        inst = group(make, covers=[Cover(6, "A", None, 2), Cover(5, "A", None, 1)], fixed={(1, 5): "AL"},
                     settings={"fair_weekend_rest": Setting(False, 3)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 3

    def test_forced_violation_when_hard(self, make, solved):
        inst = group(make, covers=[Cover(6, "A", None, 2), Cover(5, "A", None, 1)], fixed={(1, 5): "AL"},
                     settings={"fair_weekend_rest": Setting(True)})
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary_leave_counts_as_rest(self, make, solved):
        inst = group(make, covers=[Cover(5, "A", None, 1), Cover(6, "A", None, 1)], fixed={(0, 5): "AL"},
                     settings={"fair_weekend_rest": Setting(True)})
        assert solved(inst).status == "OPTIMAL"


class TestFairDuty:
    def _inst(self, make, days=7, **settings):
        inst = make(people=3, days=days, person={"fair_group": "g", "duty_eligible": True},
                    duty_per_day=1, duty_shift="C", settings=settings)
        inst.people[2] = Person("P3", "P3", "presale", fair_group="g", duty_eligible=False)
        return inst

    def test_free_non_eligible_not_compared(self, make, solved):
        r = solved(self._inst(make, days=6, fair_duty=Setting(False, 2)))
        assert r.status == "OPTIMAL" and r.objective == 0

    def test_forced_spread(self, make, solved):
        r = solved(self._inst(make, fair_duty=Setting(False, 2)))
        assert r.status == "OPTIMAL" and r.objective == 2

    def test_forced_violation_when_hard(self, make, solved):
        assert solved(self._inst(make, fair_duty=Setting(True))).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        assert solved(self._inst(make, days=6, fair_duty=Setting(True))).status == "OPTIMAL"


class TestFairHolidayWork:
    def _inst(self, make, need, **settings):
        # P2 is on leave on the second holiday; the first needs `need` people
        return group(make, statutory=(2, 3), covers=[Cover(2, "A", None, need), Cover(3, "A", None, 1)],
                     fixed={(1, 3): "AL"}, settings=settings)

    def test_free(self, make, solved):
        assert solved(self._inst(make, 0, fair_holiday_work=Setting(False, 2))).objective == 0

    def test_forced_spread(self, make, solved):
        r = solved(self._inst(make, 2, fair_holiday_work=Setting(False, 2)))
        assert r.status == "OPTIMAL" and r.objective == 2

    def test_forced_violation_when_hard(self, make, solved):
        assert solved(self._inst(make, 2, fair_holiday_work=Setting(True))).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        assert solved(self._inst(make, 1, fair_holiday_work=Setting(True))).status == "OPTIMAL"


def c_count(result, p, shift="C"):
    return result.assignment.codes[p].count(shift)


class TestFairAcrossRoles:
    """The spreads compare everyone in the fair group who can take the work, whatever the role."""

    def test_late_shifts_spread_over_roles(self, make, solved):
        # 4 C shifts between a presale agent and a lead, both may work C: 2 each
        inst = make(people=2, days=4, person={"fair_group": "team", "rest_days": 0}, fair_shift="C",
                    covers=[Cover(d, "C", None, 1) for d in range(4)] + [Cover(d, "A", None, 1) for d in range(4)],
                    settings={"fair_late_shifts": Setting(False, 2)})
        inst.people[1] = Person("P2", "P2", "lead", fair_group="team", rest_days=0)
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 0
        assert c_count(r, 0) == c_count(r, 1) == 2

    def test_whole_month_avoid_wish_opts_out(self, make, solved):
        # P2 asked not to work C on every day: not compared, so P1 taking all 3 C costs nothing
        inst = make(people=2, days=3, person={"fair_group": "team", "rest_days": 0}, fair_shift="C",
                    covers=[Cover(d, "C", None, 1) for d in range(3)] + [Cover(d, "A", None, 1) for d in range(3)],
                    wishes=[Wish(1, d, "C", "off", 1) for d in range(3)],
                    settings={"fair_late_shifts": Setting(True), "shift_preferences": Setting(False, 1)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 0 and c_count(r, 0) == 3

    def test_duty_over_every_duty_eligible_person(self, make, solved):
        # 4 duty days between two duty-eligible people of different roles: 2 each when hard
        inst = make(people=2, days=4, person={"fair_group": "team", "duty_eligible": True}, duty_per_day=1,
                    duty_shift="C", settings={"fair_duty": Setting(True)})
        inst.people[1] = Person("P2", "P2", "aftersale", fair_group="team", duty_eligible=True)
        r = solved(inst)
        assert r.status == "OPTIMAL"
        assert sorted(sum(p in day for day in r.assignment.duty) for p in (0, 1)) == [2, 2]


class TestCarriedAcrossMonths:
    """Totals balanced: this month's count plus Person.carried."""

    def test_carry_shifts_the_balance(self, make, solved):
        # P1 carries 2 C shifts above the average: of 4 C, P1 takes 1 and P2 3 (totals 3 and 3)
        inst = make(people=2, days=4, person={"fair_group": "team", "rest_days": 0}, fair_shift="C",
                    covers=[Cover(d, "C", None, 1) for d in range(4)] + [Cover(d, "A", None, 1) for d in range(4)],
                    settings={"fair_late_shifts": Setting(False, 2)})
        inst.people[0] = replace(inst.people[0], carried=Carried(late_shifts=2, months=1))
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 0
        assert (c_count(r, 0), c_count(r, 1)) == (1, 3)

    def test_carry_too_large_to_balance(self, make, solved):
        # P1 carries 6 above: even with no C this month the totals differ by 6 - 4 = 2
        inst = make(people=2, days=4, person={"fair_group": "team", "rest_days": 0}, fair_shift="C",
                    covers=[Cover(d, "C", None, 1) for d in range(4)] + [Cover(d, "A", None, 1) for d in range(4)],
                    settings={"fair_late_shifts": Setting(False, 3)})
        inst.people[0] = replace(inst.people[0], carried=Carried(late_shifts=6, months=2))
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 2 * 3 and c_count(r, 0) == 0


class TestWeekendRest:
    """At least Person.weekend_rest_min weekend days not worked (days 5, 6 are Sat, Sun)."""

    def _inst(self, make, need, least=2, **settings):
        return make(people=2, person={"weekend_rest_min": least},
                    covers=[Cover(d, "A", None, need) for d in (5, 6)], settings=settings)

    def test_free(self, make, solved):
        r = solved(self._inst(make, 0, weekend_rest=Setting(False, 10)))
        assert r.status == "OPTIMAL" and r.objective == 0

    def test_forced_shortfall(self, make, solved):
        # both must work both weekend days: 2 people × 2 days missing × 10
        r = solved(self._inst(make, 2, weekend_rest=Setting(False, 10)))
        assert r.status == "OPTIMAL" and r.objective == 40

    def test_forced_violation_when_hard(self, make, solved):
        assert solved(self._inst(make, 1, weekend_rest=Setting(True))).status == "INFEASIBLE"

    def test_boundary_leave_counts_and_hard_holds(self, make, solved):
        inst = self._inst(make, 1, least=1, weekend_rest=Setting(True))
        inst.fixed = {(0, 5): "AL"}            # P1 on leave Saturday (rested), P2 rests Sunday
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.assignment.codes[0][6] == "A" and r.assignment.codes[1][5] == "A"

    def test_first_whoever_had_none_last_month(self, make, solved):
        # one of the two may rest each weekend day: 2 rest days for 4 wanted; the person with the
        # higher weight (no weekend rest last month) gets both, the other pays 2 × 10
        inst = self._inst(make, 1, weekend_rest=Setting(False, 10))
        inst.people[1] = replace(inst.people[1], weekend_rest_weight=30,
                                 carried=Carried(last_weekend_rest=0, months=1))
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 20
        assert [r.assignment.codes[1][d] for d in (5, 6)] == ["OFF", "OFF"]


class TestDutyInARow:
    """At most instance.duty_most_in_a_row on-duty days in a row per person."""

    def _inst(self, make, people=1, days=3, most=2, **settings):
        inst = make(people=people, days=days, person={"duty_eligible": True}, duty_per_day=1, duty_shift="C",
                    duty_most_in_a_row=most, settings={"duty": Setting(True), **settings})
        return inst

    def test_free(self, make, solved):
        r = solved(self._inst(make, people=2, days=6, most=1, duty_in_a_row=Setting(True)))
        assert r.status == "OPTIMAL"
        assert all(r.assignment.duty[d] != r.assignment.duty[d + 1] for d in range(5))

    def test_forced_clump_soft(self, make, solved):
        # one duty-eligible person, 3 days of duty: the third day is beyond 2 in a row
        r = solved(self._inst(make, duty_in_a_row=Setting(False, 5)))
        assert r.status == "OPTIMAL" and r.objective == 5

    def test_forced_violation_when_hard(self, make, solved):
        assert solved(self._inst(make, duty_in_a_row=Setting(True))).status == "INFEASIBLE"

    def test_boundary_previous_month_counts(self, make, solved):
        # on duty the last two days of last month: day 0 would be the third in a row
        inst = self._inst(make, days=1, duty_in_a_row=Setting(True))
        inst.people[0] = replace(inst.people[0], history=("C", "C"), duty_history=(True, True))
        assert solved(inst).status == "INFEASIBLE"
        inst.people[0] = replace(inst.people[0], duty_history=(False, True))
        assert solved(inst).status == "OPTIMAL"
