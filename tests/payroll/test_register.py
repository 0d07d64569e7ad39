"""Register, CSVs and workbook are views of the pay lines: the same numbers, to the fen, everywhere."""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from payroll.csv_out import StagedFiles, write_lines_csv, write_register_csv
from payroll.excel import register_columns, write_workbook
from payroll.lines import PayLine
from payroll.register import build_register, mask, shop_totals
from workbook_reading import slips_by_employee
from kefu.team import read_team
from roster.policy import load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = Decimal
SHEETS = ["工资表", "工资条", "奖罚明细", "人事预警", "汇总", "说明"]


@dataclass(frozen=True)
class Warn:
    employee_id: str
    rule_id: str
    message: str


@pytest.fixture(scope="module")
def team():
    policy = load_policy(EXAMPLES / "policy.toml")
    return read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts)), \
        {k: r.name for k, r in policy.team.roles.items()}


def fen(rng: random.Random, lo: int, hi: int) -> Decimal:
    return D(rng.randint(lo * 100, hi * 100)) / 100


def random_lines(employees, seed: int = 7) -> list[PayLine]:
    rng = random.Random(seed)
    out = []
    for e in employees:
        eid = e.employee_id
        out.append(PayLine(eid, "base_salary", fen(rng, 3000, 5000), "基本工资"))
        if rng.random() < .5:
            out.append(PayLine(eid, "exam", rng.choice([D(100), D(50), D(-10)]), "考试", {"score": D("81.5"), "rank": 1}))
        if rng.random() < .3:
            out.append(PayLine(eid, "unpaid_leave", -fen(rng, 100, 300), "事假 1 天", {"days": 1}))
        if rng.random() < .4:
            out.append(PayLine(eid, "typing", D(-10), "打字 2 个月未达标", {"speed": D(55)}))
        if rng.random() < .2:
            out.append(PayLine(eid, "other_deduction", -fen(rng, 10, 300), "其他扣款", {}))
        parts = [fen(rng, 100, 700), fen(rng, 10, 200), fen(rng, 1, 40), fen(rng, 100, 600)]
        out.append(PayLine(eid, "social_insurance", -sum(parts), "社保",
                           {"pension": parts[0], "medical": parts[1], "unemployment": parts[2],
                            "housing_fund": parts[3]}))
        tax = fen(rng, 0, 150)
        out.append(PayLine(eid, "income_tax", -tax, "个税", {"cumulative_taxable_income": fen(rng, 0, 9000),
                                                           "tax_withheld_ytd": tax * 3}))
    return out


@pytest.fixture(scope="module")
def register_and_lines(team):
    t, roles = team
    employees = [e for e in t.employees if e.employee_id != "KF021"]
    lines = random_lines(employees)
    return build_register("2026-11", lines, t.employees, {}, roles), lines


def test_mask():
    assert mask("310101198801011000") == "3101**********1000"
    assert mask("6222021001004000000") == "6222***********0000"
    assert mask("12345") == "***45"
    assert mask(None) == ""


def test_lines_sum_to_each_rows_net(register_and_lines):
    register, lines = register_and_lines
    for r in register.rows:
        mine = [ln for ln in lines if ln.employee_id == r.employee_id]
        assert sum(ln.amount for ln in mine) == r.net
        assert r.gross - r.social_insurance - r.income_tax - r.after_tax == r.net
        assert r.after_tax == -sum((ln.amount for ln in mine if ln.rule_id == "other_deduction"), D(0))
        assert r.gross == sum((ln.amount for ln in mine if ln.rule_id not in
                               ("other_deduction", "social_insurance", "income_tax")), D(0))
        assert sum(r.si_items.values()) == r.social_insurance
    assert any(r.after_tax for r in register.rows)          # the seed gives some rows an after-tax deduction


def test_totals_equal_the_sum_of_rows(register_and_lines):
    register, lines = register_and_lines
    t = register.totals
    for attr in ("gross", "social_insurance", "income_tax", "after_tax", "net"):
        assert getattr(t, attr) == sum(getattr(r, attr) for r in register.rows)
    for rule in register.rule_columns:
        assert t.by_rule[rule] == sum(r.by_rule.get(rule, 0) for r in register.rows)
    assert t.net == sum(ln.amount for ln in lines)
    assert sum(s.net for s in register.summary) == t.net
    assert sum(s.after_tax for s in shop_totals(register)) == t.after_tax
    assert sum(s.headcount for s in shop_totals(register)) == len(register.rows) == 29


