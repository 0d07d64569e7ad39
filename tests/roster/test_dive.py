"""Price and dive (roster.dive): where it applies, the schedules' own costs, and its roster valid
under the independent checkers and never worse than the search it feeds."""
import time
from types import SimpleNamespace

import pytest

from roster.benchmarks import curtois_check, curtois_format
from roster.person_by_person import Pricer, own_cost
from roster.dive import GENERATE_SHARE, _Dive, applies, price_and_dive
from roster.instance import Assignment, Setting
from roster.model import RosterModel

from conftest import make_instance
from test_curtois import TINY

# Three weeks, eight people, two shifts, soft covers that do not fit everyone's wishes.
MONTH = """\
# month
SECTION_HORIZON
21

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
""" + "".join(f"S{i},E=21|L=8,9600,4800,5,2,2,2\n" for i in range(8)) + """
SECTION_DAYS_OFF
S0,3
S1,10

SECTION_SHIFT_ON_REQUESTS
S2,4,L,3
S3,5,E,2

SECTION_SHIFT_OFF_REQUESTS
S4,6,E,4

SECTION_COVER
""" + "".join(f"{d},E,3,100,1\n{d},L,2,100,1\n" for d in range(21))


class TestApplies:
    def test_coverage_alone_ties_people(self):
        assert applies(RosterModel(curtois_format.parse(TINY, name="tiny")))

    def test_not_with_duty_or_fair_spreads(self):
        inst = make_instance(people=3, days=7, duty_per_day=1, duty_shift="C")
        assert not applies(RosterModel(inst))
        inst = make_instance(people=3, days=7, settings={"fair_late_shifts": Setting(False, 2)}, fair_shift="C")
        assert not applies(RosterModel(inst))


class TestPricing:
    def test_own_cost_is_the_checkers(self):
        inst = curtois_format.parse(TINY, name="tiny")
        pricer = Pricer(inst, 0)
        codes = (None, None, "E", "E", "L") + (None,) * 9        # A works days 2-4: requests met
        assert own_cost(pricer, codes) == 0
        worse = (None, None, None, "E", "E", "L") + (None,) * 8  # the on-request of day 2 missed
        report = curtois_check.check(TINY, [("A", d, s) for d, s in enumerate(worse) if s] + [("B", 3, "E")])
        assert own_cost(pricer, worse) == report.penalties["on_requests"]

    def test_a_schedule_breaking_a_hard_rule_has_no_cost(self):
        pricer = Pricer(curtois_format.parse(TINY, name="tiny"), 0)
        assert own_cost(pricer, ("E",) + (None,) * 13) is None          # day 0 is A's day off


class TestPriceAndDive:
    def test_roster_keeps_every_hard_rule(self):
        inst = curtois_format.parse(MONTH, name="month")
        m = RosterModel(inst)
        start = Assignment([["OFF"] * inst.n_days for _ in inst.people], [[] for _ in range(inst.n_days)])
        rows, bound = price_and_dive(m, start, time.monotonic() + 60, workers=2, seed=1)
        assert rows is not None and sorted(rows) == list(range(len(inst.people)))
        report = curtois_check.check(MONTH, [(inst.people[p].id, d, c) for p, codes in rows.items()
                                             for d, c in enumerate(codes) if c in inst.shift_ids])
        assert report.violations == []
        idle = curtois_check.check(MONTH, [])
        assert report.objective < idle.objective                         # better than nobody working
        assert bound <= report.objective

    def test_a_dive_cut_short_still_makes_a_valid_roster(self):
        inst = curtois_format.parse(MONTH, name="month")
        dive = _Dive(RosterModel(inst), workers=2, seed=1)
        try:
            dive.round()
            dive.fixed = {0: 0, 1: 0}            # the time ran out with two people fixed
            rows = dive.finish(time.monotonic() + 10)
        finally:
            dive.pool.shutdown()
        assert rows is not None and sorted(rows) == list(range(len(inst.people)))
        report = curtois_check.check(MONTH, [(inst.people[p].id, d, c) for p, codes in rows.items()
                                             for d, c in enumerate(codes) if c in inst.shift_ids])
        assert report.violations == []
        assert report.objective < curtois_check.check(MONTH, []).objective    # better than nobody working

    def test_gives_up_without_the_time(self):
        inst = curtois_format.parse(MONTH, name="month")
        assert price_and_dive(RosterModel(inst), None, time.monotonic() + 0.01)[0] is None

    def test_gives_up_at_once_when_pricing_is_known_to_be_too_slow(self):
        inst = curtois_format.parse(MONTH, name="month")
        started = time.monotonic()
        # 8 people at 10 s a pricing solve on 2 threads: 4 rounds of 40 s do not fit in 45 % of 60 s
        assert price_and_dive(RosterModel(inst), None, started + 60, price_s=10.0) == (None, float("-inf"))
        assert time.monotonic() - started < 5


