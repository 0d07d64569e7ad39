"""shift_limits, working_minutes, max_weekends: free, forced violation (INFEASIBLE), boundary, soft."""
from __future__ import annotations

from roster.instance import Cover, Setting


def needs(days, shift="A", n=1):
    return [Cover(d, shift, None, n) for d in days]


class TestShiftLimits:
    def test_free(self, make, solved):
        assert solved(make(people=1, person={"max_per_shift": {"A": 2}})).status == "OPTIMAL"

    def test_forced_violation(self, make, solved):
        inst = make(people=1, person={"max_per_shift": {"A": 2}}, covers=needs(range(3)))
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        inst = make(people=1, person={"max_per_shift": {"A": 2}}, covers=needs(range(2)))
        assert solved(inst).status == "OPTIMAL"

    def test_zero_means_never(self, make, solved):
        inst = make(people=1, person={"max_per_shift": {"B": 0}}, covers=needs([0], "B"))
        assert solved(inst).status == "INFEASIBLE"

    def test_soft(self, make, solved):
        inst = make(people=1, person={"max_per_shift": {"A": 2}}, covers=needs(range(4)),
                    settings={"shift_limits": Setting(False, 3)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 6


class TestWorkingMinutes:
    def test_free(self, make, solved):
        assert solved(make(people=1, person={"min_minutes": 960, "max_minutes": 1920})).status == "OPTIMAL"

    def test_forced_violation_minimum(self, make, solved):
        inst = make(people=1, person={"min_minutes": 3 * 480}, fixed={(0, d): "AL" for d in range(5)})
        assert solved(inst).status == "INFEASIBLE"

    def test_forced_violation_maximum(self, make, solved):
        inst = make(people=1, person={"max_minutes": 2 * 480}, covers=needs(range(3)))
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        inst = make(people=1, person={"min_minutes": 2 * 480, "max_minutes": 2 * 480},
                    fixed={(0, d): "AL" for d in range(5)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.assignment.codes[0][5] in "ABC" and r.assignment.codes[0][6] in "ABC"

    def test_soft_costs_weight_per_minute(self, make, solved):
        inst = make(people=1, person={"max_minutes": 2 * 480 - 30}, covers=needs(range(2)),
                    settings={"working_minutes": Setting(False, 2)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 60


class TestMaxWeekends:
    def test_free(self, make, solved):
        assert solved(make(people=1, days=14, person={"max_weekends": 1})).status == "OPTIMAL"

    def test_forced_violation(self, make, solved):
        inst = make(people=1, days=14, person={"max_weekends": 1}, covers=needs([5, 13]))
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary_both_days_of_one_weekend(self, make, solved):
        inst = make(people=1, days=14, person={"max_weekends": 1}, covers=needs([5, 6]))
        assert solved(inst).status == "OPTIMAL"

    def test_soft(self, make, solved):
        inst = make(people=1, days=14, person={"max_weekends": 0}, covers=needs([6, 12]),
                    settings={"max_weekends": Setting(False, 7)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 14