def test_register_shows_role_names_and_masks(register_and_lines):
    register, _ = register_and_lines
    r = register.by_id()["KF004"]
    assert r.role == "售前" and r.id_number == "3101**********111X" and "*" in r.bank_account
    assert register.rule_columns[0] == "base_salary"
    assert "social_insurance" not in register.rule_columns


def test_lines_for_someone_not_in_the_team_are_refused(team):
    t, roles = team
    with pytest.raises(ValueError, match="KF999"):
        build_register("2026-11", [PayLine("KF999", "base_salary", D(1), "x")], t.employees, {}, roles)


def test_csv_files_hold_the_same_numbers(tmp_path, register_and_lines):
    register, lines = register_and_lines
    write_register_csv(tmp_path / "r.csv", register)
    write_lines_csv(tmp_path / "l.csv", lines)
    with open(tmp_path / "r.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["employee_id", "name", "shop", "role", "days_worked", "base", "gross", "pension",
                             "medical", "unemployment", "housing_fund", "social_insurance", "income_tax",
                             "cumulative_taxable_income", "tax_withheld_ytd", "after_tax_deductions", "net"]
    by_id = register.by_id()
    for row in rows:
        r = by_id[row["employee_id"]]
        assert (D(row["gross"]), D(row["net"]), D(row["income_tax"])) == (r.gross, r.net, r.income_tax)
        assert [D(row[k]) for k in ("pension", "medical", "unemployment", "housing_fund")] == \
            [r.si_items[k] for k in ("pension", "medical", "unemployment", "housing_fund")]
        assert (D(row["cumulative_taxable_income"]), D(row["tax_withheld_ytd"]), D(row["after_tax_deductions"])) == \
            (r.cumulative_taxable, r.cumulative_tax, r.after_tax)
        assert D(row["gross"]) - D(row["social_insurance"]) - D(row["income_tax"]) - \
            D(row["after_tax_deductions"]) == D(row["net"])
    with open(tmp_path / "l.csv", encoding="utf-8-sig") as fh:
        got = list(csv.DictReader(fh))
    assert [(g["employee_id"], g["rule_id"], D(g["amount"])) for g in got] == \
        [(ln.employee_id, ln.rule_id, ln.amount) for ln in lines]
    assert all(len(g["amount"].split(".")[1]) == 2 for g in got)


def test_workbook_read_back_holds_the_same_numbers(tmp_path, register_and_lines):
    register, lines = register_and_lines
    path = tmp_path / "payroll-2026-11.xlsx"
    write_workbook(path, register, lines, [{"employee_id": "KF010", "kind": "淘汰审查", "reasons": ["x"],
                                            "legal_note": "指导案例18号"}],
                   [Warn("KF004", "minimum_wage", "below")], [("policy", "policy.toml sha256 ab")],
                   shop_totals(register), "2026-11")
    wb = load_workbook(path, data_only=True)
    assert wb.sheetnames == SHEETS
    ws = wb["工资表"]
    cols = register_columns(register)
    header = [c.value for c in ws[2]]
    assert header == [c.label for c in cols]
    data = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(data) == len(register.rows) + 1
    for values, r in zip(data, [*register.rows, register.totals]):
        for col, v in zip(cols, values):
            want = col.get(r)
            if col.money and want is not None:
                assert isinstance(v, (int, float)) and D(str(v)).quantize(D("0.01")) == want, (r.employee_id, col)
            elif isinstance(want, str):
                assert (v or "") == want
    for row in ws.iter_rows(min_row=3):
        for c in row:
            assert not (isinstance(c.value, str) and c.value.startswith("="))
    money_cells = [c for c in ws[3] if isinstance(c.value, float)]
    assert money_cells and all(c.number_format == "#,##0.00" for c in money_cells)
    slips = slips_by_employee(wb["工资条"])
    assert list(slips) == [r.employee_id for r in register.rows]
    for r in register.rows:
        shown = slips[r.employee_id]
        labels = list(shown)
        assert f"工号 {r.employee_id}" in shown["标题"] and "身份证号" not in labels
        assert D(str(shown["实发工资"])).quantize(D("0.01")) == r.net
        items = labels[labels.index("出勤天数") + 1:labels.index("应发工资")]
        assert sum((D(str(shown[k])) for k in items), D(0)).quantize(D("0.01")) == r.gross   # the items add up to 应发
        withheld = labels[labels.index("应发工资") + 1:labels.index("社保公积金合计")]
        assert withheld == ["养老保险", "医疗保险", "失业保险", "住房公积金"]
        assert sum((D(str(shown[k])) for k in withheld), D(0)).quantize(D("0.01")) == r.social_insurance
        after = labels[labels.index("个人所得税") + 1:labels.index("实发工资")]
        assert sum((D(str(shown[k])) for k in after), D(0)) == -r.after_tax
    rewards = list(wb["奖罚明细"].iter_rows(min_row=2, values_only=True))
    expected = [ln for ln in lines if ln.rule_id in ("exam", "typing")]
    assert len(rewards) == len(expected) + 1
    assert D(str(rewards[-1][6])).quantize(D("0.01")) == sum(ln.amount for ln in expected)
    assert wb["人事预警"]["A2"].value == "KF010"
    checks = [r for r in wb["人事预警"].iter_rows(values_only=True) if r and r[0] == "KF004"]
    assert checks == [("KF004", register.by_id()["KF004"].name, "低于最低工资", "below", None)]



