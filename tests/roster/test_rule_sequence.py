"""succession, max_consecutive_work, min_consecutive_work, min_consecutive_off, shift_stability."""
from __future__ import annotations

from roster.instance import OFF, Cover, Setting


def needs(days, shift="A", n=1):
    return [Cover(d, shift, None, n) for d in days]


class TestSuccession:
    def test_free(self, make, solved):
        inst = make(people=1, forbidden_successions={("C", "A")}, covers=needs([0], "C") + needs([2], "A"))
        assert solved(inst).status == "OPTIMAL"

    def test_forced_violation(self, make, solved):
        inst = make(people=1, forbidden_successions={("C", "A")}, covers=needs([0], "C") + needs([1], "A"))
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary_other_order_is_allowed(self, make, solved):
        inst = make(people=1, forbidden_successions={("C", "A")}, covers=needs([0], "A") + needs([1], "C"))
        assert solved(inst).status == "OPTIMAL"

    def test_from_history_into_day_0(self, make, solved):
        inst = make(people=1, forbidden_successions={("C", "A")}, covers=needs([0], "A"),
                    person={"history": ("OFF", "C")})
        assert solved(inst).status == "INFEASIBLE"

    def test_soft(self, make, solved):
        inst = make(people=1, forbidden_successions={("C", "A")}, covers=needs([0], "C") + needs([1], "A"),
                    settings={"succession": Setting(False, 4)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 4


class TestMaxConsecutiveWork:
    def test_free(self, make, solved):
        assert solved(make(people=1, person={"max_consecutive_work": 3})).status == "OPTIMAL"

    def test_forced_violation(self, make, solved):
        inst = make(people=1, person={"max_consecutive_work": 3}, covers=needs(range(4)))
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        inst = make(people=1, person={"max_consecutive_work": 3}, covers=needs(range(3)) + needs(range(4, 7)))
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.assignment.codes[0][3] == OFF

    def test_history_counts(self, make, solved):
        inst = make(people=1, person={"max_consecutive_work": 3, "history": ("OFF", "A", "B")},
                    covers=needs(range(2)))
        assert solved(inst).status == "INFEASIBLE"
        inst.people[0] = inst.people[0].__class__(**{**inst.people[0].__dict__, "history": ("A", "OFF", "B")})
        assert solved(inst).status == "OPTIMAL"

    def test_soft_costs_per_day_beyond(self, make, solved):
        inst = make(people=1, person={"max_consecutive_work": 3}, covers=needs(range(5)),
                    settings={"max_consecutive_work": Setting(False, 10)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 20


class TestMinConsecutiveWork:
    def test_free(self, make, solved):
        assert solved(make(people=1, person={"min_consecutive_work": 3})).status == "OPTIMAL"

    def test_forced_violation(self, make, solved):
        inst = make(people=1, person={"min_consecutive_work": 3}, fixed={(0, 1): "AL", (0, 4): "AL"},
                    covers=needs([2]))
        inst.fixed[(0, 3)] = "PL"
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary_edge_block_is_exempt(self, make, solved):
        inst = make(people=1, person={"min_consecutive_work": 3}, fixed={(0, 1): "AL"}, covers=needs([0]))
        assert solved(inst).status == "OPTIMAL"

    def test_history_makes_the_first_block_count(self, make, solved):
        inst = make(people=1, person={"min_consecutive_work": 3, "history": ("A", "OFF")},
                    fixed={(0, 1): "AL"}, covers=needs([0]))
        assert solved(inst).status == "INFEASIBLE"

    def test_soft_costs_per_missing_day(self, make, solved):
        inst = make(people=1, person={"min_consecutive_work": 3}, fixed={(0, 1): "AL", (0, 3): "PL"},
                    covers=needs([2]), settings={"min_consecutive_work": Setting(False, 5)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 10


class TestMinConsecutiveOff:
    def test_free(self, make, solved):
        assert solved(make(people=1, person={"min_consecutive_off": 2, "rest_days": 2})).status == "OPTIMAL"

    def test_forced_violation(self, make, solved):
        inst = make(people=1, person={"min_consecutive_off": 2}, fixed={(0, 3): "AL"}, covers=needs([2, 4]))
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary_edge_block_is_exempt(self, make, solved):
        inst = make(people=1, person={"min_consecutive_off": 2}, fixed={(0, 6): "AL"}, covers=needs([5]))
        assert solved(inst).status == "OPTIMAL"

    def test_not_exempt_without_edge_exemption(self, make, solved):
        inst = make(people=1, person={"min_consecutive_off": 2}, fixed={(0, 6): "AL"}, covers=needs([5]),
                    edge_exempt=False)
        assert solved(inst).status == "INFEASIBLE"

    def test_soft_costs_per_missing_day(self, make, solved):
        inst = make(people=1, person={"min_consecutive_off": 3}, fixed={(0, 3): "AL"}, covers=needs([2, 4]),
                    settings={"min_consecutive_off": Setting(False, 3)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 6


class TestShiftStability:
    def test_free(self, make, solved):
        inst = make(people=1, covers=needs([0, 1]), settings={"shift_stability": Setting(False, 1)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 0

    def test_forced_violation_when_hard(self, make, solved):
        inst = make(people=1, covers=needs([0]) + needs([1], "B"), settings={"shift_stability": Setting(True)})
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary_a_day_off_between_is_no_change(self, make, solved):
        inst = make(people=1, covers=needs([0]) + needs([2], "B"), settings={"shift_stability": Setting(True)})
        assert solved(inst).status == "OPTIMAL"

    def test_soft_costs_per_change(self, make, solved):
        inst = make(people=1, covers=needs([0]) + needs([1], "B") + needs([2]),
                    settings={"shift_stability": Setting(False, 2)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 4
