"""The example month's workbook as finance prints it: LibreOffice renders it to PDF, and the pages are read
back — no ###, no English rule ids on the finance sheets, the register on several A4 pages with 工号 on
each, every slip page starting with a whole slip; the charts of 汇总 and the closed months from the ledger."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from payroll.basis import WORDS
from payroll.excel import write_workbook
from payroll.ledger import Ledger
from payroll.lines import RULES
from payroll.register import RULE_LABELS, WARNING_LABELS, shop_totals
from payroll.run import RunInputs, about_rows, run_month

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FINANCE_SHEETS = ("工资表", "工资条", "奖罚明细", "人事预警", "汇总")
RENDER_SECONDS = 120


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    inputs = RunInputs(EXAMPLES / "team.xlsx", EXAMPLES / "policy.toml", EXAMPLES / "kpi-2026-11.xlsx",
                       EXAMPLES / "roster-2026-11.csv")
    result = run_month(inputs, "2026-11", out / "ledger.sqlite", out)
    return out, result


@pytest.fixture(scope="module")
def pages(example):
    """The text of each page of the workbook rendered by LibreOffice (pdftotext -layout)."""
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"rendering the workbook needs {' and '.join(missing)} (LibreOffice, poppler-utils), "
                    "not installed here")
    out, _ = example
    profile = out / "lo-profile"          # a profile of its own: a user's running LibreOffice does not interfere
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out / "pdf"), str(out / "payroll-2026-11.xlsx")],
                   check=True, capture_output=True, timeout=RENDER_SECONDS)
    text = subprocess.run(["pdftotext", "-layout", str(out / "pdf" / "payroll-2026-11.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [p for p in text.split("\f") if p.strip()]


class TestPrintedWorkbook:
    def test_no_cell_is_too_narrow_for_its_number(self, pages):
        assert not [i + 1 for i, p in enumerate(pages) if "###" in p]

    def test_the_register_prints_across_several_pages_with_the_identity_on_each(self, example, pages):
        _, result = example
        register = [p for p in pages if p.lstrip().startswith("2026-11 工资表")]     # the page header
        assert len(register) > 1
        for page in register:
            assert "工号" in page and "姓名" in page
            assert all(r.employee_id in page for r in result.register.rows)     # every row, on every page

    def test_every_slip_page_starts_with_a_whole_slip(self, example, pages):
        _, result = example
        slips = [p for p in pages if "工资条" in p.lstrip().split("\n")[0]]
        assert len(slips) > 1
        for page in slips:
            assert re.match(r"\s*2026-11 工资条\s+工号 KF\d{3}", page), page[:80]
        shown = " ".join(slips)
        assert all(f"工号 {r.employee_id}" in shown for r in result.register.rows)


def _english_ids() -> set[str]:
    """Every rule id and figure key the ledger holds, which finance should never have to read."""
    return set(RULES) | set(RULE_LABELS) | set(WARNING_LABELS) | {k for k in WORDS if "_" in k}


class TestFinanceSheetsSpeakChinese:
    def test_no_english_rule_id_or_figure_key_on_a_finance_sheet(self, example):
        out, _ = example
        wb = load_workbook(out / "payroll-2026-11.xlsx", read_only=True)
        ids = _english_ids()
        found = set()
        for name in FINANCE_SHEETS:
            for row in wb[name].iter_rows(values_only=True):
                for v in row:
                    if isinstance(v, str):
                        found |= {(name, i) for i in ids if re.search(rf"(?<![A-Za-z_]){i}(?![A-Za-z_])", v)}
                        if re.search(r"[a-z_]+=", v):         # key=value, the ledger's way of writing figures
                            found.add((name, v))
        assert found == set()

    def test_the_english_ids_are_there_to_find(self, example):
        """The scan above can fail: the ledger's lines carry the ids it looks for."""
        _, result = example
        assert {ln.rule_id for ln in result.lines} & _english_ids() >= {"base_salary", "rest_day_overtime"}


def _charts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))


class TestSummaryCharts:
    def test_cost_by_shop_and_by_role_without_a_ledger(self, example, tmp_path):
        out, result = example
        assert len(_charts(out / "payroll-2026-11.xlsx")) == 2          # the month is still open: no trend
        rows = list(load_workbook(out / "payroll-2026-11.xlsx", read_only=True)["汇总"].iter_rows(values_only=True))
        titles = [r[0] for r in rows if r and r[0] in ("按店铺", "按岗位", "按店铺和岗位")]
        assert titles == ["按店铺", "按岗位", "按店铺和岗位"]
        by_role = rows[[r[0] for r in rows].index("按岗位") + 2:]
        by_role = by_role[:[r[0] for r in by_role].index("合计")]
        gross = {r[1]: Decimal(str(r[3])).quantize(Decimal("0.01")) for r in by_role}
        want: dict[str, Decimal] = {}
        for r in result.register.rows:
            want[r.role] = want.get(r.role, Decimal(0)) + r.gross
        assert gross == want

    def test_the_closed_months_from_the_ledger(self, example, tmp_path):
        out, result = example
        ledger = tmp_path / "ledger.sqlite"
        shutil.copy(out / "ledger.sqlite", ledger)
        with Ledger(ledger) as led:
            led.close("2026-11")
        path = tmp_path / "payroll-2026-11.xlsx"
        write_workbook(path, result.register, result.lines, result.review, result.warnings,
                       about_rows(result, ledger), shop_totals(result.register), "2026-11 工资表", ledger)
        assert len(_charts(path)) == 3
        rows = list(load_workbook(path, read_only=True)["汇总"].iter_rows(values_only=True))
        i = [r[0] for r in rows].index("近 1 个已结账月份")
        assert rows[i + 1][:3] == ("月份", "人数", "实发合计")
        month, people, net = rows[i + 2][:3]
        assert (month, people) == ("2026-11", len(result.register.rows))
        assert Decimal(str(net)).quantize(Decimal("0.01")) == result.register.totals.net
