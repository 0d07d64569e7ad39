"""interval_cover: free, forced violation (INFEASIBLE), boundary, soft shortfall priced exactly as the
validator prices it, across midnight; the model solved with a fixed seed and a time limit."""
from __future__ import annotations

from dataclasses import replace

from roster.demand.intervals import IntervalCover, IntervalNeed, shift_window
from roster.instance import Setting, ShiftType

SHIFTS = (ShiftType("A", 480, 540, 1080), ShiftType("C", 480, 900, 1440), ShiftType("N", 480, 1320, 420))


def _with_needs(make, needs, people=3, days=3, hard=False, weight=5):
    inst = make(people=people, days=days, settings={"interval_cover": Setting(hard, weight)})
    inst.shifts = list(SHIFTS)
    windows = {s.id: shift_window(s.id, s.start_min, s.end_min, s.minutes, None) for s in SHIFTS}
    inst.interval_cover = IntervalCover(30, windows, list(needs))
    return inst


class TestIntervalCover:
    def test_free(self, make, solved):
        r = solved(_with_needs(make, [IntervalNeed(0, 20, "presale", 2, minimum=1)]))
        assert r.status == "OPTIMAL" and r.objective == 0

    def test_forced_violation_minimum(self, make, solved):
        # nobody can be on shift at 10:00 when all three are on leave that day
        inst = _with_needs(make, [IntervalNeed(1, 20, "presale", 1, minimum=1)])
        inst.fixed = {(p, 1): "AL" for p in range(3)}
        assert solved(inst).status == "INFEASIBLE"

    def test_forced_violation_hard_shortfall(self, make, solved):
        assert solved(_with_needs(make, [IntervalNeed(0, 20, "presale", 4)], hard=True)).status == "INFEASIBLE"

    def test_boundary_everyone_on_the_morning(self, make, solved):
        r = solved(_with_needs(make, [IntervalNeed(0, 20, "presale", 3)], hard=True))
        assert r.status == "OPTIMAL" and [row[0] for row in r.assignment.codes] == ["A"] * 3

    def test_soft_shortfall_costs_weight_per_person(self, make, solved):
        r = solved(_with_needs(make, [IntervalNeed(0, 20, "presale", 5)], weight=7))
        assert r.status == "OPTIMAL" and r.objective == 2 * 7

    def test_break_share_makes_a_person_short(self, make, solved):
        # 12:30–14:30 holds the A shift's staggered breaks: 3 people there are 1.5 agents each half hour
        r = solved(_with_needs(make, [IntervalNeed(0, 26, "presale", 2)], weight=3))
        assert r.status == "OPTIMAL" and r.objective == 3

    def test_night_shift_covers_after_midnight(self, make, solved):
        # 01:00 on day 1 is only reached by the night shift N starting on day 0 (its breaks: 01:30–03:30)
        r = solved(_with_needs(make, [IntervalNeed(1, 2, "presale", 2, minimum=2)], hard=True))
        assert r.status == "OPTIMAL" and [row[0] for row in r.assignment.codes].count("N") >= 2

    def test_previous_month_night_counts(self, make, solved):
        inst = _with_needs(make, [IntervalNeed(0, 2, "presale", 1, minimum=1)], hard=True)
        inst.people[0] = replace(inst.people[0], history=("N",))
        assert solved(inst).status == "OPTIMAL"
        inst.people[0] = replace(inst.people[0], history=("A",))
        assert solved(inst).status == "INFEASIBLE"
