"""Hours said up front (roster.hours): the least overtime the rest-day rule forces, lawful extra
rest days, the conflict explained (hard) or warned about (soft), and the hours in the summary,
the 统计 and 说明 sheets and `roster check`.

January 2027 under the example policy: 20 legal working days (21 weekdays less 元旦, a Friday) =
160 h; 31 days less 4 rest days less 元旦 = 26 days × 8 h = 208 h, 48 h over the standard against a
36-h cap: 12 h too many = 1.5 days of 8 h, so 2 more rest days (6 in all) make it lawful.
"""
from __future__ import annotations

import csv
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from roster.cli import main
from roster.explain import explain_infeasible
from roster.hours import least_overtime, over_cap, with_lawful_rest
from roster.instance import Cover
from roster.monthly import build_month_instance
from roster.policy import load_policy
from roster.planner import SolverProfile
from kefu.team import read_team
from kefu.working_time import MonthStandard, WorkingTimePolicy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TEAM, POLICY = EXAMPLES / "team.xlsx", EXAMPLES / "policy.toml"
SOLVER = ["--time-limit", "6", "--workers", "2", "--seed", "1"]
JANUARY_WORDS = ("1 月工作日 20 天（160 小时）；4 天公休要上班 26 天 = 208 小时，加班 48 小时，超过上限 36 小时")


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def policy_file(tmp_path, lawful_extra: bool = True, hard: bool = True) -> Path:
    """The example policy with the switch and the hours rule's hardness set."""
    text = POLICY.read_text(encoding="utf-8")
    text = text.replace("lawful_extra = true", f"lawful_extra = {str(lawful_extra).lower()}")
    old = "[roster.rules.overtime_limit]       # Labour Law art. 41: planned overtime at most [working_time]'s\n" \
          "enabled = true                      # overtime_limit_monthly_hours (36 h), prorated for part months;\n" \
          "hard = true"
    assert old in text
    text = text.replace(old, old[:-4] + str(hard).lower())
    path = tmp_path / f"policy-{lawful_extra}-{hard}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def january(path: Path):
    policy = load_policy(path)
    team = read_team(TEAM, policy.team, tuple(policy.roster.shifts))
    return build_month_instance(policy, team, 2027, 1)


STANDARD = MonthStandard(2026, 6, 5, Decimal(40), Decimal(8))


def small(make, settings=None):
    """Two people, one week (Mon 2026-06-01), no rest days asked, 40-h standard, 8-h cap: the rest
    rule leaves each 7 days = 56 h, 16 h over the standard; one more rest day (48 h) is lawful."""
    return make(people=2, days=7, working_time=WorkingTimePolicy(), month_standard=STANDARD,
                person={"month_standard": STANDARD, "overtime_cap": 480, "rest_days": 0},
                covers=[Cover(d, "A", None, 1) for d in range(7)], settings=settings or {})


class TestLeastOvertime:
    def test_january_without_the_switch(self, tmp_path):
        inst = january(policy_file(tmp_path, lawful_extra=False))
        full = [p for p, person in enumerate(inst.people) if person.rest_days == 4]
        x = least_overtime(inst, full[0])
        assert (x.working_days, x.standard, x.must_work, x.overtime, x.cap) == (20, 160 * 60, 26, 48 * 60, 36 * 60)
        assert x.extra_rest == 2
        assert {y.person for y in over_cap(inst)} == set(full)

    def test_december_is_within_the_cap(self, tmp_path):
        # 23 working days = 184 h; 27 days worked = 216 h, 32 h over: within 36
        policy = load_policy(policy_file(tmp_path, lawful_extra=False))
        team = read_team(TEAM, policy.team, tuple(policy.roster.shifts))
        inst = build_month_instance(policy, team, 2026, 12)
        assert over_cap(inst) == []
        assert least_overtime(inst, 0).overtime == 32 * 60

    def test_on_the_boundary_and_off(self, make):
        inst = small(make)
        assert least_overtime(inst, 0).overtime == 16 * 60 and least_overtime(inst, 0).extra_rest == 1
        inst.people[0] = replace(inst.people[0], rest_days=1)
        assert least_overtime(inst, 0).overtime == 8 * 60 and [x.person for x in over_cap(inst)] == [1]
        inst.people[1] = replace(inst.people[1], overtime_cap=None)
        assert least_overtime(inst, 1) is None and over_cap(inst) == []


