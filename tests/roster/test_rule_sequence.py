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


class TestSuccessionByRestHours:
    """succession's min_rest_hours: a night shift C 22:00–06:00 (crosses midnight) then B 11:00
    leaves 5 h of rest (06:00 to 11:00)."""

    @staticmethod
    def night_shifts():
        from roster.policy import ShiftDef

        return {"B": ShiftDef(start="11:00", end="20:00", break_minutes=60),
                "C": ShiftDef(start="22:00", end="06:00", break_minutes=60)}

    def instance(self, make, min_rest_hours):
        from roster.instance import ShiftType
        from roster.monthly import short_rest_pairs

        shifts = [ShiftType(sid, s.paid_minutes, s.start_min, s.end_min) for sid, s in self.night_shifts().items()]
        inst = make(people=1, shifts=("B", "C"), covers=needs([0], "C") + needs([1], "B"))
        inst.shifts = shifts
        inst.min_rest_minutes = min_rest_hours * 60
        inst.forbidden_successions = short_rest_pairs(shifts, inst.min_rest_minutes)
        return inst

    def test_night_shift_crosses_midnight(self):
        c = self.night_shifts()["C"]
        assert (c.start_min, c.end_min, c.paid_minutes) == (22 * 60, 30 * 60, 7 * 60)      # 8 h less 1 h

    def test_forbidden_at_11_hours(self, make, solved):
        inst = self.instance(make, 11)
        assert ("C", "B") in inst.forbidden_successions and ("B", "C") not in inst.forbidden_successions
        assert solved(inst).status == "INFEASIBLE"

    def test_allowed_at_5_hours(self, make, solved):
        inst = self.instance(make, 5)                       # 5 h of rest is not less than 5
        assert inst.forbidden_successions == set()
        assert solved(inst).status == "OPTIMAL"

    def test_validator_names_the_rest_in_hours(self, make):
        from roster.instance import Assignment
        from roster.validate import check

        inst = self.instance(make, 11)
        report = check(inst, Assignment([["C", "B", "OFF", "OFF", "OFF", "OFF", "OFF"]], [[] for _ in range(7)]))
        v = next(v for v in report.violations if v.rule_id == "succession")
        assert "C（22:00–06:00）后接 B（11:00）只休息 5 小时，少于 11 小时" in v.words

    def test_example_policy_keeps_the_listed_pair(self):
        from pathlib import Path

        from roster.monthly import short_rest_pairs
        from roster.policy import load_policy
        from roster.instance import ShiftType

        policy = load_policy(Path(__file__).resolve().parents[2] / "examples" / "policy.toml")
        shifts = [ShiftType(sid, s.paid_minutes, s.start_min, s.end_min) for sid, s in policy.roster.shifts.items()]
        # C ends 24:00: A (09:00) and E (10:00, planned only from demand) next day rest 9 h and 10 h
        assert short_rest_pairs(shifts, int(policy.roster.rules.succession.min_rest_hours * 60)) == {("C", "A"), ("C", "E")}
