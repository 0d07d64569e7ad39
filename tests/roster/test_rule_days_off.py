"""rest_days, statutory_holidays and leave: free, forced violation (INFEASIBLE), boundary, soft."""
from __future__ import annotations

from roster.instance import HOL, OFF, Cover, Setting



class TestRestDays:
    def test_free(self, make, solved):
        r = solved(make(person={"rest_days": 2}))
        assert r.status == "OPTIMAL"
        assert all(row.count(OFF) == 2 for row in r.assignment.codes)

    def test_forced_violation(self, make, solved):
        inst = make(people=1, person={"rest_days": 2}, fixed={(0, d): "AL" for d in range(6)})
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        inst = make(people=1, person={"rest_days": 2}, fixed={(0, d): "AL" for d in range(5)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.assignment.codes[0][5:] == [OFF, OFF]

    def test_soft_costs_weight_per_day(self, make, solved):
        inst = make(people=1, person={"rest_days": 2}, fixed={(0, d): "AL" for d in range(6)},
                             settings={"rest_days": Setting(False, 7)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 7


class TestStatutoryHolidays:
    def test_free(self, make, solved):
        r = solved(make(people=1, statutory=(2,), person={"rest_days": 2}))
        assert r.status == "OPTIMAL" and OFF not in r.assignment.codes[0][2:3]

    def test_forced_violation(self, make, solved):
        # 7 regular rest days in 7 days, but day 2 is a statutory holiday: rest there is HOL
        inst = make(people=1, statutory=(2,), person={"rest_days": 7})
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        r = solved(make(people=1, statutory=(2,), person={"rest_days": 6}))
        assert r.status == "OPTIMAL" and r.assignment.codes[0][2] == HOL

    def test_soft_allows_off_at_a_cost(self, make, solved):
        inst = make(people=1, statutory=(2,), person={"rest_days": 7},
                             settings={"statutory_holidays": Setting(False, 5)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 5 and r.assignment.codes[0][2] == OFF


class TestLeave:
    def _forced(self, make, **settings):
        return make(people=1, fixed={(0, 2): "SL"}, covers=[Cover(2, "A", None, 1)],
                             settings=settings)

    def test_free(self, make, solved):
        r = solved(make(people=1, fixed={(0, 2): "SL"}))
        assert r.status == "OPTIMAL" and r.assignment.codes[0][2] == "SL"

    def test_forced_violation(self, make, solved):
        assert solved(self._forced(make)).status == "INFEASIBLE"

    def test_boundary_not_employed_is_never_worked(self, make, solved):
        inst = make(people=2, fixed={(0, 2): "NA"}, settings={"leave": Setting(False, 1)})
        inst.covers = [Cover(2, "A", None, 1)]
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.assignment.codes[0][2] == "NA" and r.assignment.codes[1][2] == "A"

    def test_soft_costs_weight(self, make, solved):
        r = solved(self._forced(make, leave=Setting(False, 9)))
        assert r.status == "OPTIMAL" and r.objective == 9 and r.assignment.codes[0][2] == "A"
