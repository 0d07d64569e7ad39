"""The finance workbook payroll-YYYY-MM.xlsx: every sheet a view of the month's pay lines.

Sheets
    工资表    the register: identity (masked), attendance, each earning/reward/penalty/deduction column,
              应发, social insurance items, 公积金, 个税, cumulative tax figures, 实发; a totals row
    工资条    pay slips: the header repeated above each employee's row, a blank row to cut along, a page
              break every few slips so none is split across pages; landscape, fit to width
    奖罚明细  every reward and negative-incentive line with its rule, amount, reason and triggering figures
    人事预警  the review list (elimination, dismissal review, promotion) with its legal notes, then the
              statutory guard warnings
    汇总      totals by shop, then by shop and role
    说明      the policy and input files (with sha256) that produced the workbook, and how to read it

Amounts are numeric values already rounded to the fen, shown with two decimals — never formulas.
Written with openpyxl's write-only mode (10,000 employees fit in memory) to a temporary path by the
caller (see csv_out.StagedFiles), so a failed write leaves nothing behind.
"""
from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from payroll.lines import RULES, PayLine
from payroll.register import ATTENDANCE_COLUMNS, SI_ITEMS, Register, RegisterRow, SummaryRow, rule_label

MONEY = "#,##0.00"
SLIPS_PER_PAGE = 8
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
BOLD = Font(bold=True)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Col:
    label: str
    get: Any                 # RegisterRow -> value
    money: bool = False
    width: float = 10


def register_columns(register: Register) -> list[Col]:
    """The register's columns, in order; the slips and the read-back tests use the same list."""
    cols = [Col("工号", lambda r: r.employee_id, width=9), Col("姓名", lambda r: r.name, width=9),
            Col("店铺", lambda r: r.shop, width=14), Col("岗位", lambda r: r.role, width=6),
            Col("等级", lambda r: r.level, width=5), Col("薪资档", lambda r: r.grade, width=6),
            Col("身份证号", lambda r: r.id_number, width=20), Col("银行账号", lambda r: r.bank_account, width=21)]
    for key, label in ATTENDANCE_COLUMNS:
        cols.append(Col(label, lambda r, k=key: r.attendance.get(k, 0), money=(key == "hours_worked"), width=7))
    for rule_id in register.rule_columns:
        cols.append(Col(rule_label(rule_id), lambda r, k=rule_id: r.by_rule.get(k, Decimal(0)), money=True))
    cols.append(Col("应发工资", lambda r: r.gross, money=True, width=11))
    for key, label in SI_ITEMS:
        cols.append(Col(label, lambda r, k=key: r.si_items.get(k, Decimal(0)), money=True))
    cols += [Col("社保公积金合计", lambda r: r.social_insurance, money=True, width=11),
             Col("个人所得税", lambda r: r.income_tax, money=True),
             Col("累计应纳税所得额", lambda r: r.cumulative_taxable, money=True, width=12),
             Col("累计已扣税", lambda r: r.cumulative_tax, money=True),
             Col("实发工资", lambda r: r.net, money=True, width=11)]
    return cols


# --- cell helpers -------------------------------------------------------------------------------

class _Cells:
    """Styled write-only cells. Each style combination is built once on a template cell and its style
    array copied to new cells: assigning style objects cell by cell hashes them every time, which
    dominated the run time at 10,000 employees."""

    def __init__(self, ws):
        self.ws = ws
        self._templates: dict[tuple, WriteOnlyCell] = {}

    def _styled(self, value: Any, key: tuple) -> WriteOnlyCell:
        tmpl = self._templates.get(key)
        if tmpl is None:
            tmpl = WriteOnlyCell(self.ws)
            kind, money, fill, bold, box = key
            if kind == "header":
                tmpl.font, tmpl.fill, tmpl.border, tmpl.alignment = BOLD, HEADER_FILL, BOX, CENTER
            else:
                if money:
                    tmpl.number_format = MONEY
                if box:
                    tmpl.border = BOX
                if fill is not None:
                    tmpl.fill = fill
                if bold:
                    tmpl.font = BOLD
                if kind == "wrap":
                    tmpl.alignment = WRAP
            self._templates[key] = tmpl
        c = WriteOnlyCell(self.ws, value)
        c._style = copy(tmpl._style)
        return c

    def header(self, labels: Iterable[str]) -> list:
        return [self._styled(label, ("header", False, None, True, True)) for label in labels]

    def values(self, values: Iterable[Any], money: Sequence[bool], fill=None, bold=False, box=True,
               wrap: Sequence[int] = ()) -> list:
        return [self._styled(v, ("wrap" if i in wrap else "value", is_money and v is not None, fill, bold, box))
                for i, (v, is_money) in enumerate(zip(values, money))]


