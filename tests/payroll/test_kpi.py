"""read_kpi: the 月度考核 sheet with cell-precise errors, percent forms, 是/否, 通过/提交/无, extra columns."""
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from kefu.errors import InputError
from kefu.team import Employee, Team
from payroll.kpi import read_kpi


def emp(eid, row):
    return Employee(eid, eid, "presale", "P3", "一档", "绿源集市店", date(2024, 1, 1), date(2024, 4, 1), None,
                    False, None, None, None, None, row)


TEAM = Team(Path("team.xlsx"), (emp("KF001", 2), emp("KF002", 3)), ())
HEAD = ["工号", "考试成绩", "平时成绩", "参加月考", "打字速度", "打字正确率", "销售额", "月总结", "回复率", "备注"]


def sheet(tmp_path, rows, head=HEAD, percent_cells=()):
    wb = Workbook()
    ws = wb.active
    ws.title = "月度考核"
    ws.append(head)
    for r in rows:
        ws.append(r)
    for ref in percent_cells:
        ws[ref].number_format = "0.00%"
    path = tmp_path / "kpi.xlsx"
    wb.save(path)
    return path


ROW = ["KF001", 85, 90, "是", 95, 96, 250000, "通过", 99, "好"]


def test_reads_a_row(tmp_path):
    kpi = read_kpi(sheet(tmp_path, [ROW, ["KF002", None, None, "否", None, None, None, "无", None, None]]), TEAM)
    a, b = kpi.records["KF001"], kpi.records["KF002"]
    assert (a.exam_score, a.exam_taken, a.typing_accuracy, a.sales, a.monthly_summary) == (
        D(85), True, D(96), D(250000), "approved")
    assert (b.exam_taken, b.monthly_summary, b.sales, b.colleague_complaints) == (False, "none", None, 0)
    assert (a.note, b.note) == ("好", None)
    assert kpi.notices == []                   # 备注 is the sheet's own notes column


def test_unknown_column_is_ignored_with_a_notice(tmp_path):
    kpi = read_kpi(sheet(tmp_path, [["KF001", "x"]], head=["工号", "评语"]), TEAM)
    assert kpi.notices == ["kpi.xlsx，工作表 月度考核：“评语”列不是考核表的列，已忽略"]


def test_english_headers(tmp_path):
    path = sheet(tmp_path, [["KF001", 70, "submitted"]], head=["employee_id", "typing_speed", "monthly_summary"])
    rec = read_kpi(path, TEAM).records["KF001"]
    assert rec.typing_speed == D(70) and rec.monthly_summary == "submitted"


@pytest.mark.parametrize("value, fmt, expected", [
    (95, None, D(95)), ("95%", None, D(95)), ("95 %", None, D(95)), (0.95, "pct", D(95)), (100, None, D(100)),
])
def test_percent_forms(tmp_path, value, fmt, expected):
    row = ["KF001", None, None, None, None, value, None, None, None, None]
    path = sheet(tmp_path, [row], percent_cells=("F2",) if fmt else ())
    assert read_kpi(path, TEAM).records["KF001"].typing_accuracy == expected


def test_an_unformatted_fraction_is_read_as_written_with_a_notice(tmp_path):
    kpi = read_kpi(sheet(tmp_path, [["KF001", None, None, None, None, 0.95, None, None, None, None]]), TEAM)
    assert kpi.records["KF001"].typing_accuracy == D("0.95")
    assert "kpi.xlsx，工作表 月度考核，第 2 行，F 列（打字正确率）：0.95 按 0.95% 读入（95% 请填 95 或 95%）" in kpi.notices


@pytest.mark.parametrize("col, value, message, column, chinese", [
    (4, "abc", "expected a number", "E (打字速度)", "E 列（打字速度）：应填数字，现为“abc”"),
    (6, -1, "cannot be negative", "G (销售额)", "G 列（销售额）：不能为负数，现为 -1"),
    (5, "95percent", "percentage", "F (打字正确率)", "F 列（打字正确率）：应填百分数，如 95 或 95%，现为“95percent”"),
    (5, 120, "between 0 and 100", "F (打字正确率)", "F 列（打字正确率）：百分数应在 0 到 100 之间，现为 120"),
    (3, "也许", "是 or 否", "D (参加月考)", "D 列（参加月考）：应填 是 或 否，现为“也许”"),
    (7, "优秀", "通过, 提交 or 无", "H (月总结)", "H 列（月总结）：应填 通过、提交 或 无，现为“优秀”"),
])
def test_bad_cells_are_named(tmp_path, col, value, message, column, chinese):
    row = list(ROW)
    row[col] = value
    with pytest.raises(InputError) as exc:
        read_kpi(sheet(tmp_path, [row]), TEAM)
    assert message in exc.value.message and (exc.value.sheet, exc.value.row, exc.value.column) == (
        "月度考核", 2, column)
    assert exc.value.chinese() == f"kpi.xlsx，工作表 月度考核，第 2 行，{chinese}"


