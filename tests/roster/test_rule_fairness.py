"""fair_late_shifts, fair_weekend_rest, fair_duty, fair_holiday_work: weight × (max − min) per group."""
from __future__ import annotations

from roster.instance import Cover, Person, Setting


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
