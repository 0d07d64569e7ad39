"""The team workbook reader: the example reads; every bad cell is named by sheet, row and column."""
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kefu.errors import InputError
from kefu.team import read_team
from roster.policy import load_policy

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def policy():
    return load_policy(EXAMPLES / "policy.toml")


def _read(policy, path):
    return read_team(path, policy.team, tuple(policy.roster.shifts))


def _edited(tmp_path, sheet: str, cell: str, value) -> Path:
    wb = load_workbook(EXAMPLES / "team.xlsx")
    wb[sheet][cell] = value
    out = tmp_path / "team.xlsx"
    wb.save(out)
    return out


class TestExampleTeam:
    def test_counts_and_roles(self, policy):
        team = _read(policy, EXAMPLES / "team.xlsx")
        roles = [e.role for e in team.employees]
        assert len(team.employees) == 30
        assert roles.count("presale") == 18 and roles.count("aftersale") == 9 and roles.count("lead") == 3
        assert {e.shop for e in team.employees} == {"绿源集市店", "绿源天猫旗舰店"}

    def test_mid_month_hire_and_leaver(self, policy):
        by_id = _read(policy, EXAMPLES / "team.xlsx").by_id()
        assert by_id["KF021"].hire_date == date(2026, 12, 14)
        assert not by_id["KF021"].employed_on(date(2026, 12, 13))
        assert by_id["KF028"].employed_on(date(2026, 12, 18))
        assert not by_id["KF028"].employed_on(date(2026, 12, 19))

    def test_requests(self, policy):
        team = _read(policy, EXAMPLES / "team.xlsx")
        kinds = {r.kind for r in team.requests}
        assert {"AL", "PL", "SL", "DAY_OFF", "PREFER", "AVOID"} <= kinds
        annual = next(r for r in team.requests if r.employee_id == "KF005" and r.kind == "AL")
        assert len(annual.dates()) == 3


class TestTeamErrors:
    def test_unknown_role(self, policy, tmp_path):
        with pytest.raises(InputError) as e:
            _read(policy, _edited(tmp_path, "员工", "C5", "美工"))
        assert (e.value.sheet, e.value.row) == ("员工", 5) and "岗位" in e.value.column
        assert "unknown role '美工'" in str(e.value)
        assert e.value.chinese().startswith("team.xlsx，工作表 员工，第 5 行，C 列（岗位）：未知岗位“美工”")
        assert "售前（presale）" in e.value.chinese()            # what may be written instead

    def test_duplicate_id(self, policy, tmp_path):
        with pytest.raises(InputError, match="duplicate 工号 KF001") as e:
            _read(policy, _edited(tmp_path, "员工", "A3", "KF001"))
        assert e.value.chinese().endswith("第 3 行，A 列（工号）：工号 KF001 重复（第 2 行已有）")

    def test_bad_date(self, policy, tmp_path):
        with pytest.raises(InputError, match="expected a date") as e:
            _read(policy, _edited(tmp_path, "员工", "G4", "last spring"))
        assert e.value.row == 4 and "应填日期，如 2026-12-01，现为“last spring”" in e.value.chinese()

    def test_missing_required_column(self, policy, tmp_path):
        with pytest.raises(InputError, match="missing column 岗位") as e:
            _read(policy, _edited(tmp_path, "员工", "C1", "职位"))
        assert e.value.chinese() == "team.xlsx，工作表 员工，第 1 行：缺少“岗位”列（表头也可写作 role）"

    def test_request_for_unknown_employee(self, policy, tmp_path):
        with pytest.raises(InputError, match="unknown 工号 KF999") as e:
            _read(policy, _edited(tmp_path, "请假与偏好", "A2", "KF999"))
        assert e.value.sheet == "请假与偏好" and "工号 KF999 不在员工表中" in e.value.chinese()

    def test_unknown_shift_in_request(self, policy, tmp_path):
        with pytest.raises(InputError, match="unknown shift 'X'") as e:
            _read(policy, _edited(tmp_path, "请假与偏好", "E12", "X"))
        assert "未知班次“X”；可填：A、B、C、D、E" in e.value.chinese()

    def test_bad_duty_flag(self, policy, tmp_path):
        with pytest.raises(InputError, match="expected 是 or 否") as e:
            _read(policy, _edited(tmp_path, "员工", "J2", "maybe"))
        assert "应填 是 或 否，现为“maybe”" in e.value.chinese()

    def test_not_a_workbook(self, policy, tmp_path):
        bad = tmp_path / "team.xlsx"
        bad.write_text("hello")
        with pytest.raises(InputError, match="not a readable .xlsx") as e:
            _read(policy, bad)
        assert e.value.chinese().startswith("team.xlsx：不是可读取的 .xlsx 工作簿")


class TestWhatTheReaderSays:
    """A missing optional sheet or column, and a malformed ID or account, are said in one line each."""

    @staticmethod
    def _team(tmp_path, change):
        import openpyxl
        from roster.policy import load_policy
        from kefu.team import read_team
        examples = Path(__file__).resolve().parents[2] / "examples"
        wb = openpyxl.load_workbook(examples / "team.xlsx")
        change(wb)
        path = tmp_path / "team.xlsx"
        wb.save(path)
        policy = load_policy(examples / "policy.toml")
        return read_team(path, policy.team, tuple(policy.roster.shifts))

    def test_the_example_team_reads_without_a_word(self, tmp_path):
        assert self._team(tmp_path, lambda wb: None).notices == ()

    def test_a_missing_requests_sheet_is_said_not_silent(self, tmp_path):
        def rename(wb):
            wb["请假与偏好"].title = "请假"
        team = self._team(tmp_path, rename)
        assert team.requests == ()
        assert any("没有“请假与偏好”工作表" in n for n in team.notices)

    def test_a_missing_duty_column_is_said(self, tmp_path):
        def drop(wb):
            ws = wb["员工"]
            ws.delete_cols([c.value for c in ws[1]].index("可值班") + 1)
        team = self._team(tmp_path, drop)
        assert not any(e.duty_eligible for e in team.employees)
        assert any("没有“可值班”列，所有人都不能值班" in n for n in team.notices)

    def test_a_bad_check_digit_and_letters_in_an_account_are_named(self, tmp_path):
        def spoil(wb):
            ws = wb["员工"]
            head = [c.value for c in ws[1]]
            ws.cell(3, head.index("身份证号") + 1).value = "310102198902021037"
            ws.cell(4, head.index("银行账号") + 1).value = "6222O21001004015838"
        notices = self._team(tmp_path, spoil).notices
        assert any(n.startswith("team.xlsx，工作表 员工，第 3 行，M 列（身份证号）：身份证号校验位不符") for n in notices)
        assert any("第 4 行" in n and "银行账号只能是数字" in n for n in notices)

    def test_an_id_number_stored_as_a_number_is_refused(self, tmp_path):
        def as_number(wb):
            ws = wb["员工"]
            ws.cell(3, [c.value for c in ws[1]].index("身份证号") + 1).value = 310102198902021036
        with pytest.raises(InputError) as e:
            self._team(tmp_path, as_number)
        assert "第 3 行" in e.value.chinese() and "末几位已丢失" in e.value.chinese()
