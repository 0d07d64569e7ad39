"""coverage and duty: free, forced violation (INFEASIBLE), boundary, soft."""
from __future__ import annotations

from roster.instance import Cover, Person, Setting


class TestCoverage:
    def test_free(self, make, solved):
        inst = make(covers=[Cover(d, "A", None, 2) for d in range(7)])
        assert solved(inst).status == "OPTIMAL"

    def test_forced_violation(self, make, solved):
        assert solved(make(covers=[Cover(3, "B", None, 4)])).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        r = solved(make(covers=[Cover(3, "B", None, 3)]))
        assert r.status == "OPTIMAL" and [row[3] for row in r.assignment.codes] == ["B"] * 3

    def test_role_nobody_has(self, make, solved):
        assert solved(make(covers=[Cover(0, "A", "aftersale", 1)])).status == "INFEASIBLE"

    def test_role_counts_only_that_role(self, make, solved):
        inst = make(covers=[Cover(0, "A", "aftersale", 1)])
        inst.people[2] = Person("P3", "P3", "aftersale")
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.assignment.codes[2][0] == "A"

    def test_soft_under_costs_weight_per_person(self, make, solved):
        inst = make(covers=[Cover(3, "B", None, 5, under_hard=False, under_weight=4)])
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 8

    def test_over_weight(self, make, solved):
        inst = make(covers=[Cover(1, "A", None, 1, over_weight=5), Cover(1, "B", None, 2)],
                    person={"rest_days": 0}, settings={"rest_days": Setting(True)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 0       # the third person works C

    def test_over_weight_when_forced(self, make, solved):
        inst = make(shifts=("A",), covers=[Cover(1, "A", None, 1, over_weight=5)], person={"rest_days": 0})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 10


class TestDuty:
    def _inst(self, make, eligible=(0,), **kw):
        inst = make(duty_per_day=1, duty_shift="C", **kw)
        for p in eligible:
            inst.people[p] = Person(inst.people[p].id, inst.people[p].name, "presale", duty_eligible=True)
        return inst

    def test_free(self, make, solved):
        r = solved(self._inst(make))
        assert r.status == "OPTIMAL"
        assert all(day == [0] for day in r.assignment.duty)
        assert all(c == "C" for c in r.assignment.codes[0])

    def test_forced_violation_nobody_eligible(self, make, solved):
        assert solved(self._inst(make, eligible=())).status == "INFEASIBLE"

    def test_forced_violation_eligible_on_leave(self, make, solved):
        assert solved(self._inst(make, fixed={(0, 4): "AL"})).status == "INFEASIBLE"

    def test_boundary_second_eligible_covers(self, make, solved):
        r = solved(self._inst(make, eligible=(0, 1), fixed={(0, 4): "AL"}))
        assert r.status == "OPTIMAL" and r.assignment.duty[4] == [1]

    def test_soft_costs_weight_per_missing(self, make, solved):
        r = solved(self._inst(make, fixed={(0, 4): "AL"}, settings={"duty": Setting(False, 6)}))
        assert r.status == "OPTIMAL" and r.objective == 6 and r.assignment.duty[4] == []
