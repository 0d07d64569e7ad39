"""A new shop's first month from an empty folder: templates written, filled by a script only in the
template's cells (as a user types), then roster solve, roster check and payroll run succeed on them."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from payroll.cli import main as payroll
from roster.cli import main as roster

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
POLICY = EXAMPLES / "policy.toml"


def run(cli, *args):
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res


def fill(template: Path, source: Path, key: str | None = None) -> None:
    """Type the source's values (and their number formats, as a paste does) into the template's own cells:
    by header; by the key column's value when the template comes prefilled with one row per person."""
    wb = openpyxl.load_workbook(template)
    src_book = openpyxl.load_workbook(source)
    for ws in wb.worksheets:
        src = src_book[ws.title] if ws.title in src_book.sheetnames else src_book.worksheets[0]
        columns = {c.value: c.column for c in ws[1]}
        head = [c.value for c in src[1]]
        prefilled = {ws.cell(r, columns[key]).value: r for r in range(2, ws.max_row + 1)} if key else None
        if prefilled is None:
            ws.delete_rows(2, ws.max_row)
        for n, cells in enumerate(src.iter_rows(min_row=2), start=2):
            record = dict(zip(head, cells))
            r = prefilled[record[key].value] if key else n
            for header, cell in record.items():
                if header in columns and cell.value is not None:
                    ws.cell(r, columns[header], cell.value).number_format = cell.number_format
    wb.save(template)


def test_a_new_shops_first_month(tmp_path):
    shop = tmp_path / "shop"
    run(roster, "template", "--policy", POLICY, "--out", shop)
    fill(shop / "team.xlsx", EXAMPLES / "team.xlsx")
    run(payroll, "template", "--month", "2026-11", "--team", shop / "team.xlsx", "--policy", POLICY, "--out", shop)
    fill(shop / "kpi-2026-11.xlsx", EXAMPLES / "kpi-2026-11.xlsx", key="工号")

    run(roster, "solve", "--team", shop / "team.xlsx", "--policy", POLICY, "--month", "2026-11", "--out", shop,
        "--time-limit", "20", "--workers", "2", "--seed", "1")
    run(roster, "check", shop / "roster-2026-11.xlsx", "--team", shop / "team.xlsx", "--policy", POLICY)
    res = run(payroll, "run", "--team", shop / "team.xlsx", "--policy", POLICY, "--kpi", shop / "kpi-2026-11.xlsx",
              "--attendance", shop / "roster-2026-11.xlsx", "--month", "2026-11", "--out", shop,
              "--db", shop / "ledger.sqlite")
    assert (shop / "payroll-2026-11.xlsx").exists() and "2026-11" in res.output
    register = openpyxl.load_workbook(shop / "payroll-2026-11.xlsx")["工资表"]
    ids = {c.value for c in register["A"] if isinstance(c.value, str) and c.value.startswith("KF")}
    assert len(ids) == 29                     # everyone employed in November, from the filled template
