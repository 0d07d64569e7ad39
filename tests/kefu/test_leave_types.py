"""Leave types as policy data ([team.leave_types.<CODE>]): the policy's checks, the requests sheet, every
shipped leave code through a small month's solve (fixed in the grid with its mark), read back by
`roster check` from the grid and the CSV, and counted and paid by payroll attendance."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from payroll.attendance import month_attendance
from payroll.policy import load_payroll_policy
from payroll.rules.base_salary import leave_pay
from kefu.errors import InputError
from roster.excel import RunInfo, write_roster_files
from roster.instance import Assignment
from roster.monthly import build_month_instance
from roster.policy import CoverageRule, load_policy
from roster.roster_file import assignment_from_table, read_roster
from roster.planner import Budget, SolverProfile, plan
from kefu.team import read_team
from roster.validate import check

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# (employee, first day, last day, 类型 as a clerk writes it) -> the code the policy gives it
LEAVE = [("E1", "2026-06-08", "2026-06-10", "婚假", "MAR"), ("E2", "2026-06-01", "2026-06-30", "产假", "MAT"),
         ("E3", "2026-06-15", "2026-06-19", "护理假", "PAT"), ("E4", "2026-06-22", "2026-06-23", "丧假", "BL"),
         ("E5", "2026-06-05", "2026-06-05", "调休", "TX"), ("E6", "2026-06-12", "2026-06-12", "年假", "AL"),
         ("E6", "2026-06-26", "2026-06-26", "事", "PL"), ("E1", "2026-06-29", "2026-06-29", "sick", "SL")]
MARKS = {"MAR": "婚", "MAT": "产", "PAT": "陪", "BL": "丧", "TX": "调", "AL": "年", "PL": "事", "SL": "病"}


def team_book(path: Path, leave=LEAVE, people: int = 7) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "员工"
    ws.append(["工号", "姓名", "岗位", "薪资档", "入职日期", "可值班"])
    for i in range(1, people + 1):
        ws.append([f"E{i}", f"员工{i}", "售前", "二档", date(2020, 1, 1), "是"])
    rq = wb.create_sheet("请假与偏好")
    rq.append(["工号", "开始日期", "结束日期", "类型"])
    for eid, first, last, kind, _ in leave:
        rq.append([eid, first, last, kind])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def policy():
    """The example policy (all eight leave types) with one presale per shift a day and no soft rule
    weighing anything: a small month whose optimum (0) the solver proves at once."""
    p = load_policy(EXAMPLES / "policy.toml")
    one = {"A": {"presale": 1}, "B": {"presale": 1}, "C": {"presale": 1}}
    rules = p.roster.rules
    soft = {k: getattr(rules, k).model_copy(update={"weight": 0}) for k in
            ("fair_late_shifts", "fair_weekend_rest", "fair_duty", "fair_holiday_work", "shift_stability")}
    rules = rules.model_copy(update={"coverage": CoverageRule(minimum={"weekday": one}), **soft,
                                     "min_consecutive_off": rules.min_consecutive_off.model_copy(update={"enabled": False})})
    return p.model_copy(update={"roster": p.roster.model_copy(update={"rules": rules})})


class TestLeaveTypesPolicy:
    """The table is checked once, when the policy is loaded; a problem names the key."""

    def _load(self, tmp_path, old: str, new: str):
        text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
        assert old in text
        path = tmp_path / "policy.toml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return load_policy(path)

    def test_example_ships_eight_types(self):
        leave = load_policy(EXAMPLES / "policy.toml").team.leave
        assert leave.codes == ("AL", "PL", "SL", "MAR", "MAT", "PAT", "BL", "TX")
        assert leave.annual_code == "AL" and not leave["TX"].attended

    def test_without_the_table_the_three_old_types(self, tmp_path):
        text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
        start, end = text.index("[team.leave_types.AL]"), text.index("# ------------------------------------------------------------------ working time")
        path = tmp_path / "policy.toml"
        path.write_text(text[:start] + text[end:], encoding="utf-8")
        assert load_policy(path).team.leave.codes == ("AL", "PL", "SL")

    def test_mark_must_be_one_character(self, tmp_path):
        with pytest.raises(InputError, match="mark"):
            self._load(tmp_path, 'mark = "婚"', 'mark = "婚假"')

    def test_ratio_needs_pay_ratio(self, tmp_path):
        with pytest.raises(InputError, match="pay_ratio"):
            self._load(tmp_path, 'name = "婚假"\nmark = "婚"\npay = "full"', 'name = "婚假"\nmark = "婚"\npay = "ratio"')

    def test_one_spelling_one_type(self, tmp_path):
        with pytest.raises(InputError, match="'sick' names both"):
            self._load(tmp_path, 'aliases = ["bereavement"]', 'aliases = ["sick"]')

    def test_leave_spelling_may_not_be_a_shift(self, tmp_path):
        with pytest.raises(InputError, match="shift id"):
            self._load(tmp_path, 'aliases = ["补休", "compensatory"]', 'aliases = ["补休", "a"]')

    def test_unknown_key_rejected(self, tmp_path):
        with pytest.raises(InputError, match="unknown key team.leave_types.TX.paid"):
            self._load(tmp_path, 'attended = false', 'attended = false\npaid = true')


class TestRequestsSheet:
    """Approved leave of any type the policy lists, by code, name, mark or alias; anything else names its cell."""

    def test_every_spelling_reads_as_its_code(self, policy, tmp_path):
        team = read_team(team_book(tmp_path / "t.xlsx"), policy.team, tuple(policy.roster.shifts))
        assert [r.kind for r in team.requests] == [code for *_, code in LEAVE]

    def test_unknown_leave_name_names_the_cell(self, policy, tmp_path):
        path = team_book(tmp_path / "t.xlsx", [("E1", "2026-06-08", "2026-06-08", "探亲假", "")])
        with pytest.raises(InputError) as exc:
            read_team(path, policy.team, tuple(policy.roster.shifts))
        err = exc.value
        assert (err.sheet, err.row) == ("请假与偏好", 2) and "类型" in err.column
        assert "探亲假" in str(err) and "婚假" in err.zh

    def test_longer_than_the_policy_allows_names_the_end_cell(self, policy, tmp_path):
        path = team_book(tmp_path / "t.xlsx", [("E1", "2026-06-08", "2026-06-11", "婚假", "")])   # 4 > 3 days
        with pytest.raises(InputError) as exc:
            read_team(path, policy.team, tuple(policy.roster.shifts))
        assert exc.value.row == 2 and "结束日期" in exc.value.column and "max_days" in str(exc.value)

    def test_leave_on_the_policy_limit_is_accepted(self, policy, tmp_path):
        path = team_book(tmp_path / "t.xlsx", [("E1", "2026-06-08", "2026-06-10", "婚假", "")])   # exactly 3
        assert read_team(path, policy.team, tuple(policy.roster.shifts)).requests[0].kind == "MAR"


@pytest.fixture(scope="module")
def solved(policy, tmp_path_factory):
    """June 2026 for seven people with every leave type requested, solved, validated and written."""
    out = tmp_path_factory.mktemp("leave")
    team = read_team(team_book(out / "team.xlsx"), policy.team, tuple(policy.roster.shifts))
    inst = build_month_instance(policy, team, 2026, 6)
    result = plan(inst, Budget(15), SolverProfile(workers=1, seed=7))
    assert result.status == "OPTIMAL"
    report = check(inst, result.assignment)
    assert report.violations == [] and report.total_penalty == result.rule_penalty
    write_roster_files(out, inst, result.assignment, report, RunInfo(month="2026-06"))
    return policy, team, inst, result.assignment, out


class TestLeaveThroughTheMonth:
    """Requests sheet → fixed cells → the grid's marks → read back (grid and CSV) → payroll attendance."""

    def test_every_leave_day_is_fixed_in_the_roster(self, solved):
        _, team, inst, a, _ = solved
        ids = [p.id for p in inst.people]
        for eid, first, last, _, code in LEAVE:
            p = ids.index(eid)
            for d in range(date.fromisoformat(first).day - 1, date.fromisoformat(last).day):
                assert a.codes[p][d] == code, (eid, d + 1)

    def test_grid_shows_each_mark(self, solved):
        *_, out = solved
        ws = load_workbook(out / "roster-2026-06.xlsx")["排班表"]
        rows = {ws.cell(r, 1).value: r for r in range(5, 12)}
        for eid, first, _, _, code in LEAVE:
            assert ws.cell(rows[eid], 3 + date.fromisoformat(first).day).value == MARKS[code]

    def test_totals_count_each_type(self, solved):
        *_, out = solved
        rows = list(load_workbook(out / "roster-2026-06.xlsx")["统计"].iter_rows(values_only=True))
        totals = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
        assert (totals["E1"]["婚假"], totals["E1"]["病假"], totals["E2"]["产假"], totals["E5"]["调休"]) == (3, 1, 30, 1)

    @pytest.mark.parametrize("name", ["roster-2026-06.xlsx", "roster-2026-06.csv"])
    def test_check_reads_it_back_clean(self, solved, name):
        policy, _, inst, a, out = solved
        table = read_roster(out / name, tuple(policy.roster.shifts), policy.team.leave)
        back = assignment_from_table(inst, table)
        assert back.codes == a.codes
        assert check(inst, back).violations == []

    def test_a_leave_code_is_not_a_worked_day(self, solved):
        policy, _, inst, a, _ = solved
        p = [x.id for x in inst.people].index("E2")                  # 产假 all month
        assert a.codes[p] == ["MAT"] * 30 and inst.people[p].rest_days == 0
        broken = [row[:] for row in a.codes]
        broken[p][3] = "A"
        assert "leave" in check(inst, Assignment(broken, a.duty)).violated_rules()

    def test_payroll_counts_and_pays_each_type(self, solved):
        policy, team, _, _, out = solved
        table = read_roster(out / "roster-2026-06.csv", tuple(policy.roster.shifts), policy.team.leave)
        att = month_attendance(table, team, policy.roster, 2026, 6)
        assert att["E1"].leave == {"MAR": 3, "SL": 1} and att["E2"].leave == {"MAT": 30}
        assert att["E5"].leave == {"TX": 1} and att["E5"].attended_leave_days == 0
        assert att["E3"].other_leave_days == 5 and att["E3"].attended_leave_days == 5
        e6 = att["E6"]
        assert (e6.annual_leave_days, e6.personal_leave_days, e6.sick_leave_days) == (1, 1, 0)
        pay = load_payroll_policy(EXAMPLES / "policy.toml")
        assert leave_pay("E2", Decimal(4000), att["E2"].leave, pay, policy.team.leave) == []   # 产假 paid
        [pl] = leave_pay("E6", Decimal(4000), e6.leave, pay, policy.team.leave)
        assert (pl.rule_id, pl.amount) == ("unpaid_leave", Decimal("-183.91"))              # 4000 / 21.75
        [sl] = leave_pay("E1", Decimal(4000), att["E1"].leave, pay, policy.team.leave)
        assert (sl.rule_id, sl.amount) == ("sick_leave", Decimal("-36.78"))                 # × (1 − 0.8)


class TestLeaveCountingAsRestDay:
    """counts_as_rest_day: each day of such leave takes one of the month's regular rest days."""

    def test_rest_days_reduced(self, policy, tmp_path):
        leave = dict(policy.team.leave_types)
        leave["TX"] = leave["TX"].model_copy(update={"counts_as_rest_day": True})
        p = policy.model_copy(update={"team": policy.team.model_copy(update={"leave_types": leave})})
        team = read_team(team_book(tmp_path / "t.xlsx", [("E1", "2026-06-03", "2026-06-04", "调休", "TX")]),
                         p.team, tuple(p.roster.shifts))
        inst = build_month_instance(p, team, 2026, 6)
        assert [x.rest_days for x in inst.people][:2] == [2, 4]