class TestLawfulExtra:
    def test_january_gets_six_rest_days(self, tmp_path):
        inst = january(policy_file(tmp_path))
        full = [person for person in inst.people if person.extra_rest_days]
        assert full and all(person.rest_days == 6 and person.extra_rest_days == 2 for person in full)
        assert all(person.holiday_rest_days for person in inst.people)
        assert over_cap(inst) == []

    def test_forced_overtime_is_explained_then_planned_lawfully(self, make, solved):
        inst = small(make)
        assert solved(inst).status == "INFEASIBLE"
        why = explain_infeasible(inst, 5, SolverProfile(workers=1, seed=7))
        assert why.conflicting_rules == ["rest_days", "overtime_limit"]
        assert "加班 16 小时，超过上限 8 小时：再休 1 天（共 1 天公休）" in str(why)
        lawful = with_lawful_rest(inst)
        assert [person.rest_days for person in lawful.people] == [1, 1]
        r = solved(lawful)
        assert r.status == "OPTIMAL" and all(row.count("OFF") == 1 for row in r.assignment.codes)

    def test_a_holiday_worked_may_be_given_back(self, make, solved):
        # day 6 a statutory holiday both must cover: 6 days worked with 1 rest day = 40 h + 8 h on
        # the holiday = 8 h, the cap; without the given-back rest day it would be 16 h
        inst = small(make)
        inst.days = [replace(d, statutory=d.index == 6) for d in inst.days]
        inst.covers = [Cover(d, "A", None, 2 if d == 6 else 1) for d in range(7)]
        lawful = with_lawful_rest(inst)
        r = solved(lawful)
        assert r.status == "OPTIMAL"
        assert all(row[6] == "A" and row.count("OFF") == 1 for row in r.assignment.codes)


class TestUpFront:
    def test_hard_without_the_switch_exits_2_in_words(self, tmp_path):
        out = tmp_path / "out"
        result = run("solve", "--team", TEAM, "--policy", policy_file(tmp_path, lawful_extra=False), "--month",
                     "2027-01", "--out", out, *SOLVER)
        assert result.exit_code == 2, result.output
        assert "排班 2027-01：硬约束无法同时满足，未写出任何文件。" in result.stdout
        assert "KF001 周静" in result.stdout
        assert f"{JANUARY_WORDS}：再休 2 天（共 6 天公休）或把班次缩短到每班不超过 7 小时 32 分可合法" in result.stdout
        assert not out.exists()

    def test_the_switch_says_what_it_gave(self, tmp_path):
        out = tmp_path / "out"
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2027-01", "--out", out, *SOLVER)
        assert result.exit_code == 0, result.output
        assert f"{JANUARY_WORDS}：已按 rest_days.lawful_extra 每人再休 2 天（共 6 天公休）" in result.stdout
        assert "每人的计划加班都在上限以内" in result.stdout
        totals = list(openpyxl.load_workbook(out / "roster-2027-01.xlsx")["统计"].iter_rows(values_only=True))
        header, rows = totals[0], [r for r in totals[1:] if r and r[0] and str(r[0]).startswith("KF")]
        col = {name: i for i, name in enumerate(header)}
        assert {"计划工时(小时)", "标准工时", "延时加班", "休息日加班", "法定节假日加班", "加班合计", "加班上限", "超上限"} <= set(col)
        for r in rows:
            ordinary = r[col["出勤天数"]] - r[col["节假日出勤"]]        # 8 h each; leave counts as attended
            leave = r[col["年假"]] + r[col["事假"]] + r[col["病假"]]
            assert r[col["休息日加班"]] == max(0, (ordinary + leave) * 8 - r[col["标准工时"]])
            assert r[col["计划工时(小时)"]] == 8 * r[col["出勤天数"]] and r[col["延时加班"]] == 0
            assert r[col["法定节假日加班"]] == 8 * r[col["节假日出勤"]]
            assert r[col["加班合计"]] <= r[col["加班上限"]] and r[col["超上限"]] is None
        about = {r[0]: r[1] for r in openpyxl.load_workbook(out / "roster-2027-01.xlsx")["说明"].iter_rows(
            min_row=2, values_only=True)}
        assert about["工时制度 working time"] == "标准工时制"
        assert about["本月标准工时 standard"] == "20 个工作日，160 小时"

    def test_soft_without_the_switch_solves_and_charges_the_hours(self, tmp_path):
        out = tmp_path / "out"
        result = run("solve", "--team", TEAM, "--policy", policy_file(tmp_path, lawful_extra=False, hard=False),
                     "--month", "2027-01", "--out", out, *SOLVER)
        assert result.exit_code == 0, result.output
        assert "注意：按每月公休天数，下列人员的加班必然超过上限" in result.stdout
        assert "加班上限（overtime_limit）" in result.stdout and "加班超过上限" in result.stdout
        # everyone full-month: at least 12 h above the cap, weight 100 an hour
        # the hours no roster can avoid are part of everyone's baseline, said once
        baseline = next(line for line in result.stdout.splitlines() if "是任何排班都免不了的" in line)
        assert "加班上限（overtime_limit）" in baseline


