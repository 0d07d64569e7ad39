"""First rows planned against coverage (roster.person_by_person): its prices are the exact change of the
cover cost, its rows keep every hard rule, and they cover the days far better than rows planned
alone."""
import random
import time
from dataclasses import replace

from roster.benchmarks import curtois_check, curtois_format
from roster.person_by_person import _Covers, person_by_person
from roster.instance import Cover
from roster.model import RosterModel
from roster.first_schedules import person_alone_schedules

from conftest import make_instance
from test_dive import MONTH, search_month


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
        rows, seconds = person_by_person(m, 1.0, time.monotonic() + 60, workers=2, seed=1)
        assert rows is not None and 0 < seconds <= 1.5 and sorted(rows) == list(range(len(inst.people)))
        report = _checked(MONTH, inst, rows)
        assert report.violations == []
        alone = _checked(MONTH, inst, person_alone_schedules(RosterModel(inst), 1.0, seed=1))
        assert alone.violations == []
        assert report.objective < alone.objective

    def test_none_when_the_time_is_up_before_everyone_is_planned(self):
        inst = curtois_format.parse(MONTH, name="month")
        assert person_by_person(RosterModel(inst), 1.0, time.monotonic() - 1, workers=1) == (None, None)


class TestSearchStart:
    def test_the_search_starts_from_the_cover_rows(self, monkeypatch):
        from roster import first_schedules

        search_month(monkeypatch, "person_by_person", "COVER_ROWS_LEAST_S", 20, caller=first_schedules, columns=False)
