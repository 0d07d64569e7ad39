"""Roster files: the long CSV and the grid workbook written, hand-edited and read back."""
from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from kefu.errors import InputError
from roster.codes import parse_code
from roster.excel import RunInfo, write_roster_workbook
from roster.instance import Assignment
from roster.roster_file import (
    assignment_from_table, previous_codes, read_roster, write_roster_csv,
)
from roster.validate import check
from test_validate import make_instance, roster

SHIFTS = ("A", "C")


@pytest.fixture
def inst():
    return make_instance()


@pytest.fixture
def grid(tmp_path, inst):
    a = roster()
    path = tmp_path / "roster-2026-12.xlsx"
    info = RunInfo(month="2026-12", role_names={"presale": "售前", "aftersale": "售后", "lead": "主管"},
                   day_names=["", "", "元旦(测试)", "", "", "", ""])
    write_roster_workbook(path, inst, a, check(inst, a), info)
    return path


def same(a: Assignment, b: Assignment) -> bool:
    return a.codes == b.codes and [sorted(x) for x in a.duty] == [sorted(x) for x in b.duty]


class TestCodes:
    @pytest.mark.parametrize("text, expected", [
        ("A", ("A", False)), (" a ", ("A", False)), ("c★", ("C", True)), ("C 值", ("C", True)),
        ("C*", ("C", True)), ("休", ("OFF", False)), ("off", ("OFF", False)), ("节", ("HOL", False)),
        ("年", ("AL", False)), ("事假", ("PL", False)), ("病", ("SL", False)), ("—", ("NA", False)),
        ("X", None), ("休★", None), ("", None),
    ])
    def test_spellings(self, text, expected):
        assert parse_code(text, SHIFTS) == expected