class TestCheckNamesTheHours:
    def test_hand_made_csv_over_the_cap(self, tmp_path):
        # KF004 rests only 12-01 to 12-03 and works the other 28 days of December: 224 h against
        # 23 working days = 184 h, 40 h of rest-day time, 4 h above the 36-h cap
        policy = load_policy(POLICY)
        team = read_team(TEAM, policy.team, tuple(policy.roster.shifts))
        inst = build_month_instance(policy, team, 2026, 12)
        path = tmp_path / "roster-2026-12.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["employee_id", "date", "code", "duty"])
            for p, person in enumerate(inst.people):
                for d, day in enumerate(inst.days):
                    code = inst.fixed.get((p, d)) or ("OFF" if d in (0, 1, 2) and person.id == "KF004" else "A")
                    w.writerow([person.id, day.date.isoformat(), code, 0])
        result = run("check", path, "--team", TEAM, "--policy", POLICY)
        assert result.exit_code == 1, result.output
        assert ("加班上限（overtime_limit）：KF004 王芳 本月计划工时 224 小时，标准 184 小时，加班 40 小时"
                "（延时 0 / 休息日 40 / 法定节假日 0 小时），超过上限 36 小时 4 小时") in result.stdout


class TestComprehensiveHoursShown:
    def test_statistics_and_about_name_the_regime(self):
        # December 2026 under comprehensive hours by the quarter: 23 working days = 184 h; 27 days
        # of 8 h = 216 h, 32 h over the standard, shown as 超标准 (no 延时 / 休息日 split)
        from roster.excel import RunInfo, roster_workbook
        from roster.instance import Assignment
        from roster.validate import check

        policy = load_policy(POLICY)
        policy = policy.model_copy(update={"working_time": WorkingTimePolicy(regime="comprehensive", period="quarter",
                                                                             approval="沪人社综〔2026〕1号")})
        team = read_team(TEAM, policy.team, tuple(policy.roster.shifts))
        inst = build_month_instance(policy, team, 2026, 12)
        p = next(p for p, person in enumerate(inst.people) if person.rest_days == 4)
        codes = [["A"] * inst.n_days for _ in inst.people]
        codes[p] = ["OFF"] * 4 + ["A"] * (inst.n_days - 4)
        roster = Assignment(codes, [[] for _ in inst.days])
        wb = roster_workbook(inst, roster, check(inst, roster), RunInfo(month="2026-12"))
        rows = list(wb["统计"].iter_rows(values_only=True))
        col = {name: i for i, name in enumerate(rows[0])}
        assert "超标准加班" in col and "休息日加班" not in col and "延时加班" not in col
        row = next(r for r in rows if r[0] == inst.people[p].id)
        assert (row[col["计划工时(小时)"]], row[col["标准工时"]], row[col["超标准加班"]], row[col["加班合计"]],
                row[col["超上限"]]) == (216, 184, 32, 32, None)
        about = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
        assert about["工时制度 working time"] == "综合计算工时制（以季度为周期）（批准：沪人社综〔2026〕1号）"