def test_workbook_layout_survives_for_print_and_finance(tmp_path, register_and_lines):
    """Frozen header, print setup and slip page breaks; text that looks like a formula or a link stays text."""
    register, lines = register_and_lines
    lines = [*lines, PayLine(lines[0].employee_id, "exam", D(-10), "=SUM(A1:A9) http://example.com", {})]
    path = tmp_path / "p.xlsx"
    write_workbook(path, register, lines, [], [], [("policy", "=1+1")], shop_totals(register), "2026-11")
    wb = load_workbook(path)
    ws = wb["工资表"]
    assert ws.freeze_panes == "C3" and ws.print_title_rows == "$2:$2" and ws.print_title_cols == "$A:$B"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9     # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.page_setup.fitToWidth > 1                 # 40-odd columns: several pages across, never squeezed to one
    assert ws["A2"].font.b and ws["A2"].fill.fgColor.rgb.endswith("DDEBF7") and ws["A2"].border.left.style
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    totals = ws.cell(ws.max_row, 1)
    assert totals.font.b and totals.fill.fgColor.rgb.endswith("FFF2CC")
    slips = wb["工资条"]
    assert slips.page_setup.orientation == "landscape" and slips.print_options.horizontalCentered
    assert slips.page_setup.paperSize == 9 and not slips.sheet_properties.pageSetUpPr.fitToPage
    breaks = [b.id for b in slips.row_breaks.brk]
    titles = [c.row for c in slips["A"] if isinstance(c.value, str) and c.value.startswith("2026-11 工资条")]
    assert len(titles) == len(register.rows) and breaks
    assert set(b + 1 for b in breaks) <= set(titles[1:])        # each printed page starts with a whole slip
    assert wb["奖罚明细"].freeze_panes == "A2"
    reasons = [c.value for c in wb["奖罚明细"]["H"]]
    assert "=SUM(A1:A9) http://example.com" in reasons and not wb["奖罚明细"]._hyperlinks
    assert wb["说明"]["B2"].value == "=1+1" and wb["说明"]["B2"].data_type == "s"


def test_staged_files_are_all_or_nothing(tmp_path):
    with StagedFiles() as staged:
        a = staged.path(tmp_path / "a.csv")
        a.write_text("x")
        staged.path(tmp_path / "b.csv")
    assert list(tmp_path.iterdir()) == []
    with StagedFiles() as staged:
        staged.path(tmp_path / "a.csv").write_text("x")
        staged.commit()
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


class TestCsvInjection:
    """Text a spreadsheet would run as a formula is written with a leading apostrophe; amounts keep their sign."""

    @pytest.mark.parametrize("reason", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x"])
    def test_a_formula_like_reason_is_escaped(self, tmp_path, reason):
        write_lines_csv(tmp_path / "l.csv", [PayLine("KF001", "other_deduction", D("-10"), reason)])
        with open(tmp_path / "l.csv", encoding="utf-8-sig") as fh:
            row = next(csv.DictReader(fh))
        assert row["reason"] == "'" + reason and row["amount"] == "-10.00"

    def test_plain_text_is_unchanged(self, tmp_path):
        write_lines_csv(tmp_path / "l.csv", [PayLine("KF001", "exam", D("50"), "考试 81.5 分")])
        with open(tmp_path / "l.csv", encoding="utf-8-sig") as fh:
            assert next(csv.DictReader(fh))["reason"] == "考试 81.5 分"
