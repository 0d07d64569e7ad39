"""day_off_requests and shift_preferences (Wish on/off): free, forced cost, hard switch, boundary."""
from __future__ import annotations

from roster.instance import OFF, Cover, Setting, Wish

DAY_OFF = Setting(False, 10)


class TestDayOffRequests:
    def _inst(self, make, n=1, **kw):
        return make(people=n, wishes=[Wish(0, 2, None, "off", 10, "day_off_requests")],
                    settings={"day_off_requests": DAY_OFF}, **kw)

    def test_free(self, make, solved):
        r = solved(self._inst(make, person={"rest_days": 1}))
        assert r.status == "OPTIMAL" and r.objective == 0 and r.assignment.codes[0][2] == OFF

    def test_forced_cost(self, make, solved):
        r = solved(self._inst(make, covers=[Cover(2, "A", None, 1)]))
        assert r.status == "OPTIMAL" and r.objective == 10

    def test_forced_violation_when_hard(self, make, solved):
        inst = self._inst(make, covers=[Cover(2, "A", None, 1)])
        inst.settings["day_off_requests"] = Setting(True)
        assert solved(inst).status == "INFEASIBLE"

    def test_boundary_someone_else_covers(self, make, solved):
        r = solved(self._inst(make, n=2, covers=[Cover(2, "A", None, 1)]))
        assert r.status == "OPTIMAL" and r.objective == 0


class TestShiftPreferences:
    def test_free(self, make, solved):
        inst = make(people=1, wishes=[Wish(0, 1, "B", "on", 3), Wish(0, 2, "C", "off", 3)],
                    settings={"shift_preferences": Setting(False, 3)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 0 and r.assignment.codes[0][1] == "B"

    def test_on_request_counts_a_day_off_as_unmet(self, make, solved):
        # the benchmark's direction: an on-request costs its weight unless that shift is worked
        inst = make(people=1, person={"rest_days": 1}, fixed={(0, d): "AL" for d in range(1, 7)},
                    wishes=[Wish(0, 0, "B", "on", 4)], settings={"shift_preferences": Setting(False, 3)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 4

    def test_off_request_costs_when_worked(self, make, solved):
        inst = make(people=1, covers=[Cover(2, "C", None, 1)], wishes=[Wish(0, 2, "C", "off", 5)],
                    settings={"shift_preferences": Setting(False, 3)})
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 5

    def test_forced_violation_when_hard(self, make, solved):
        inst = make(people=1, covers=[Cover(2, "C", None, 1)], wishes=[Wish(0, 2, "C", "off", 5)],
                    settings={"shift_preferences": Setting(True)})
        assert solved(inst).status == "INFEASIBLE"

    def test_absent_setting_costs_nothing_but_wish_weight(self, make, solved):
        inst = make(people=1, covers=[Cover(2, "C", None, 1)], wishes=[Wish(0, 2, "C", "off", 5)])
        r = solved(inst)
        assert r.status == "OPTIMAL" and r.objective == 5
