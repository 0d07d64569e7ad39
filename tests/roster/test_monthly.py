"""build_month_instance on the example team and policy (2026-12) and on edited copies."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conftest import make_days
from kefu.errors import InputError
from kefu.team import Request, read_team
from roster.instance import NA, OFF, TEAM, Setting
from roster.monthly import build_month_instance, rest_day_words, rest_for_longest_run
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def example():
    policy = load_policy(EXAMPLES / "policy.toml")
    team = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
    return policy, team


@pytest.fixture(scope="module")
def december(example):
    return build_month_instance(*example, 2026, 12)


def person(inst, eid):
    return next(p for p, x in enumerate(inst.people) if x.id == eid)


class TestBuildMonthInstance:
    def test_days_and_day_types(self, december):
        assert december.n_days == 31
        assert december.days[11].date == date(2026, 12, 12) and december.days[11].day_type == "promotion"
        assert december.days[4].day_type == "weekend" and december.days[4].weekend_index == 0
        assert december.days[5].weekend_index == 0 and december.days[11].weekend_index == 1
        assert not any(d.statutory for d in december.days)

    def test_shifts_paid_minutes(self, december):
        assert [(s.id, s.minutes, s.start_min, s.end_min) for s in december.shifts] == [
            ("A", 480, 540, 1080), ("B", 480, 660, 1200), ("C", 480, 900, 1440),
            ("D", 480, 780, 1320), ("E", 480, 600, 1140)]

    def test_people_employment_and_prorated_rest_days(self, december):
        assert len(december.people) == 30
        new, leaver = person(december, "KF021"), person(december, "KF028")
        # 4 × 18/31 = 2.32 → 2 each; the leaver (employed from the 1st, so possibly after 7 days at work)
        # needs 3 breaks in 1-18 December to stay within 7 in a row (TestRestForLongestRun)
        assert december.people[new].rest_days == 2 and december.people[leaver].rest_days == 3
        assert december.people[0].rest_days == 4
        assert all(december.fixed[new, d] == NA for d in range(13)) and (new, 13) not in december.fixed
        assert december.fixed[leaver, 18] == NA and (leaver, 17) not in december.fixed
        assert december.people[new].fair_group is None and december.people[0].fair_group == TEAM   # everyone compared

    def test_leave_fixed_and_wishes(self, december):
        p = person(december, "KF005")
        assert [december.fixed[p, d] for d in (20, 21, 22)] == ["AL"] * 3
        assert december.fixed[person(december, "KF026"), 7] == "SL"
        offs = [w for w in december.wishes if w.rule_id == "day_off_requests"]
        assert {(december.people[w.person].id, w.day, w.weight) for w in offs} >= {("KF009", 23, 10), ("KF011", 30, 10)}
        prefer = [w for w in december.wishes if december.people[w.person].id == "KF015"]
        # "prefers A": working any other shift costs the weight; a rest day costs nothing
        assert len(prefer) == (len(december.shifts) - 1) * 31        # every other shift of the policy costs
        assert all(w.kind == "off" and w.shift in ("B", "C", "D", "E") and w.weight == 2 for w in prefer)
        avoid = [w for w in december.wishes if december.people[w.person].id == "KF010"]
        assert all(w.kind == "off" and w.shift == "C" for w in avoid)

    def test_covers_duty_rules(self, december):
        promo = {(c.shift, c.role): c.minimum for c in december.covers if c.day == 11}
        assert promo == {(s, r): n for s in "ABC" for r, n in (("presale", 5), ("aftersale", 2))}
        assert len(december.covers) == 31 * 6 and all(c.under_hard for c in december.covers)
        assert december.duty_per_day == 1 and december.duty_shift == "C"
        assert december.forbidden_successions == {("C", "A"), ("C", "E")}   # C ends 24:00, E starts 10:00: 10 h
        assert december.people[0].max_consecutive_work == 7 and december.people[0].min_consecutive_off == 2
        assert december.people[0].min_consecutive_work is None and december.people[0].max_weekends is None
        assert december.settings["min_consecutive_off"].hard is False
        assert december.settings["coverage"].hard is True and december.edge_exempt

    def test_history_from_previous_month(self, example):
        inst = build_month_instance(*example, 2026, 12, previous={"KF001": ["A"] * 29 + ["OFF", "c"]})
        assert inst.people[0].history[-2:] == ("OFF", "C") and inst.people[1].history == ()

    def test_unknown_history_code_is_an_input_error(self, example):
        with pytest.raises(InputError, match="unknown code"):
            build_month_instance(*example, 2026, 12, previous={"KF001": ["X"]})

    def test_leave_when_not_employed_is_an_input_error(self, example):
        policy, team = example
        bad = Request("KF021", date(2026, 12, 2), date(2026, 12, 3), "AL", None, None, 99)
        with pytest.raises(InputError, match="not employed") as err:
            build_month_instance(policy, replace(team, requests=team.requests + (bad,)), 2026, 12)
        assert err.value.row == 99

    def test_statutory_month(self, example):
        inst = build_month_instance(*example, 2026, 10)
        holidays = [d.date.day for d in inst.days if d.statutory]
        assert 1 in holidays and all(inst.days[d - 1].day_type == "holiday" for d in holidays)
        assert {c.minimum for c in inst.covers if c.day == 0} == {1, 2}
        assert all(c.over_weight == 20 for c in inst.covers if c.day == 0)


class TestRestForLongestRun:
    """A part month's rest days are never fewer than the max-consecutive rule needs whatever run of work
    the previous month ends with (roster.monthly.rest_for_longest_run)."""

    @pytest.mark.parametrize("employed, fixed, statutory, most, needed", [
        (range(0, 18), {}, (), 7, 3),        # leaver 1-18: after 7 days at work, breaks on days 1, 9, 17
        (range(0, 15), {}, (), 7, 2),        # leaver 1-15: days 1 and 9
        (range(0, 8), {}, (), 7, 1),         # leaver 1-8: one break
        (range(13, 31), {}, (), 7, 2),       # hire from the 14th: nothing carried in, 7 + 1 + 7 + 1 + 2
        (range(0, 18), {2: "AL"}, (), 7, 2),  # approved leave on the 3rd breaks the carried run
        (range(0, 18), {}, (0,), 7, 2),      # so does a statutory holiday on the 1st (rest there is HOL)
        (range(0, 18), {}, (), 6, 3),        # 6 in a row: breaks on days 1, 8, 15
    ])
    def test_fewest_breaks(self, employed, fixed, statutory, most, needed):
        codes = {(0, d): NA for d in range(31) if d not in employed} | {(0, d): c for d, c in fixed.items()}
        assert rest_for_longest_run(0, make_days(31, statutory), codes, most) == needed

    def test_the_carried_run_makes_the_prorated_count_impossible(self, make, solved):
        """One person employed the first 18 of 31 days after 6 days at work, at most 7 in a row: on the
        prorated 2 rest days no roster exists; on the 3 counted here one does."""
        def month(rest_days):
            return make(people=1, days=31, shifts=("A",), fixed={(0, d): NA for d in range(18, 31)},
                        person={"rest_days": rest_days, "max_consecutive_work": 7, "history": ("A",) * 6},
                        settings={"rest_days": Setting(True, 1), "max_consecutive_work": Setting(True, 1)})
        assert solved(month(2)).status == "INFEASIBLE"
        assert rest_for_longest_run(0, make_days(31), {(0, d): NA for d in range(18, 31)}, 7) == 3
        result = solved(month(3))
        assert result.status == "OPTIMAL" and result.assignment.codes[0][:18].count(OFF) == 3

    def test_only_part_months_are_raised(self, example, tmp_path):
        """Whole months keep the shop's rest days: a whole month that cannot hold them is a conflict the
        solve explains, not something to change silently."""
        text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
        rule = "[roster.rules.max_consecutive_work]  # Labour Law art. 38 would mean 6; 7 fits 4 rest days a month\nhard = true\ndays = 7"
        assert rule in text
        (tmp_path / "policy.toml").write_text(text.replace(rule, rule[:-1] + "3"), encoding="utf-8")
        inst = build_month_instance(load_policy(tmp_path / "policy.toml"), example[1], 2026, 12)
        assert inst.people[person(inst, "KF001")].rest_days == 4          # whole month: 4, though 3 in a row needs 7
        assert inst.people[person(inst, "KF028")].rest_days == 5          # 1-18 after 3 at work: breaks on 1, 5, 9, 13, 17


class TestRestDayWords:
    """The supervisor is told when a part month gets more rest days than prorating gives, and why."""

    def test_the_leaver_raised_to_three_is_named(self, december):
        leaver = december.people[person(december, "KF028")]
        assert leaver.run_rest_days == 1
        [line] = rest_day_words(december)
        assert line.startswith("KF028 ") and "在职 18 天" in line and "折算为 2 天" in line
        assert "连续上班超过 7 天" in line and "排 3 天公休" in line

    def test_nobody_raised_nothing_said(self, december):
        hire = december.people[person(december, "KF021")]       # hired on the 14th: prorated 2 suffice
        assert hire.run_rest_days == 0
        plain = replace(december, people=[replace(p, run_rest_days=0) for p in december.people])
        assert rest_day_words(plain) == []
