"""The team workbook template: every column the reader knows, dropdowns from the policy, reads back."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kefu.team import REQUEST_HEADERS, TEAM_HEADERS, read_team
from roster.policy import load_policy
from roster.templates import write_team_template

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def policy():
    return load_policy(EXAMPLES / "policy.toml")


@pytest.fixture
def template(tmp_path, policy):
    return write_team_template(policy, tmp_path)


class TestTeamTemplate:
    def test_every_reader_column_has_a_header(self, template):
        wb = openpyxl.load_workbook(template)
        assert wb.sheetnames == ["员工", "请假与偏好"]
        assert [c.value for c in wb["员工"][1]] == [names[0] for names in TEAM_HEADERS.values()]
        assert [c.value for c in wb["请假与偏好"][1]] == [names[0] for names in REQUEST_HEADERS.values()]

    def test_dropdowns_offer_what_the_policy_accepts(self, template, policy):
        ws = openpyxl.load_workbook(template)["员工"]
        lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation
                 if dv.type == "list"}
        assert "售前" in lists["C"] and "售后" in lists["C"] and "主管" in lists["C"]     # 岗位
        assert "P6" in lists["D"] and "一档" in lists["E"] and "绿源天猫旗舰店" in lists["F"]

    def test_text_columns_are_formatted_as_text(self, template):
        ws = openpyxl.load_workbook(template)["员工"]
        headers = {c.value: c.column_letter for c in ws[1]}
        for name in ("工号", "身份证号", "银行账号"):
            assert ws.column_dimensions[headers[name]].number_format == "@" or ws[f"{headers[name]}3"].number_format == "@"

    def test_the_example_row_reads_back(self, template, policy):
        team = read_team(template, policy.team, tuple(policy.roster.shifts))
        (e,) = team.employees
        assert (e.employee_id, e.role, e.grade, e.duty_eligible) == ("KF001", "presale", "一档", True)
        (r,) = team.requests
        assert r.kind == "AL" and len(r.dates()) == 2

    def test_filled_like_a_user_with_the_example_team(self, template, policy):
        """Fill only the template's cells (by header) with the example team's rows: it reads as the example."""
        source = openpyxl.load_workbook(EXAMPLES / "team.xlsx")
        wb = openpyxl.load_workbook(template)
        for name in ("员工", "请假与偏好"):
            src, dst = source[name], wb[name]
            columns = {c.value: c.column for c in dst[1]}
            src_head = [c.value for c in src[1]]
            dst.delete_rows(2, dst.max_row)
            for r, row in enumerate(src.iter_rows(min_row=2, values_only=True), start=2):
                for header, value in zip(src_head, row):
                    if header in columns and value is not None:
                        dst.cell(r, columns[header], value)
        filled = template.parent / "filled.xlsx"
        wb.save(filled)
        mine = read_team(filled, policy.team, tuple(policy.roster.shifts))
        theirs = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
        strip = lambda t: [(e.employee_id, e.name, e.role, e.grade, e.shop, e.hire_date, e.duty_eligible)  # noqa: E731
                           for e in t.employees]
        assert strip(mine) == strip(theirs)
        assert [(r.employee_id, r.kind, r.start, r.end) for r in mine.requests] == \
            [(r.employee_id, r.kind, r.start, r.end) for r in theirs.requests]
