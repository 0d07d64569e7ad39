"""The payroll templates: KPI and opening year-to-date sheets prefilled with the month's people."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kefu.team import read_team
from payroll.kpi import KPI_HEADERS, read_kpi
from payroll.statutory.income_tax import read_opening_ytd
from payroll.templates import employed_in, write_payroll_templates
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def team():
    policy = load_policy(EXAMPLES / "policy.toml")
    return read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))


@pytest.fixture
def written(tmp_path, team):
    return write_payroll_templates(team, 2026, 11, tmp_path)


def fill_by_header(src_path: Path, dst_path: Path, out: Path) -> Path:
    """Paste the source sheet's cells (value and number format, as Excel pastes) into the template's cells
    by header and employee id, as a user would."""
    src = openpyxl.load_workbook(src_path).worksheets[0]
    wb = openpyxl.load_workbook(dst_path)
    dst = wb.worksheets[0]
    columns = {c.value: c.column for c in dst[1]}
    rows = {dst.cell(r, 1).value: r for r in range(2, dst.max_row + 1)}
    head = [c.value for c in src[1]]
    for cells in src.iter_rows(min_row=2):
        record = dict(zip(head, cells))
        r = rows[record["工号"].value]
        for header, cell in record.items():
            if header in columns and cell.value is not None:
                target = dst.cell(r, columns[header], cell.value)
                target.number_format = cell.number_format
    wb.save(out)
    return out


class TestKpiTemplate:
    def test_prefilled_with_the_months_people_and_every_column(self, written, team):
        ws = openpyxl.load_workbook(written[0]).worksheets[0]
        assert written[0].name == "kpi-2026-11.xlsx" and ws.title == "月度考核"
        assert [c.value for c in ws[1]] == [names[0] for names in KPI_HEADERS.values()]
        ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
        assert ids == [e.employee_id for e in employed_in(team, 2026, 11)]
        assert ws.cell(2, 3).value == "2026-11"

    def test_blank_reads_back_as_not_applicable(self, written, team):
        sheet = read_kpi(written[0], team, (2026, 11))
        assert set(sheet.records) == {e.employee_id for e in employed_in(team, 2026, 11)}
        assert all(r.exam_score is None for r in sheet.records.values())

    def test_filled_with_the_example_figures_reads_as_the_example(self, written, team, tmp_path):
        filled = fill_by_header(EXAMPLES / "kpi-2026-11.xlsx", written[0], tmp_path / "kpi-2026-11-filled.xlsx")
        mine, theirs = read_kpi(filled, team, (2026, 11)), read_kpi(EXAMPLES / "kpi-2026-11.xlsx", team)
        assert {k: (r.exam_score, r.sales, r.reply_rate) for k, r in mine.records.items()} == \
            {k: (r.exam_score, r.sales, r.reply_rate) for k, r in theirs.records.items()}


class TestOpeningTemplate:
    def test_filled_reads_back(self, written, tmp_path):
        wb = openpyxl.load_workbook(written[1])
        ws = wb.worksheets[0]
        columns = {c.value: c.column for c in ws[1]}
        for r in range(2, ws.max_row + 1):
            ws.cell(r, columns["累计收入"], 50000)
            ws.cell(r, columns["累计专项扣除"], 5000)
            ws.cell(r, columns["累计已扣税"], 300)
            ws.cell(r, columns["已计月数"], 10)
        wb.save(tmp_path / "opening.xlsx")
        opening = read_opening_ytd(tmp_path / "opening.xlsx")
        assert len(opening) == ws.max_row - 1
        assert all(v.months == 10 for v in opening.values())


class TestClockInTemplate:
    def test_filled_with_punches_it_reads_and_matches(self, tmp_path, team):
        from datetime import datetime
        from payroll.clock_in import read_clock_in
        from payroll.policy import load_payroll_policy
        clock_in = load_payroll_policy(EXAMPLES / "policy.toml").clock_in
        written = write_payroll_templates(team, 2026, 11, tmp_path, clock_in)
        assert [p.name for p in written][-1] == "clock-in-2026-11.xlsx"
        wb = openpyxl.load_workbook(written[-1])
        ws = wb.worksheets[0]
        head = [c.value for c in ws[1]]
        assert head == [clock_in.columns.employee_id[0], clock_in.columns.date[0], clock_in.columns.first_in[0],
                        clock_in.columns.last_out[0]]
        for r in range(2, ws.max_row + 1):            # everyone on time every day, as a user types it
            ws.cell(r, 3).value, ws.cell(r, 4).value = "08:55", "18:05"
        wb.save(written[-1])
        sheet = read_clock_in(written[-1], clock_in, team, 2026, 11)
        people = {e.employee_id for e in employed_in(team, 2026, 11)}
        assert {eid for eid, _ in sheet.punches} == people
        assert isinstance(ws.cell(2, 2).value, datetime)
