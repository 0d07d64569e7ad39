"""Pricing within limits on a person's own counts (roster.counted_pricing): the same as the plain
pricing when the limits hold nothing back, every schedule found within them and costing what it
says, and the cheapest one the cheapest month alone with that many Cs (brute force, validator)."""
import numpy as np
import pytest

from roster.columns import ColumnBound
from roster.counted_pricing import price_within
from roster.instance import Wish
from roster.model import RosterModel
from roster.patterns import rows_by_person

from conftest import make_instance
from test_columns import SHIFTS, SOFT, _month, cheapest_month

LIMITS = ({"late": (2, 3)}, {"late": (3, 3), "duty": (1, 2)}, {"duty": (2, 3)}, {"late": (0, 1)})


def _priced(seed: int):
    """A small month's pricing data, and random duals for it."""
    m = RosterModel(_month(seed, people=5, days=8))
    cb = ColumnBound(m, rows_by_person(m))
    rng = np.random.default_rng(seed)
    return cb, rng.normal(0, 3, cb.lp.rows)


def _counts(cb: ColumnBound, p: int, states: list[int]) -> tuple[int, int]:
    person = cb.people[p]
    return (int(cb._late_states[p][states].sum()), sum(person.states[s][1] for s in states))


class TestPriceWithin:
    @pytest.mark.parametrize("seed", (0, 1))
    def test_limits_that_hold_nothing_back_change_nothing(self, seed):
        cb, y = _priced(seed)
        for p, person in cb.people.items():
            day_cost, row_cost = cb._prices(p, y)
            least, _ = person.price(day_cost, row_cost, 1)
            within, _ = price_within(person, day_cost, row_cost, {"late": (0, 8), "duty": (0, 8)},
                                     cb._late_states[p], 1)
            assert within == pytest.approx(least)

    @pytest.mark.parametrize("seed", (0, 1))
    def test_schedules_found_keep_the_limits_and_cost_what_they_say(self, seed):
        cb, y = _priced(seed)
        checked = 0
        for p, person in cb.people.items():
            day_cost, row_cost = cb._prices(p, y)
            plain, _ = person.price(day_cost, row_cost, 1)
            for limits in LIMITS:
                least, found = price_within(person, day_cost, row_cost, limits, cb._late_states[p], 3)
                assert least >= plain - 1e-9
                for total, r, states in found:
                    late, duty = _counts(cb, p, states)
                    if cb._late_states[p].any() and "late" in limits:
                        assert limits["late"][0] <= late <= limits["late"][1]
                    if any(on for _, on in person.states) and "duty" in limits:
                        assert limits["duty"][0] <= duty <= limits["duty"][1]
                    assert [s != 0 for s in states] == list(person.works[r])
                    own = person.own_cost(r, states) - person.row_cost[r] + row_cost[r]
                    assert own + sum(day_cost[d, s] for d, s in enumerate(states)) == pytest.approx(total)
                    checked += 1
        assert checked > 20

    def test_limits_no_schedule_can_keep_leave_none(self):
        cb, y = _priced(0)                      # 8 days, 2 of them rest days: at most 6 Cs
        p = next(p for p in cb.people if cb._late_states[p].any())
        least, found = price_within(cb.people[p], *cb._prices(p, y), {"late": (7, 8)}, cb._late_states[p], 3)
        assert least == float("inf") and found == []

    @pytest.mark.parametrize("cs", (0, 1, 2, 3))
    def test_cheapest_schedule_is_the_cheapest_month_with_that_many_cs(self, cs):
        """With no duals and the C count held to `cs`, the cheapest schedule is the cheapest month
        alone with exactly `cs` Cs (every month enumerated, each costed by the validator)."""
        inst = make_instance(people=1, days=6, shifts=SHIFTS,
                             person={"rest_days": 2, "max_consecutive_work": 3, "min_consecutive_off": 2},
                             settings=dict(SOFT), forbidden_successions={("C", "A")}, fair_shift="C",
                             wishes=[Wish(0, 1, "A", "off", 2, "shift_preferences"),
                                     Wish(0, 3, "C", "off", 2, "shift_preferences"),
                                     Wish(0, 4, None, "off", 5, "day_off_requests")])
        m = RosterModel(inst)
        cb = ColumnBound(m, rows_by_person(m))
        person = cb.people[0]
        least, found = price_within(person, 0 * person.own, person.row_cost.copy(), {"late": (cs, cs)},
                                    cb._late_states[0], best=1)
        best = cheapest_month(inst, keep=lambda codes: codes.count("C") == cs)
        assert least == best
        total, r, states = found[0]
        assert person.own_cost(r, states) == best
