"""The independent validator on hand-made rosters: a clean one, then one break per rule."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from roster.instance import Assignment, Cover, Instance, InstanceDay, Person, Setting, ShiftType, Wish
from roster.validate import CHECKS, check

START = date(2026, 12, 1)          # Tuesday; day 2 (12-03) is made a statutory holiday below
N_DAYS = 7


def make_instance(**changes) -> Instance:
    days = []
    for d in range(N_DAYS):
        day = START + timedelta(days=d)
        wd = day.weekday()
        days.append(InstanceDay(d, wd, day, statutory=(d == 2),
                                day_type="holiday" if d == 2 else "weekend" if wd >= 5 else "weekday",
                                weekend_index=0 if wd >= 5 else None))
    base = dict(rest_days=2, max_consecutive_work=4, fair_group=None)
    people = [
        Person("KF001", "周静", "lead", duty_eligible=True, **base),
        Person("KF002", "陈浩", "presale", duty_eligible=True, **{**base, "fair_group": "presale"}),
        Person("KF003", "林晓雯", "presale", min_consecutive_off=2, **{**base, "fair_group": "presale"}),
        Person("KF004", "王芳", "aftersale", **{**base, "rest_days": 1}),
        Person("KF005", "李娜", "presale", **{**base, "rest_days": 1, "fair_group": "presale"}),
    ]
    settings = {r: Setting(hard=True) for r in ("rest_days", "statutory_holidays", "coverage", "duty", "succession",
                                                 "max_consecutive_work", "min_consecutive_work", "leave",
                                                 "shift_limits", "working_minutes", "max_weekends")}
    settings.update(min_consecutive_off=Setting(hard=False, weight=3),
                    day_off_requests=Setting(hard=False, weight=10),
                    shift_preferences=Setting(hard=False, weight=3),
                    fair_late_shifts=Setting(hard=False, weight=2),
                    fair_weekend_rest=Setting(hard=False, weight=2),
                    fair_duty=Setting(hard=False, weight=2),
                    fair_holiday_work=Setting(hard=False, weight=2),
                    shift_stability=Setting(hard=False, weight=1))
    inst = Instance(
        name="tiny-2026-12", days=days,
        shifts=[ShiftType("A", 480, 540, 1080), ShiftType("C", 480, 900, 1440)],
        people=people,
        fixed={(4, 0): "NA", (4, 1): "NA", (3, 6): "AL"},
        covers=[Cover(d, "A", "presale", 1) for d in range(N_DAYS)],
        forbidden_successions={("C", "A")},
        wishes=[Wish(2, 6, None, "off", 10, rule_id="day_off_requests"),
                Wish(3, 3, "C", "off", 3)],
        duty_per_day=1, duty_shift="C", fair_shift="C", settings=settings)
    for key, value in changes.items():
        setattr(inst, key, value)
    return inst


CLEAN = {
    "KF001": "C C C OFF OFF C C",
    "KF002": "A A HOL C C OFF OFF",
    "KF003": "A OFF A A A A OFF",
    "KF004": "OFF A HOL A A A AL",
    "KF005": "NA NA A A OFF A A",
}
CLEAN_DUTY = [0, 0, 0, 1, 1, 0, 0]


def roster(**rows) -> Assignment:
    codes = {**CLEAN, **rows}
    return Assignment([codes[p].split() for p in ("KF001", "KF002", "KF003", "KF004", "KF005")],
                      [[p] for p in CLEAN_DUTY])


def rules_broken(inst, a) -> set[str]:
    return set(check(inst, a).violated_rules())


class TestCleanRoster:
    def test_no_violations_and_exact_soft_total(self):
        report = check(make_instance(), roster())
        assert report.violations == [], [str(v) for v in report.violations]
        # C shifts in group presale: 2 (陈浩), 0, 0 -> 2 x 2; weekend (12-05, 12-06) rests 1, 0, 1 -> 1 x 2;
        # holidays worked 0, 1, 1 -> 1 x 2; 林晓雯's lone day off on 12-02 -> 1 missing x 3
        assert report.penalty_by_rule() == {"fair_late_shifts": 4, "fair_weekend_rest": 2,
                                            "fair_holiday_work": 2, "min_consecutive_off": 3}
        assert report.total_penalty == 11

    def test_every_rule_has_a_check(self):
        for rule in ("rest_days", "statutory_holidays", "coverage", "duty", "succession", "max_consecutive_work",
                     "min_consecutive_work", "min_consecutive_off", "shift_limits", "working_minutes",
                     "max_weekends", "leave", "day_off_requests", "shift_preferences", "fair_late_shifts",
                     "fair_weekend_rest", "fair_duty", "fair_holiday_work", "shift_stability", "structure"):
            assert rule in CHECKS


class TestRestDays:
    def test_fifth_rest_day_named_in_words(self):
        report = check(make_instance(), roster(KF003="A OFF A A OFF A OFF"))
        v = next(v for v in report.violations if v.rule_id == "rest_days")
        assert str(v) == "每月公休（rest_days）：KF003 林晓雯 本月公休 3 天，规定恰好 2 天"
        assert (v.person, v.name, v.figures) == ("KF003", "林晓雯", {"rest_days": 3, "required": 2})

    def test_soft_rest_days_cost_weight_per_day(self):
        inst = make_instance()
        inst.settings["rest_days"] = Setting(hard=False, weight=100)
        report = check(inst, roster(KF003="A A A A OFF A A", KF005="NA NA A A A OFF A"))
        assert report.violations == [] and report.penalty_by_rule()["rest_days"] == 100


class TestStatutoryHolidays:
    def test_off_on_statutory_day(self):
        assert "statutory_holidays" in rules_broken(make_instance(), roster(KF002="A A OFF C C OFF HOL"))

    def test_hol_on_ordinary_day(self):
        report = check(make_instance(), roster(KF004="HOL A HOL A A A AL"))
        v = next(v for v in report.violations if v.rule_id == "statutory_holidays")
        assert v.date == date(2026, 12, 1) and "KF004 王芳 12-01（周二）" in v.words
        assert "记为节" in v.words and "不是法定节假日" in v.words

    def test_regular_rest_on_a_statutory_day_says_use_hol(self):
        report = check(make_instance(), roster(KF002="A A OFF C C OFF HOL"))
        v = next(v for v in report.violations if v.rule_id == "statutory_holidays")
        assert "12-03（周四，法定节假日）" in v.words and "应记为节" in v.words


class TestCoverage:
    def test_short_shift_names_day_shift_role_and_figures(self):
        a = roster(KF002="OFF A HOL C C OFF A", KF003="OFF OFF A A A A OFF")   # no presale A on 12-01
        report = check(make_instance(), a)
        v = next(v for v in report.violations if v.rule_id == "coverage")
        assert v.date == date(2026, 12, 1)
        assert v.figures == {"shift": "A", "role": "presale", "staffed": 0, "minimum": 1}
        assert v.words.startswith("12-01（周二）A班 presale：") and "需要 1 人" in v.words
        assert "缺 1 人" in v.words

    def test_role_names_word_the_message(self):
        a = roster(KF002="OFF A HOL C C OFF A", KF003="OFF OFF A A A A OFF")
        report = check(make_instance(), a, role_names={"presale": "售前"})
        v = next(v for v in report.violations if v.rule_id == "coverage")
        assert "A班 售前：到岗 0 人，需要 1 人，缺 1 人" in v.words
        assert v.figures["role"] == "presale"                  # the figures keep the role id

    def test_soft_cover_under_and_over(self):
        inst = make_instance(covers=[Cover(0, "A", None, 1, under_hard=False, under_weight=50, over_weight=7),
                                     Cover(1, "C", None, 3, under_hard=False, under_weight=50)])
        report = check(inst, roster())
        # day 0 A: 陈浩 and 林晓雯 -> 1 over x 7; day 1 C: only 周静 -> 2 short x 50
        assert report.penalty_by_rule()["coverage"] == 7 + 100
        assert "coverage" not in report.violated_rules()


class TestDuty:
    def test_day_without_duty(self):
        a = roster()
        a.duty[4] = []
        report = check(make_instance(), a)
        v = next(v for v in report.violations if v.rule_id == "duty")
        assert v.date == date(2026, 12, 5) and v.words.startswith("12-05（周六）没有值班人")
        assert "恰好 1 名" in v.words and "C班" in v.words

    def test_duty_on_wrong_shift_and_ineligible(self):
        a = roster()
        a.duty[0] = [2]                     # 林晓雯 is not duty-eligible and works A
        messages = [v.words for v in check(make_instance(), a).violations if v.rule_id == "duty"]
        assert any(m.startswith("KF003 林晓雯 12-01（周二）") and "不能值班" in m for m in messages)
        a.duty[0] = [1]                     # 陈浩 is eligible but works A
        messages = [v.words for v in check(make_instance(), a).violations if v.rule_id == "duty"]
        assert any("KF002 陈浩" in m and "上的是A班" in m and "值班须上C班" in m for m in messages)


class TestSuccession:
    def test_a_right_after_c(self):
        report = check(make_instance(), roster(KF001="C A C OFF OFF C C"))
        v = next(v for v in report.violations if v.rule_id == "succession")
        assert v.date == date(2026, 12, 2) and v.person == "KF001"
        assert str(v) == "班次衔接（succession）：KF001 周静 12-01（周二）上C班、12-02（周三）接A班（C → A 之间休息不足，禁止）"

    def test_from_history_into_day_0(self):
        inst = make_instance()
        inst.people[1] = replace(inst.people[1], history=("B", "C"))
        report = check(inst, roster())
        v = next(v for v in report.violations if v.rule_id == "succession")
        assert v.person == "KF002" and v.date == date(2026, 12, 1)
        assert "11-30（周一）上C班" in v.words and "12-01（周二）接A班" in v.words


class TestMaxConsecutiveWork:
    def test_run_too_long(self):
        assert "max_consecutive_work" in rules_broken(make_instance(), roster(KF003="A A A A A OFF OFF"))

    def test_history_counts(self):
        inst = make_instance()
        inst.people[2] = replace(inst.people[2], history=("OFF", "A", "A", "A", "A"))
        report = check(inst, roster())          # 林晓雯 starts December with A after four A
        v = next(v for v in report.violations if v.rule_id == "max_consecutive_work")
        assert v.figures == {"days": 5, "limit": 4}
        assert "11-27（周五）至 12-01（周二）连续上班 5 天" in v.words and "最多连续 4 天" in v.words

    def test_soft_costs_each_day_beyond(self):
        inst = make_instance()
        inst.settings["max_consecutive_work"] = Setting(hard=False, weight=5)
        report = check(inst, roster(KF003="A A A A A A OFF"))   # 6 in a row, limit 4 -> 2 days
        assert report.penalty_by_rule()["max_consecutive_work"] == 10


class TestMinConsecutive:
    def test_min_work_block_inside_horizon(self):
        inst = make_instance()
        inst.people[3] = replace(inst.people[3], min_consecutive_work=2)
        report = check(inst, roster(KF004="OFF A HOL A OFF A AL"))   # three lone A between rests
        days = {v.date for v in report.violations if v.rule_id == "min_consecutive_work"}
        assert days == {date(2026, 12, 2), date(2026, 12, 4), date(2026, 12, 6)}

    def test_edge_blocks_exempt_without_history_but_not_with_it(self):
        inst = make_instance()
        inst.people[0] = replace(inst.people[0], min_consecutive_work=4)
        a = roster(KF001="C OFF OFF C C C C")            # C on 12-01 touches the start: exempt
        assert "min_consecutive_work" not in rules_broken(inst, a)
        inst.people[0] = replace(inst.people[0], min_consecutive_work=4, history=("OFF", "C"))
        report = check(inst, a)                           # known: 2 days (11-30, 12-01) after a rest
        v = next(v for v in report.violations if v.rule_id == "min_consecutive_work")
        assert v.figures == {"days": 2, "minimum": 4}
        assert "KF001 周静 11-30（周一）至 12-01（周二）只连续上了 2 天班" in v.words and "至少连续上 4 天" in v.words

    def test_min_off_soft_weight_per_missing_day(self):
        report = check(make_instance(), roster())
        p = next(p for p in report.penalties if p.rule_id == "min_consecutive_off")
        assert (p.person, p.date, p.amount) == ("KF003", date(2026, 12, 2), 3)
        assert p.priced_words == "KF003 林晓雯 12-02（周三）只休了 1 天就上班，规定至少连休 2 天（1 × 权重 3）"
        assert str(p).startswith("最少连续休息（min_consecutive_off）：") and str(p).endswith("扣 3 分")


class TestLimits:
    def test_shift_limits(self):
        inst = make_instance()
        inst.people[0] = replace(inst.people[0], max_per_shift={"C": 4})
        report = check(inst, roster())
        v = next(v for v in report.violations if v.rule_id == "shift_limits")
        assert v.figures == {"shift": "C", "shifts": 5, "limit": 4}
        assert v.words == "KF001 周静 上了 5 个C班，最多 4 个"

    def test_working_minutes(self):
        inst = make_instance()
        inst.people[0] = replace(inst.people[0], max_minutes=2000, min_minutes=0)
        inst.people[3] = replace(inst.people[3], min_minutes=3000)
        report = check(inst, roster())
        msgs = [v.words for v in report.violations if v.rule_id == "working_minutes"]
        assert any(m.startswith("KF001 周静 工时 2400 分钟（40 小时）") and "最多 2000 分钟" in m for m in msgs)
        assert any(m.startswith("KF004 王芳 工时 1920 分钟（32 小时）") and "至少 3000 分钟" in m for m in msgs)

    def test_max_weekends(self):
        inst = make_instance()
        inst.people[0] = replace(inst.people[0], max_weekends=0)
        v = next(v for v in check(inst, roster()).violations if v.rule_id == "max_weekends")
        assert v.words == "KF001 周静 有 1 个周末上班，最多 0 个"


class TestLeave:
    def test_fixed_leave_honoured(self):
        report = check(make_instance(), roster(KF004="OFF A HOL A A A A"))
        v = next(v for v in report.violations if v.rule_id == "leave")
        assert v.date == date(2026, 12, 7) and v.figures == {"fixed": "AL", "code": "A"}
        assert v.words == "KF004 王芳 12-07（周一）已定为年假（年），排班表却是A班"


class TestStructure:
    def test_unknown_code_and_na_misuse(self):
        report = check(make_instance(), roster(KF003="X OFF A A A A OFF", KF005="A NA A A OFF A A"))
        msgs = [v.words for v in report.violations if v.rule_id == "structure"]
        assert any(m.startswith("KF003 林晓雯 12-01（周二）") and "“X”无法识别" in m for m in msgs)
        assert any(m.startswith("KF005 李娜 12-01（周二）排了A班") and "不在职" in m for m in msgs)  # before hire

    def test_na_on_employed_day(self):
        report = check(make_instance(), roster(KF003="NA OFF A A A A OFF"))
        assert any("记为不在职（—），但当天在职" in v.words for v in report.violations if v.rule_id == "structure")

    def test_wrong_shape_stops_early(self):
        a = roster()
        a.codes[0] = a.codes[0][:3]
        report = check(make_instance(), a)
        assert report.violated_rules() == ["structure"]


class TestSoftRules:
    def test_day_off_request_uses_the_wish_weight(self):
        report = check(make_instance(), roster(KF003="A OFF A A A OFF A"))
        p = next(p for p in report.penalties if p.rule_id == "day_off_requests")
        assert p.amount == 10 and p.priced_words.startswith("KF003 林晓雯 申请 12-07（周一）休息，却排了A班")

    def test_avoided_shift(self):
        report = check(make_instance(), roster(KF004="OFF A HOL C C A AL"))
        assert report.penalty_by_rule().get("shift_preferences") == 3
        [p] = [p for p in report.penalties if p.rule_id == "shift_preferences"]
        assert p.priced_words.startswith("KF004 王芳 希望 12-04（周五）不上C班，却排了C班")

    def test_fair_duty_among_eligible(self):
        inst = make_instance()
        inst.people[0] = replace(inst.people[0], fair_group="presale")
        report = check(inst, roster())     # 周静 5 duty days, 陈浩 2 -> 3 x 2
        assert report.penalty_by_rule()["fair_duty"] == 6
        [p] = [p for p in report.penalties if p.rule_id == "fair_duty"]
        assert "presale 组值班天数不均" in p.priced_words and "最少 2（KF002 陈浩）" in p.priced_words
        assert "最多 5（KF001 周静）" in p.priced_words
        named = check(inst, roster(), role_names={"presale": "售前"})
        assert any(p.priced_words.startswith("售前组值班天数不均") for p in named.penalties)

    def test_shift_stability(self):
        report = check(make_instance(), roster(KF001="C C C OFF OFF C A"))   # also C -> A
        assert report.penalty_by_rule()["shift_stability"] == 1
        [p] = [p for p in report.penalties if p.rule_id == "shift_stability"]
        assert p.priced_words.startswith("KF001 周静 12-07（周一）由C班换成A班")

    def test_soft_only_rules_absent_from_settings_cost_nothing(self):
        inst = make_instance()
        for rule in ("fair_late_shifts", "fair_weekend_rest", "fair_holiday_work"):
            del inst.settings[rule]
        assert check(inst, roster()).total_penalty == 3      # min_consecutive_off is still set


@pytest.mark.parametrize("rule", ["rest_days", "succession", "coverage"])
def test_a_hard_rule_made_soft_gives_penalties_not_violations(rule):
    inst = make_instance()
    inst.settings[rule] = Setting(hard=False, weight=9)
    a = roster(KF003="OFF OFF A A OFF A OFF", KF001="C A C OFF OFF C C")
    if rule == "coverage":
        inst.covers = [replace(c, under_hard=False, under_weight=9) for c in inst.covers]
    report = check(inst, a)
    assert rule not in report.violated_rules() and report.penalty_by_rule()[rule] > 0


class TestAgreesWithTheModel:
    """The validator rescores the solver's roster to the solver's own penalty, rule by rule."""

    @pytest.mark.parametrize("soft", [False, True])
    def test_tiny_month(self, soft):
        from roster.planner import Budget, SolverProfile, plan

        inst = make_instance()
        inst.people[0] = replace(inst.people[0], history=("A", "C"), min_consecutive_work=2)
        inst.people[1] = replace(inst.people[1], history=("C", "C", "C", "C"))
        if soft:
            for rule, weight in (("rest_days", 50), ("succession", 40), ("max_consecutive_work", 30),
                                 ("min_consecutive_work", 20), ("duty", 60)):
                inst.settings[rule] = Setting(hard=False, weight=weight)
            inst.people[2] = replace(inst.people[2], max_per_shift={"A": 2}, max_weekends=0)
            inst.settings["shift_limits"] = Setting(hard=False, weight=7)
            inst.settings["max_weekends"] = Setting(hard=False, weight=8)
        result = plan(inst, Budget(10), SolverProfile(workers=2))
        assert result.status == "OPTIMAL"
        report = check(inst, result.assignment)
        assert report.violations == [], [str(v) for v in report.violations]
        by_rule: dict[str, int] = {}
        for line in result.penalties:
            by_rule[line.rule_id] = by_rule.get(line.rule_id, 0) + line.amount
        assert report.penalty_by_rule() == by_rule
        assert report.total_penalty == result.objective