class TestCsv:
    def test_round_trip(self, tmp_path, inst):
        a = roster()
        path = write_roster_csv(tmp_path / "r.csv", inst, a)
        rows = list(csv.reader(path.open(encoding="utf-8")))
        assert rows[0] == ["employee_id", "date", "code", "duty"]
        assert len(rows) == 1 + 5 * 7 - 2                      # 李娜 not employed on two days: no rows
        assert rows[1] == ["KF001", "2026-12-01", "C", "1"]
        table = read_roster(path, SHIFTS)
        assert (table.year, table.month) == (2026, 12)
        assert same(assignment_from_table(inst, table), a)
        assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]    # no temporary file left

    def test_chinese_codes_gb18030_and_markers(self, tmp_path, inst):
        a = roster()
        lines = ["工号,日期,班次,值班"]
        for p, person in enumerate(inst.people):
            for d in range(7):
                code = {"OFF": "休", "HOL": "节", "AL": "年假", "NA": "—"}.get(a.codes[p][d], a.codes[p][d].lower())
                on = p in a.duty[d]
                lines.append(f"{person.id},2026/12/{d + 1}, {code}{'★' if on else ''} ,")
        path = tmp_path / "hand.csv"
        path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
        assert same(assignment_from_table(inst, read_roster(path, SHIFTS)), a)

    @pytest.mark.parametrize("text, message, zh", [
        ("employee_id,date,duty\nKF001,2026-12-01,0\n", "row 1: missing column code",
         "第 1 行：缺少 code 列（也可写作 班次）"),
        ("employee_id,date,code,duty\nKF001,2026-12-01,C,1\nKF001,12/02/2026,C,0\n",
         "row 3, column B (date): expected a date like 2026-12-01, got '12/02/2026'",
         "第 3 行，B 列（date）：应填日期，如 2026-12-01，现为“12/02/2026”"),
        ("employee_id,date,code,duty\nKF001,2026-12-01,Q,1\n", "row 2, column C (code): unknown roster code 'Q'",
         "第 2 行，C 列（code）：无法识别的排班代码“Q”；可填 A、C、休、节、年、事、病"),
        ("employee_id,date,code,duty\nKF001,2026-12-01,C,yes please\n", "row 2, column D (duty): duty must be 0 or 1",
         "第 2 行，D 列（duty）：值班（duty）应填 0 或 1，现为“yes please”"),
        ("employee_id,date,code,duty\nKF001,2026-12-01,C,1\nKF001,2027-01-01,C,0\n",
         "row 3, column B (date): date 2027-01-01 is outside 2026-12",
         "第 3 行，B 列（date）：日期 2027-01-01 不在本排班表的月份 2026-12 内"),
        ("employee_id,date,code,duty\nKF001,2026-12-01,C,1\nKF001,2026-12-01,A,0\n",
         "row 3, column C (code): KF001 has two entries for 2026-12-01 (first on row 2)",
         "第 3 行，C 列（code）：KF001 在 2026-12-01 有两条记录（第一条在第 2 行）"),
        ("employee_id,date,code,duty\n", "the roster has no entries", "bad.csv：排班文件里没有任何记录"),
    ])
    def test_bad_cells_are_named(self, tmp_path, text, message, zh):
        path = tmp_path / "bad.csv"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as err:
            read_roster(path, SHIFTS)
        assert message in str(err.value) and str(err.value).startswith("bad.csv")
        assert zh in err.value.chinese() and err.value.chinese().startswith("bad.csv")

    def test_unknown_employee_and_missing_day(self, tmp_path, inst):
        a = roster()
        path = write_roster_csv(tmp_path / "r.csv", inst, a)
        text = path.read_text()
        (tmp_path / "ghost.csv").write_text(text + "KF999,2026-12-01,A,0\n")
        with pytest.raises(InputError, match=r"ghost.csv, row 35, column A \(employee_id\): unknown employee 'KF999'") as e:
            assignment_from_table(inst, read_roster(tmp_path / "ghost.csv", SHIFTS))
        assert e.value.chinese() == "ghost.csv，第 35 行，A 列（employee_id）：工号 KF999 不在员工表中"
        (tmp_path / "gap.csv").write_text(text.replace("KF003,2026-12-04,A,0\n", ""))
        with pytest.raises(InputError, match="no code for KF003 林晓雯 on 2026-12-04") as e:
            assignment_from_table(inst, read_roster(tmp_path / "gap.csv", SHIFTS))
        assert "KF003 林晓雯 2026-12-04（周五）没有排班" in e.value.chinese()

    def test_roster_of_another_month(self, tmp_path, inst):
        path = tmp_path / "nov.csv"
        path.write_text("employee_id,date,code,duty\nKF001,2026-11-30,C,1\n")
        with pytest.raises(InputError, match="the roster is for 2026-11 but the month planned is 2026-12") as e:
            assignment_from_table(inst, read_roster(path, SHIFTS))
        assert e.value.chinese() == "nov.csv：这是 2026-11 的排班表，要核对的却是 2026-12"

    def test_fill_from_for_repair(self, tmp_path, inst):
        path = write_roster_csv(tmp_path / "r.csv", inst, roster())
        lines = [x for x in path.read_text().splitlines() if not x.startswith("KF003,2026-12-0") or
                 x.split(",")[1] < "2026-12-05"]
        (tmp_path / "part.csv").write_text("\n".join(lines) + "\n")
        a = assignment_from_table(inst, read_roster(tmp_path / "part.csv", SHIFTS), fill_from=4)
        assert a.codes[2] == ["A", "OFF", "A", "A", "OFF", "OFF", "OFF"]

    def test_previous_codes_fill_missing_days_with_na(self, tmp_path, inst):
        table = read_roster(write_roster_csv(tmp_path / "r.csv", inst, roster()), SHIFTS)
        prev = previous_codes(table)
        assert len(prev["KF005"]) == 31 and prev["KF005"][:4] == ["NA", "NA", "A", "A"]
        assert prev["KF001"][:7] == "C C C OFF OFF C C".split() and prev["KF001"][7:] == ["NA"] * 24

    def test_failed_write_leaves_nothing(self, tmp_path, inst):
        broken = Assignment([["A"]], [[]])
        with pytest.raises(IndexError):
            write_roster_csv(tmp_path / "r.csv", inst, broken)
        assert list(tmp_path.iterdir()) == []