class _LateLP:
    """A stand-in for the dive's column generation (roster.dive._Dive): each round takes ROUND_S,
    and its Lagrangian bound stays far below the LP's value until `settles` seconds have passed
    (None: never), as Curtois 9's does (-46 against 500 after 10 of its 19 rounds)."""

    ROUND_S = 0.02

    def __init__(self, settles: float | None):
        self.started, self.settles = time.monotonic(), settles
        self.n_people, self.fixed, self.rounds, self.last = 2, {}, 0, 0.0
        self.value, self.bound = 500.0, -10_000.0
        self.lp = SimpleNamespace(solve=lambda: (self.value, None))
        self.pool = SimpleNamespace(shutdown=lambda wait=True: None)

    def round(self) -> int:
        time.sleep(self.ROUND_S)
        self.rounds += 1
        self.last = time.monotonic() - self.started
        if self.settles is not None and time.monotonic() - self.started >= self.settles:
            self.bound = self.value
        return 1

    def fix_some(self) -> bool:
        self.fixed = {0: 0, 1: 0}
        return True

    def finish(self, until: float) -> dict[int, list[str]]:
        return {0: ["E"], 1: ["L"]}


class TestGivingUp:
    """The generation gives up on an LP that is far from settling two thirds of the way through its
    time, not before: a Lagrangian bound rises late."""

    def _dive(self, monkeypatch, settles: float | None, seconds: float = 2.0):
        from roster import dive

        made = []
        monkeypatch.setattr(dive, "_Dive", lambda *a, **k: made.append(_LateLP(settles)) or made[-1])
        team = SimpleNamespace(instance=SimpleNamespace(people=[0, 1]))
        rows, bound = price_and_dive(team, None, time.monotonic() + seconds)
        return rows, bound, made[0]

    def test_a_bound_settling_halfway_through_gets_its_dive(self, monkeypatch):
        generation_s = GENERATE_SHARE * 2.0
        rows, bound, lp = self._dive(monkeypatch, settles=0.5 * generation_s)
        assert rows == {0: ["E"], 1: ["L"]} and bound == lp.value

    def test_a_bound_that_does_not_settle_is_given_up_before_the_time_is_out(self, monkeypatch):
        generation_s = GENERATE_SHARE * 2.0
        rows, bound, lp = self._dive(monkeypatch, settles=None)
        assert rows is None and bound < 0
        assert lp.rounds > 1 and lp.last < 0.85 * generation_s    # it stopped at the check, not at the end


