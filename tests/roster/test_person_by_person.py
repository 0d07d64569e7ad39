"""First rows planned against coverage (roster.planner.person_by_person): its prices are the exact change of the
cover cost, its rows keep every hard rule, and they cover the days far better than rows planned
alone."""
import random
from dataclasses import replace

from benchmarks.curtois import check as curtois_check, read as curtois_format
from roster.planner.person_by_person import _Covers, person_by_person
from roster.instance import Cover
from roster.model import RosterModel
from roster.planner import Budget
from roster.planner.first_schedules import person_alone_schedules

from conftest import make_instance

# a month where only coverage ties people together (the long-run turns apply)
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


def _checked(text: str, inst, rows: dict[int, list[str]]):
    return curtois_check.check(text, [(inst.people[p].id, d, c) for p, codes in rows.items()
                                      for d, c in enumerate(codes) if c in inst.shift_ids])


class TestCoverPrices:
    def test_worth_is_the_exact_change_of_the_cover_cost(self):
        inst = make_instance(people=4, days=7, person={"role": "presale"})
        inst.people[3] = replace(inst.people[3], role="aftersale")
        inst.covers = [Cover(d, s, role, n, False, 10, 3)
                       for d in range(7) for s, role, n in (("A", None, 2), ("B", "presale", 1), ("C", None, 0))]
        covers = _Covers(RosterModel(inst))
        rng = random.Random(3)
        for _ in range(40):
            p = rng.randrange(4)
            codes = tuple(rng.choice(("A", "B", "C", None)) for _ in range(7))
            worth, before = covers.worth(p), covers.cost()
            covers.move(p, codes, +1)
            gained = sum(worth.get((d, s), 0.0) for d, s in enumerate(codes) if s is not None)
            assert before - covers.cost() == gained

    def test_a_cover_for_another_role_is_worth_nothing(self):
        inst = make_instance(people=2, days=1)
        inst.people[1] = replace(inst.people[1], role="aftersale")
        inst.covers = [Cover(0, "A", "presale", 1, False, 10, 0)]
        covers = _Covers(RosterModel(inst))
        assert covers.worth(0) == {(0, "A"): 10.0}
        assert covers.worth(1) == {}


class TestCoverRows:
    def test_rows_keep_every_hard_rule_and_cover_better_than_rows_alone(self):
        inst = curtois_format.parse(MONTH, name="month")
        m = RosterModel(inst)
        rows, seconds = person_by_person(m, 1.0, Budget(60), workers=2, seed=1)
        assert rows is not None and 0 < seconds <= 1.5 and sorted(rows) == list(range(len(inst.people)))
        report = _checked(MONTH, inst, rows)
        assert report.violations == []
        alone = _checked(MONTH, inst, person_alone_schedules(RosterModel(inst), 1.0, seed=1))
        assert alone.violations == []
        assert report.objective < alone.objective

    def test_none_when_the_time_is_up_before_everyone_is_planned(self):
        inst = curtois_format.parse(MONTH, name="month")
        assert person_by_person(RosterModel(inst), 1.0, Budget(0), workers=1) == (None, None)


class TestLongRunTurns:
    def test_neighbourhood_search_with_both_long_run_turns_keeps_every_rule(self):
        """First schedules planned person by person against coverage, then price and dive, then
        LNS (the thresholds lowered through the profile): the roster passes the independent
        checker and scores what the planner says."""
        from benchmarks.curtois.run import roster_rows
        from roster.planner import SolverProfile
        from roster.planner.neighbourhood_search import NeighbourhoodSearch
        from roster.planner.problem import Problem

        inst = curtois_format.parse(MONTH, name="month")
        profile = SolverProfile(workers=2, seed=1, person_by_person_least_s=10, price_and_dive_least_s=10,
                                lns_sub_s=0.5)
        result = NeighbourhoodSearch().run(Problem(inst, profile), Budget(15))
        assert result.ok
        report = curtois_check.check(MONTH, roster_rows(inst, result.assignment))
        assert report.violations == [] and report.objective == result.objective