def _widths(ws, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _title(ws, text: str) -> None:
    c = WriteOnlyCell(ws, text)
    c.font = Font(bold=True, size=14)
    ws.append([c])


# --- sheets -------------------------------------------------------------------------------------

def _register_sheet(wb: Workbook, register: Register, heading: str) -> None:
    ws = wb.create_sheet("工资表")
    cols = register_columns(register)
    _widths(ws, [c.width for c in cols])
    ws.freeze_panes = "C3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    cells = _Cells(ws)
    money = [c.money for c in cols]
    _title(ws, heading)
    ws.append(cells.header(c.label for c in cols))
    for r in register.rows:
        ws.append(cells.values((c.get(r) for c in cols), money))
    ws.append(cells.values((c.get(register.totals) for c in cols), money, fill=TOTAL_FILL, bold=True))


def slip_columns(register: Register, row: RegisterRow) -> list[Col]:
    """One employee's slip: identity, days worked, the items that apply to them, gross, withholdings, net."""
    by_label = {c.label: c for c in register_columns(register)}
    names = ["工号", "姓名", "店铺", "岗位", "银行账号", "出勤天数"]
    names += [rule_label(k) for k in register.rule_columns if row.by_rule.get(k)]
    names += ["应发工资", "社保公积金合计", "个人所得税", "实发工资"]
    return [by_label[n] for n in names]


def _slips_sheet(wb: Workbook, register: Register, heading: str) -> None:
    ws = wb.create_sheet("工资条")
    _widths(ws, [9, 9, 14, 6, 21] + [11] * 20)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    cells = _Cells(ws)
    row = 0
    for i, r in enumerate(register.rows):
        cols = slip_columns(register, r)
        ws.append(cells.values([f"{heading} 工资条 — {r.name} ({r.employee_id})"], [False], bold=True, box=False))
        ws.append(cells.header(c.label for c in cols))
        ws.append(cells.values((c.get(r) for c in cols), [c.money for c in cols]))
        ws.append([])                      # cut line
        row += 4
        if (i + 1) % SLIPS_PER_PAGE == 0 and i + 1 < len(register.rows):
            ws.row_breaks.append(Break(id=row))


def _figures_text(figures: dict) -> str:
    parts = []
    for k, v in figures.items():
        if isinstance(v, Decimal):
            v = f"{v.normalize():f}" if v == v.to_integral_value() else f"{v:f}"
        elif isinstance(v, (list, tuple)):
            v = ", ".join(str(x) for x in v)
        parts.append(f"{k}={v}")
    return "; ".join(parts)


def _rewards_sheet(wb: Workbook, lines: Sequence[PayLine], register: Register) -> None:
    ws = wb.create_sheet("奖罚明细")
    labels = ["工号", "姓名", "店铺", "岗位", "项目", "rule_id", "类别", "金额", "原因", "依据数据"]
    _widths(ws, [9, 9, 14, 6, 12, 18, 6, 10, 50, 60])
    ws.freeze_panes = "A2"
    cells = _Cells(ws)
    ws.append(cells.header(labels))
    money = [False] * 7 + [True, False, False]
    rows = register.by_id()
    total = Decimal(0)
    for ln in lines:
        if ln.kind not in ("reward", "penalty") and not (ln.rule_id in RULES and RULES[ln.rule_id].kind == "reward"):
            continue
        r = rows.get(ln.employee_id)
        kind = "奖励" if ln.amount > 0 else ("扣罚" if ln.amount < 0 else "—")
        total += ln.amount
        values = (ln.employee_id, r.name if r else "", r.shop if r else "", r.role if r else "",
                  rule_label(ln.rule_id), ln.rule_id, kind, ln.amount, ln.reason, _figures_text(ln.figures))
        ws.append(cells.values(values, money, wrap=(8, 9)))
    ws.append(cells.values(("合计", "", "", "", "", "", "", total, "", ""), money, fill=TOTAL_FILL, bold=True))


KIND_LABELS = {"elimination_review": "末位淘汰审查", "dismissal_review": "解除合同审查 (第39条)",
               "promotion_review": "晋级审查"}


def review_fields(item: Any) -> tuple[str, str, str, str, str]:
    """(employee_id, name, kind, reasons, legal note) of a review-list item, whatever its exact class."""
    def first(*names: str) -> Any:
        for n in names:
            v = getattr(item, n, None) if not isinstance(item, dict) else item.get(n)
            if v not in (None, ""):
                return v
        return ""
    reasons = first("reasons", "reason", "detail")
    if isinstance(reasons, (list, tuple)):
        reasons = "; ".join(str(x) for x in reasons)
    kind = str(first("kind_label", "category", "kind", "type"))
    return (str(first("employee_id")), str(first("name")), KIND_LABELS.get(kind, kind), str(reasons),
            str(first("legal_note", "legal", "note")))


def _review_sheet(wb: Workbook, review: Sequence[Any], warnings: Sequence[Any], register: Register) -> None:
    ws = wb.create_sheet("人事预警")
    _widths(ws, [9, 9, 16, 60, 70])
    cells = _Cells(ws)
    names = {r.employee_id: r.name for r in register.rows}
    ws.append(cells.header(["工号", "姓名", "类型", "原因", "法律提示"]))
    for item in review:
        eid, name, kind, reasons, legal = review_fields(item)
        ws.append(cells.values((eid, name or names.get(eid, ""), kind, reasons, legal), [False] * 5, wrap=(3, 4)))
    if not review:
        ws.append(["本月无人事预警 (no review items this month)"])
    ws.append([])
    _title(ws, "法定检查 statutory checks")
    ws.append(cells.header(["工号", "姓名", "规则", "说明", ""]))
    for w in warnings:
        eid, rule_id, message = w.employee_id, w.rule_id, w.message
        ws.append(cells.values((eid, names.get(eid, ""), rule_id, message, ""), [False] * 5, wrap=(3,)))
    if not warnings:
        ws.append(["无 (none fired)"])


def _summary_sheet(wb: Workbook, register: Register, shops: Sequence[SummaryRow]) -> None:
    ws = wb.create_sheet("汇总")
    _widths(ws, [16, 8, 8, 14, 14, 14, 14])
    cells = _Cells(ws)
    labels = ["店铺", "岗位", "人数", "应发工资", "社保公积金", "个人所得税", "实发工资"]
    money = [False, False, False, True, True, True, True]

    def block(title: str, rows: Sequence[SummaryRow]) -> None:
        _title(ws, title)
        ws.append(cells.header(labels))
        for s in rows:
            ws.append(cells.values((s.shop, s.role, s.headcount, s.gross, s.social_insurance, s.income_tax,
                                    s.net), money))
        t = register.totals
        ws.append(cells.values(("合计", "", len(register.rows), t.gross, t.social_insurance, t.income_tax,
                                t.net), money, fill=TOTAL_FILL, bold=True))
        ws.append([])

    block("按店铺 by shop", shops)
    block("按店铺和岗位 by shop and role", register.summary)


def _about_sheet(wb: Workbook, about: Sequence[tuple[str, str]]) -> None:
    ws = wb.create_sheet("说明")
    _widths(ws, [22, 100])
    cells = _Cells(ws)
    ws.append(cells.header(["项目", "内容"]))
    for k, v in about:
        ws.append(cells.values((k, v), [False, False], wrap=(1,)))


# --- the workbook -------------------------------------------------------------------------------

def write_workbook(path: Path, register: Register, lines: Sequence[PayLine], review: Sequence[Any],
                   warnings: Sequence[Any], about: Sequence[tuple[str, str]], shops: Sequence[SummaryRow],
                   heading: str) -> None:
    """Write the six sheets to `path` (a temporary path: the caller renames it into place)."""
    wb = Workbook(write_only=True)
    _register_sheet(wb, register, heading)
    _slips_sheet(wb, register, heading)
    _rewards_sheet(wb, lines, register)
    _review_sheet(wb, review, warnings, register)
    _summary_sheet(wb, register, shops)
    _about_sheet(wb, about)
    wb.save(path)