class TestGrid:
    def test_round_trip(self, grid, inst):
        table = read_roster(grid, SHIFTS)
        assert same(assignment_from_table(inst, table), roster())
        e = next(e for e in table.entries if e.employee_id == "KF001" and e.date == date(2026, 12, 1))
        assert (e.code, e.duty, e.sheet, e.row, e.column) == ("C", True, "排班表", 5, "D (2026-12-01)")

    def test_workbook_layout(self, grid):
        wb = openpyxl.load_workbook(grid)
        assert wb.sheetnames == ["排班表", "覆盖", "统计", "软约束", "说明"]
        ws = wb["排班表"]
        assert [ws.cell(2, c).value for c in (1, 2, 3)] == ["工号", "姓名", "岗位"]
        assert ws.cell(3, 4).value == "周二" and ws.cell(4, 6).value == "元旦(测试)"
        assert [ws.cell(5, c).value for c in range(1, 11)] == ["KF001", "周静", "主管", "C★", "C★", "C★", "休", "休",
                                                                 "C★", "C★"]
        assert ws.cell(6, 6).value == "节" and ws.cell(8, 10).value == "年" and ws.cell(9, 4).value == "—"
        assert ws.cell(10, 2).value == "值班" and ws.cell(10, 7).value == "陈浩"
        assert ws.freeze_panes == "D5"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.cell(5, 4).fill.fgColor.rgb != ws.cell(5, 7).fill.fgColor.rgb     # C and 休 coloured apart
        legend = [ws.cell(r, 2).value for r in range(12, 25)]
        assert "图例" in legend and "C★" in legend
        cover = list(wb["覆盖"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
        assert cover[3:] == ("A", "售前", 1, 2, 1)
        totals = {r[0]: r for r in wb["统计"].iter_rows(min_row=2, values_only=True)}
        assert totals["KF001"][3] == 5 and totals["KF001"][4] == 2                   # days worked, 休
        about = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
        assert about["月份 month"] == "2026-12" and about["软约束总分 soft penalty (validator)"] == 11

    def test_hand_edited_grid(self, grid, inst):
        wb = openpyxl.load_workbook(grid)
        ws = wb["排班表"]
        ws["D7"] = " a "              # 林晓雯 12-01: lower case with spaces
        ws["G5"] = "休息"             # 周静 12-04
        ws["I6"] = "off"              # 陈浩 12-06
        ws["D5"] = "c *"              # 周静 12-01 on duty, other marker
        ws["G10"] = None              # 12-04: 值班 row blank, the cell marker (陈浩 C★) is enough
        ws["F6"] = "节"
        ws["J8"] = " 年 "
        wb.save(grid)
        table = read_roster(grid, SHIFTS)
        assert same(assignment_from_table(inst, table), roster())

    def test_duty_row_disagrees_with_marker(self, grid):
        wb = openpyxl.load_workbook(grid)
        wb["排班表"]["E10"] = "陈浩"      # the cell still marks 周静 on 12-02
        wb.save(grid)
        with pytest.raises(InputError, match=r"sheet 排班表, row 10, column E \(2026-12-02\): the 值班 row names "
                                             "KF002 but the cells mark KF001") as e:
            read_roster(grid, SHIFTS)
        assert "“值班”行写的是 KF002，格子里标 ★ 的却是 KF001" in e.value.chinese()

    def test_a_star_removed_while_the_duty_row_still_names_the_person(self, grid):
        wb = openpyxl.load_workbook(grid)
        wb["排班表"]["E5"] = "C"         # 周静 12-02: ★ removed, the 值班 row still names 周静
        wb.save(grid)
        with pytest.raises(InputError, match=r"row 10, column E \(2026-12-02\): the 值班 row names KF001 but the "
                                             r"cells mark nobody") as e:
            read_roster(grid, SHIFTS)
        assert "格子里标 ★ 的却是 没有人" in e.value.chinese()

    def test_duty_row_names_a_stranger(self, grid):
        wb = openpyxl.load_workbook(grid)
        wb["排班表"]["E10"] = "张三"
        wb.save(grid)
        with pytest.raises(InputError, match="names '张三', who is not in the grid") as e:
            read_roster(grid, SHIFTS)
        assert "“值班”行写了“张三”，但排班表里没有这个人" in e.value.chinese()

    def test_unknown_code_names_the_cell(self, grid):
        wb = openpyxl.load_workbook(grid)
        wb["排班表"]["H6"] = "夜"
        wb.save(grid)
        with pytest.raises(InputError) as err:
            read_roster(grid, SHIFTS)
        assert str(err.value).startswith("roster-2026-12.xlsx, sheet 排班表, row 6, column H (2026-12-05): "
                                         "unknown roster code '夜'")
        assert err.value.chinese().startswith("roster-2026-12.xlsx，工作表 排班表，第 6 行，H 列（2026-12-05）："
                                              "无法识别的排班代码“夜”")

    def test_blank_cell_on_an_employed_day(self, grid, inst):
        wb = openpyxl.load_workbook(grid)
        wb["排班表"]["H6"] = None
        wb.save(grid)
        with pytest.raises(InputError, match=r"sheet 排班表, row 6, column H \(2026-12-05\): no code for KF002") as e:
            assignment_from_table(inst, read_roster(grid, SHIFTS))
        assert "第 6 行，H 列（2026-12-05）：KF002 陈浩 2026-12-05（周六）没有排班" in e.value.chinese()

    def test_not_a_roster(self, tmp_path):
        path = tmp_path / "x.xlsx"
        wb = openpyxl.Workbook()
        wb.active["A1"] = "hello"
        wb.save(path)
        with pytest.raises(InputError, match="no header row with a 工号") as e:
            read_roster(path, SHIFTS)
        assert "找不到含“工号”列（employee_id）的表头行" in e.value.chinese()
        (tmp_path / "r.txt.bak").write_text("x")
        with pytest.raises(InputError, match="a roster is a .csv"):
            read_roster(tmp_path / "r.txt.bak", SHIFTS)


class TestTextStaysText:
    """A name that looks like a formula is written as the text the user typed (formula injection)."""

    def test_a_formula_like_name_is_text_in_every_sheet(self, tmp_path, inst):
        import dataclasses
        evil = "=HYPERLINK(\"http://x\",\"y\")"
        people = [dataclasses.replace(p, name=evil) if i == 0 else p for i, p in enumerate(inst.people)]
        inst = dataclasses.replace(inst, people=people)
        a = roster()
        path = tmp_path / "roster-2026-12.xlsx"
        info = RunInfo(month="2026-12", role_names={"presale": "售前", "aftersale": "售后", "lead": "主管"},
                       day_names=[""] * 7)
        write_roster_workbook(path, inst, a, check(inst, a), info)
        wb = openpyxl.load_workbook(path)
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.startswith("=")]
        assert cells, "the name is written somewhere"
        assert all(c.data_type == "s" for c in cells if c.value == evil)
        assert any(c.value == evil for c in cells)
        totals = [c for c in cells if c.value.startswith(("=COUNTIF(", "=COUNTA("))]
        assert len(totals) == 2 * len(inst.people) and all(c.data_type == "f" for c in totals)   # ours stay formulas


class TestStaleTemporaryFiles:
    """A killed run leaves its temporary file; the next write beside the same target removes it."""

    def _dead_pid(self) -> int:
        import subprocess
        import sys
        proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        return int(proc.stdout)

    def test_a_dead_runs_temp_file_is_removed(self, tmp_path, inst):
        stale = tmp_path / f".r-{self._dead_pid()}-abc123.csv"
        stale.write_text("half", encoding="utf-8")
        other = tmp_path / ".notes-1-x.csv"
        other.write_text("keep", encoding="utf-8")
        write_roster_csv(tmp_path / "r.csv", inst, roster())
        assert not stale.exists() and other.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == [".notes-1-x.csv", "r.csv"]

    def test_a_running_processes_temp_file_stays(self, tmp_path, inst):
        import os
        live = tmp_path / f".r-{os.getppid()}-abc123.csv"
        live.write_text("in progress", encoding="utf-8")
        write_roster_csv(tmp_path / "r.csv", inst, roster())
        assert live.exists()


class TestNamesWithSpacesAndCommas:
    """The tool reads back its own grid when a name holds a space or a comma ("Anna Li", "Li, Anna")."""

    @pytest.mark.parametrize("name", ["Anna Li", "Li, Anna", "欧阳 娜娜"])
    def test_round_trip(self, tmp_path, inst, name):
        import dataclasses
        people = [dataclasses.replace(p, name=name) if i == 0 else p for i, p in enumerate(inst.people)]
        inst = dataclasses.replace(inst, people=people)
        path = tmp_path / "roster-2026-12.xlsx"
        a = roster()
        info = RunInfo(month="2026-12", role_names={"presale": "售前", "aftersale": "售后", "lead": "主管"},
                       day_names=[""] * 7)
        write_roster_workbook(path, inst, a, check(inst, a), info)
        assert name in [c.value for row in openpyxl.load_workbook(path)["排班表"].iter_rows() for c in row]
        assert same(assignment_from_table(inst, read_roster(path, SHIFTS)), a)

    def test_two_people_in_one_duty_cell(self, grid, inst):
        wb = openpyxl.load_workbook(grid)
        ws = wb["排班表"]
        ws["D10"] = "周静、 陈浩"
        ws["D6"] = "C★"
        wb.save(grid)
        table = read_roster(grid, SHIFTS)
        on_duty = {e.employee_id for e in table.entries if e.duty and e.date == date(2026, 12, 1)}
        assert on_duty == {"KF001", "KF002"}


class TestFormulaCells:
    def test_a_formula_without_a_value_is_named_as_a_formula(self, grid, inst):
        wb = openpyxl.load_workbook(grid)
        wb["排班表"]["F7"] = "=A1"
        wb.save(grid)
        with pytest.raises(InputError, match=r"row 7, column F \(2026-12-03\): the cell holds the formula '=A1'") as e:
            read_roster(grid, SHIFTS)
        assert "这一格是公式“=A1”" in e.value.chinese()