def test_unknown_employee(tmp_path):
    with pytest.raises(InputError, match="unknown 工号 KF999") as exc:
        read_kpi(sheet(tmp_path, [ROW, ["KF999"]]), TEAM)
    assert exc.value.row == 3 and exc.value.chinese().endswith("A 列（工号）：工号 KF999 不在员工表中")


def test_duplicate_employee(tmp_path):
    with pytest.raises(InputError, match="first on row 2") as exc:
        read_kpi(sheet(tmp_path, [ROW, ROW]), TEAM)
    assert exc.value.row == 3 and exc.value.column == "A (工号)"


def test_missing_id_column(tmp_path):
    with pytest.raises(InputError, match="missing column 工号"):
        read_kpi(sheet(tmp_path, [[85]], head=["考试成绩"]), TEAM)


def test_score_without_exam(tmp_path):
    row = list(ROW)
    row[3] = "否"
    with pytest.raises(InputError, match="参加月考 is 否"):
        read_kpi(sheet(tmp_path, [row]), TEAM)


def test_misconduct_stars(tmp_path):
    path = sheet(tmp_path, [["KF001", 2]], head=["工号", "严重违纪"])
    with pytest.raises(InputError, match="0, 3, 4 or 5") as exc:
        read_kpi(path, TEAM)
    assert exc.value.chinese().endswith("B 列（严重违纪）：严重违纪填星数 0、3、4 或 5，现为 2")


def test_require_names_the_blank_cell(tmp_path):
    rec = read_kpi(sheet(tmp_path, [["KF001", None, None, None, 100, None, None, None, None, None]]),
                   TEAM).records["KF001"]
    with pytest.raises(InputError) as exc:
        rec.require("typing_accuracy", "typing")
    assert (exc.value.row, exc.value.column) == (2, "F (打字正确率)")
    assert exc.value.chinese().endswith("第 2 行，F 列（打字正确率）：KF001 的“打字正确率”为空，但打字（typing）规则要用到它")


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "kpi.xlsx"
    bad.write_text("hello")
    with pytest.raises(InputError, match="not a readable"):
        read_kpi(bad, TEAM)


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _team():
    from roster.policy import load_policy
    from kefu.team import read_team
    policy = load_policy(EXAMPLES / "policy.toml")
    return read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))


class TestKpiOfAnotherMonth:
    """A KPI sheet that says it is of another month is refused with the place it says so."""

    def test_a_file_named_for_another_month(self, tmp_path):
        import shutil
        team = _team()
        path = tmp_path / "kpi-2026-10.xlsx"
        shutil.copy(EXAMPLES / "kpi-2026-11.xlsx", path)
        with pytest.raises(InputError) as e:
            read_kpi(path, team, (2026, 11))
        assert "文件名写的是 2026-10，--month 却是 2026-11" in e.value.chinese()
        assert read_kpi(path, team, (2026, 10)).records          # right month: read

    @pytest.mark.parametrize("value, ok", [("2026-11", True), ("2026年11月", True), ("2026-10", False)])
    def test_a_month_column(self, tmp_path, value, ok):
        from openpyxl import load_workbook
        wb = load_workbook(EXAMPLES / "kpi-2026-11.xlsx")
        ws = wb.worksheets[0]
        col = ws.max_column + 1
        ws.cell(1, col, "月份")
        ws.cell(2, col, value)
        path = tmp_path / "kpi.xlsx"
        wb.save(path)
        if ok:
            assert read_kpi(path, _team(), (2026, 11)).records
        else:
            with pytest.raises(InputError) as e:
                read_kpi(path, _team(), (2026, 11))
            assert e.value.row == 2 and "这一行是 2026-10 的考核" in e.value.chinese()