def search_month(monkeypatch, turn: str, least: str, limit_s: float, caller=None, **params) -> int:
    """Solve MONTH by roster.search with `turn` (a function it calls, or the module `caller` calls)
    spied on and the limit named `least` lifted; asserts the turn ran and the roster is the checker's;
    returns its objective."""
    from roster import search
    from roster.benchmarks.curtois import roster_rows

    taken = []
    caller = caller or search
    function = getattr(caller, turn)
    monkeypatch.setattr(search, least, 0.0)
    monkeypatch.setattr(caller, turn, lambda *a, **k: taken.append(1) or function(*a, **k))
    inst = curtois_format.parse(MONTH, name="month")
    result = search.improve(inst, search.SearchParams(time_limit_s=limit_s, workers=2, seed=1,
                                                      sub_time_s=0.5, **params))
    assert taken and result.ok
    report = curtois_check.check(MONTH, roster_rows(inst, result.assignment))
    assert report.violations == []
    assert report.objective == result.objective
    return report.objective


class TestSearchTurn:
    def test_the_dive_feeds_the_search(self, monkeypatch):
        search_month(monkeypatch, "price_and_dive", "COLUMN_TURN_LEAST_S", 30, columns=True)

    def test_a_small_model_starts_whole_and_lns_follows_the_dive(self, monkeypatch):
        from roster import search

        turns = []
        for name in ("lns", "whole", "columns"):
            turn = getattr(search._Search, name)
            monkeypatch.setattr(search._Search, name,
                                lambda self, *a, _turn=turn, _name=name, **k: turns.append(_name) or _turn(self, *a, **k))
        firsts = []
        whole = search._Search.whole
        monkeypatch.setattr(search._Search, "whole", lambda self, least_s, until=None: firsts.append(
            (least_s, until, self.deadline - self.params.time_limit_s)) or whole(self, least_s, until))
        columns = search._Search.columns

        def columns_unproven(self, *a, **k):     # the dive's bound may prove its roster: forget it
            columns(self, *a, **k)
            self.bound = float("-inf")

        monkeypatch.setattr(search._Search, "columns", columns_unproven)
        monkeypatch.setattr(search, "WHOLE_FIRST_MOST_CELLS", 10**9)
        search_month(monkeypatch, "price_and_dive", "COLUMN_TURN_LEAST_S", 20, columns=True)
        dived = turns.index("columns")
        assert turns[0] == "whole" and turns[dived + 1] == "lns"     # a small model: the whole model first
        least_s, until, started = firsts[0]            # ... for the first tenth, not cut at a first stall
        assert until == pytest.approx(started + search.FIRST_TURN_SHARE * 20, abs=0.01)
        assert least_s > 0.5 * search.FIRST_TURN_SHARE * 20

    def test_a_big_model_keeps_to_lns_once_it_has_a_roster(self, monkeypatch):
        from roster import search

        turns = []
        for name in ("lns", "whole"):
            turn = getattr(search._Search, name)
            monkeypatch.setattr(search._Search, name,
                                lambda self, *a, _turn=turn, _name=name, **k: turns.append(_name) or _turn(self, *a, **k))
        monkeypatch.setattr(search, "WHOLE_FIRST_MOST_CELLS", 0)
        search_month(monkeypatch, "first_schedules", "COLUMN_TURN_LEAST_S", 8, columns=False, stall_share=0.01)
        assert turns.count("lns") > 1 and "whole" not in turns     # LNS turns after each stall, nothing else

    def test_both_long_run_turns_share_one_build_of_the_pricers(self, monkeypatch):
        from roster import first_schedules, search

        built, given = [], []
        build, cover, dive = search.one_person_pricers, first_schedules.person_by_person, search.price_and_dive
        monkeypatch.setattr(search, "one_person_pricers", lambda *a: built.append(build(*a)) or built[-1])
        monkeypatch.setattr(first_schedules, "person_by_person", lambda *a, **k: given.append(a[5]) or cover(*a, **k))
        monkeypatch.setattr(search, "price_and_dive", lambda *a, **k: given.append(k["pricers"]) or dive(*a, **k))
        monkeypatch.setattr(search, "COVER_ROWS_LEAST_S", 0.0)
        search_month(monkeypatch, "price_and_dive", "COLUMN_TURN_LEAST_S", 20, columns=True)
        assert len(built) == 1 and len(given) == 2 and all(p is built[0] for p in given)
