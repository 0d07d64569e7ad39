"""Branching on the fair spreads (roster.spread_branching): the bound rises above the column LP's
where a spread cannot be even in whole numbers, never above a proven optimum, and the LP is left as
it was found."""
import math
import time
from dataclasses import replace

import pytest

from roster.columns import ColumnBound, month_bound
from roster.instance import Cover, Setting
from roster.model import RosterModel
from roster.patterns import rows_by_person
from roster.spread_branching import branch_on_spreads

from conftest import make_instance, solved
from test_columns import PARAMS, _month


def _uneven(people: int = 3, days: int = 4):
    """One C a day for `days` days among `people` alike people (a fair group): in whole numbers
    someone works more Cs than someone else unless people divides days; an extra C costs 10."""
    inst = make_instance(people=people, days=days, shifts=("C",),
                         settings={"fair_late_shifts": Setting(False, 2)},
                         covers=[Cover(d, "C", "presale", 1, True, 0, 10) for d in range(days)],
                         fair_shift="C")
    inst.people = [replace(person, fair_group="presale") for person in inst.people]
    return inst


def _branched(inst, seconds: float = 10.0):
    m = RosterModel(inst)
    cb = ColumnBound(m, rows_by_person(m))
    lp = cb.run(seconds)
    return cb, lp, branch_on_spreads(cb, time.monotonic() + seconds)


class TestSpreadBranching:
    def test_lifts_the_bound_to_the_optimum_where_a_spread_cannot_be_even(self):
        inst = _uneven()
        best = solved(inst, params=PARAMS)
        assert best.status == "OPTIMAL" and best.objective == 2       # Cs 2, 1, 1: a spread of 1
        _, lp, bound = _branched(inst)
        assert lp < 1                                                  # 4/3 C each: no spread in the LP
        assert math.ceil(bound - 1e-4) == best.objective               # whole penalties: > 1 proves 2
        m = RosterModel(inst)
        assert month_bound(m, rows_by_person(m), 30.0) == best.objective

    def test_no_branching_without_the_time_for_it(self, monkeypatch):
        """Too little time left once the LP settles: month_bound gives the LP's bound."""
        import roster.columns as columns

        inst = _uneven()
        m = RosterModel(inst)
        monkeypatch.setattr(columns, "BRANCH_LEAST_S", 10.0)             # (20 s in the product)
        assert month_bound(m, rows_by_person(m), 20.0) == 2
        assert month_bound(m, rows_by_person(m), 9.0) == 0               # the LP: 4/3 C each, no spread

    def test_an_even_spread_leaves_nothing_to_branch(self):
        inst = _uneven(people=2)
        assert solved(inst, params=PARAMS).objective == 0
        _, lp, bound = _branched(inst)
        assert lp == pytest.approx(0) and bound == pytest.approx(0)

    @pytest.mark.parametrize("seed", (4, 5, 6, 8))
    def test_never_above_the_optimum(self, seed):
        inst = _month(seed)
        best = solved(inst, params=PARAMS)
        assert best.status == "OPTIMAL"
        _, lp, bound = _branched(inst)
        assert lp - 1e-6 <= bound <= best.objective + 1e-6

    def test_members_counts_kept_within_a_nodes_spread_lift_it_to_the_optimum(self, monkeypatch):
        """Six people over a week: the spreads' max and min alone leave the bound at 0 (each
        person's counts are averages of schedules above and below them); kept within them (a node
        with max <= 1 holds every member's count to 1), the nodes prove the optimum, 2."""
        inst = _month(2, people=6, days=7)
        best = solved(inst, params=PARAMS)
        assert best.status == "OPTIMAL" and best.objective == 2
        _, _, bound = _branched(inst)
        assert math.ceil(bound - 1e-4) == best.objective
        monkeypatch.setattr(ColumnBound, "limit", lambda cb, ranges: None)
        _, _, averages = _branched(inst)
        assert math.ceil(averages - 1e-4) < best.objective

    @pytest.mark.parametrize("seed", (0, 1, 3))
    def test_never_above_the_optimum_with_the_members_counts_held(self, seed):
        inst = _month(seed, people=6, days=7)
        best = solved(inst, params=PARAMS)
        assert best.status == "OPTIMAL"
        _, lp, bound = _branched(inst)
        assert lp - 1e-6 <= bound <= best.objective + 1e-6

    def test_a_node_limits_its_members_columns_and_the_lp_gets_them_back(self):
        cb, _, _ = _branched(_month(0, people=6, days=7))
        col = next(c for c, (rule_id, _, is_max) in cb.spread_of.items() if is_max and rule_id == "fair_late_shifts")
        _, members, _ = cb.spread_of[col]
        cb.limit({col: (0.0, 1.0)})
        upper = cb.lp.h.getLp().col_upper_
        counted = [(cb._col_counts[p][k]["fair_late_shifts"], upper[c]) for p in members
                   for k, c in enumerate(cb._col[p])]
        assert any(n > 1 for n, _ in counted)
        assert all(top == (0.0 if n > 1 else 1.0) for n, top in counted)
        y = cb.lp.signed(cb.lp.solve()[1])[0]
        before = {p: len(cb.columns[p]) for p in members}
        cb.price_all(y)
        assert all(cb._col_counts[p][k]["fair_late_shifts"] <= 1 for p in members
                   for k in range(before[p], len(cb.columns[p])))
        cb.limit({})
        assert all(cb.lp.h.getLp().col_upper_[c] == 1.0 for p in cb.people for c in cb._col[p])

    def test_stops_sooner_once_it_has_lifted_the_bound(self, monkeypatch):
        import roster.spread_branching as branching

        def nodes_and_bound(after_lift: int) -> tuple[int, float]:
            monkeypatch.setattr(branching, "STALL_AFTER_LIFT", after_lift)
            solved_nodes = []
            solve_node = branching._solve_node
            monkeypatch.setattr(branching, "_solve_node",
                                lambda *a: solved_nodes.append(1) or solve_node(*a))
            _, lp, bound = _branched(_uneven(people=3, days=7))
            return len(solved_nodes), lp, bound

        patient, lp, bound = nodes_and_bound(100)
        hasty, _, lifted = nodes_and_bound(0)
        # here the patient run lifts it twice (0 -> 1 -> 2); the hasty one stops after the first
        assert math.ceil(lp - 1e-4) < math.ceil(lifted - 1e-4) < math.ceil(bound - 1e-4)
        assert hasty < patient

    def test_the_lp_is_left_with_its_own_ranges(self):
        cb, _, _ = _branched(_uneven())
        lower, upper = cb.lp.h.getLp().col_lower_, cb.lp.h.getLp().col_upper_
        assert cb.fair_cols and all(lower[c] == 0 and upper[c] == top for c, top in cb.fair_cols.items())
