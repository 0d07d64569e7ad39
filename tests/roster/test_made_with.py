"""roster.made_with: check and repair use the earlier rosters a roster workbook was planned with."""
from __future__ import annotations

from openpyxl import Workbook

from roster.made_with import ABOUT_SHEET, HISTORY_KEY, PREVIOUS_KEY, inputs_for, recorded


def workbook(path, rows):
    wb = Workbook()
    wb.active.title = "排班表"
    about = wb.create_sheet(ABOUT_SHEET)
    about.append(["项目", "内容"])
    for row in rows:
        about.append(list(row))
    wb.save(path)
    return path


class TestInputsFor:
    def test_named_files_that_exist_are_used_and_said(self, tmp_path):
        prev = tmp_path / "roster-2026-11.csv"
        prev.write_text("employee_id,date,code,duty\n", encoding="utf-8")
        book = workbook(tmp_path / "roster-2026-12.xlsx", [(PREVIOUS_KEY, f"{prev} (sha256 abc)"),
                                                          (HISTORY_KEY, str(tmp_path))])
        assert recorded(book) == {PREVIOUS_KEY: prev, HISTORY_KEY: tmp_path}
        previous, history, words = inputs_for(book, None, None)
        assert (previous, history) == (prev, tmp_path)
        assert len(words) == 2 and str(prev) in words[0] and "接着算" in words[0]

    def test_a_missing_file_is_said_and_left_out(self, tmp_path):
        gone = tmp_path / "moved" / "roster-2026-11.csv"
        book = workbook(tmp_path / "roster-2026-12.xlsx", [(PREVIOUS_KEY, str(gone)), (HISTORY_KEY, None)])
        previous, history, words = inputs_for(book, None, None)
        assert (previous, history) == (None, None)
        [line] = words
        assert str(gone) in line and "找不到" in line and "--previous" in line

    def test_options_given_win_silently(self, tmp_path):
        book = workbook(tmp_path / "roster-2026-12.xlsx", [(PREVIOUS_KEY, str(tmp_path / "x.csv"))])
        mine = tmp_path / "mine.csv"
        assert inputs_for(book, mine, None) == (mine, None, [])

    def test_csv_and_workbooks_without_the_sheet_name_nothing(self, tmp_path):
        csv = tmp_path / "roster-2026-12.csv"
        csv.write_text("employee_id,date,code,duty\n", encoding="utf-8")
        plain = tmp_path / "plain.xlsx"
        Workbook().save(plain)
        assert inputs_for(csv, None, None) == (None, None, [])
        assert inputs_for(plain, None, None) == (None, None, [])

    def test_a_csv_roster_reads_the_workbook_beside_it(self, tmp_path):
        prev = tmp_path / "roster-2026-11.csv"
        prev.write_text("employee_id,date,code,duty\n", encoding="utf-8")
        workbook(tmp_path / "roster-2026-12.xlsx", [(PREVIOUS_KEY, f"{prev} (sha256 abc)")])
        csv = tmp_path / "roster-2026-12.csv"
        csv.write_text("employee_id,date,code,duty\n", encoding="utf-8")
        assert inputs_for(csv, None, None)[:2] == (prev, None)
