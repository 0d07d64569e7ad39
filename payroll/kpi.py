"""The monthly KPI sheet 月度考核 (SPEC §2.4): one row per employee, filled by HR.

Headers in Chinese or English; extra columns are ignored with a notice. A blank cell means "not
applicable" (counts read as 0); a rule that needs a blank value asks `KpiRecord.require`, which
names the cell. Percentages are percent numbers: 95, "95%" and a percent-formatted 0.95 all mean 95 %.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any


from kefu.errors import InputError
from kefu.sheets import Cell, open_workbook, read_rows
from kefu.team import Team
from payroll.lines import RULES
from payroll.money import HUNDRED, ZERO, parse_amount, to_decimal

KPI_SHEETS = ("月度考核", "考核", "KPI", "kpi")
KPI_HEADERS: dict[str, tuple[str, ...]] = {
    "employee_id": ("工号", "employee_id"),
    "name": ("姓名", "name"),
    "month": ("月份", "month"),
    "exam_score": ("考试成绩", "exam_score"),
    "daily_score": ("平时成绩", "daily_score"),
    "exam_taken": ("参加月考", "exam_taken"),
    "typing_speed": ("打字速度", "typing_speed"),
    "typing_accuracy": ("打字正确率", "typing_accuracy"),
    "items_per_customer": ("客件数", "items_per_customer"),
    "sales": ("销售额", "sales"),
    "monthly_summary": ("月总结", "monthly_summary"),
    "colleague_complaints": ("同事投诉", "colleague_complaints"),
    "bad_reviews": ("差评", "bad_reviews"),
    "admin_penalties": ("行政处罚", "admin_penalties"),
    "major_errors": ("重大失误", "major_errors"),
    "misconduct_stars": ("严重违纪", "misconduct_stars"),
    "appraisal_score": ("绩效得分", "appraisal_score"),
    "first_response_s": ("首响时间", "first_response_s"),
    "avg_response_s": ("平均响应", "avg_response_s"),
    "reply_rate": ("回复率", "reply_rate"),
    "delay_rate": ("延误率", "delay_rate"),
    "conversion_rate": ("询单转化率", "conversion_rate"),
    "dispute_rate": ("退款纠纷率", "dispute_rate"),
    "complaints": ("投诉", "complaints"),
    "dsr": ("DSR", "dsr"),
    "special_deduction": ("专项附加扣除", "special_deduction"),
    "social_insurance_override": ("社保公积金个人", "social_insurance_override"),
    "other_allowance": ("其他补贴", "other_allowance"),
    "other_deduction": ("其他扣款", "other_deduction"),
    "note": ("备注", "note"),
}
PERCENT = ("typing_accuracy", "reply_rate", "delay_rate", "conversion_rate", "dispute_rate")
# Where a value of 1 % or less is implausible, an unformatted 0.95 probably meant 95 %: say so.
FRACTION_SUSPECT = ("typing_accuracy", "reply_rate", "conversion_rate")
NUMBERS = ("exam_score", "daily_score", "typing_speed", "items_per_customer", "appraisal_score",
           "first_response_s", "avg_response_s", "dsr")
AMOUNTS = ("sales", "special_deduction", "social_insurance_override", "other_allowance", "other_deduction")
COUNTS = ("colleague_complaints", "bad_reviews", "admin_penalties", "major_errors", "complaints")
MISCONDUCT_STARS = (0, 3, 4, 5)
SUMMARY = {
    "approved": ("通过", "已通过", "approved", "达标"),
    "submitted": ("提交", "已提交", "submitted", "未通过", "未达标"),
    "none": ("无", "未提交", "none", "没有"),
}
RULE_NAMES_ZH = {"scorecard": "绩效评分"}     # rules that need a KPI value but write no pay line


def rule_title(rule_id: str) -> str:
    """A pay rule as HR reads it, its rule_id (the policy key) after: 考试（exam）."""
    name = RULES[rule_id].name if rule_id in RULES else RULE_NAMES_ZH.get(rule_id)
    return f"{name}（{rule_id}）" if name else rule_id


def shown(value: Any) -> str:
    """A cell value after 现为: text in quotes (现为“abc”), a number after a space (现为 -100)."""
    return f"“{value}”" if isinstance(value, str) else f" {value}"


@dataclass(frozen=True)
class KpiRecord:
    """One employee's KPI row. None = blank (not applicable); counts blank read as 0; percents 0..100."""

    employee_id: str
    row: int
    exam_score: Decimal | None = None
    daily_score: Decimal | None = None
    exam_taken: bool | None = None          # None: not stated; a score given implies taken
    typing_speed: Decimal | None = None     # chars/min
    typing_accuracy: Decimal | None = None  # percent
    items_per_customer: Decimal | None = None
    sales: Decimal | None = None            # yuan, orders annotated to the agent
    monthly_summary: str | None = None      # "approved" | "submitted" | "none"
    colleague_complaints: int = 0
    bad_reviews: int = 0
    admin_penalties: int = 0
    major_errors: int = 0
    misconduct_stars: int = 0
    appraisal_score: Decimal | None = None
    first_response_s: Decimal | None = None
    avg_response_s: Decimal | None = None
    reply_rate: Decimal | None = None
    delay_rate: Decimal | None = None
    conversion_rate: Decimal | None = None
    dispute_rate: Decimal | None = None
    complaints: int = 0
    dsr: Decimal | None = None
    special_deduction: Decimal | None = None
    social_insurance_override: Decimal | None = None
    other_allowance: Decimal | None = None
    other_deduction: Decimal | None = None
    note: str | None = None                 # HR's words on 其他补贴/其他扣款, carried into their pay lines
    cells: dict[str, Cell] = field(default_factory=dict, compare=False, repr=False)

    def require(self, name: str, needed_by: str) -> Any:
        """The value of `name`, or an InputError naming its cell when blank."""
        value = getattr(self, name)
        if value is None:
            cell = self.cells.get(name)
            zh, en = KPI_HEADERS[name]
            rule = rule_title(needed_by)
            if cell is not None and cell.column == zh:      # the reader names an absent column by its header only
                msg = f"the sheet has no column {zh} / {en}, but rule {needed_by} needs it for {self.employee_id}"
                msg_zh = f"考核表没有“{zh}”列（表头也可写作 {en}），但 {self.employee_id} 的{rule}规则要用到它"
            else:
                msg = f"{zh} is blank but rule {needed_by} needs it for {self.employee_id}"
                msg_zh = f"{self.employee_id} 的“{zh}”为空，但{rule}规则要用到它"
            raise cell.error(msg, msg_zh) if cell else InputError(msg, column=zh, row=self.row, zh=msg_zh)
        return value

    @property
    def clean(self) -> bool:
        """No administrative penalty, colleague complaint, bad review or major error (promotion [001])."""
        return not (self.admin_penalties or self.colleague_complaints or self.bad_reviews or self.major_errors)


@dataclass(frozen=True)
class KpiSheet:
    path: Path
    sheet: str
    records: dict[str, KpiRecord]
    notices: list[str]


def read_kpi(path: str | Path, team: Team, month: tuple[int, int] | None = None) -> KpiSheet:
    """Read and check the KPI workbook against the team; any bad cell is an InputError naming it.
    With `month`, a sheet that says it is of another month (its file name or a 月份 column) is refused."""
    path = Path(path)
    if month is not None:
        _same_month_in_name(path, month)
    sheet, header, formats = _sheet_layout(path)
    known_headers = {h.strip().lower() for names in KPI_HEADERS.values() for h in names}
    notices = [f"{path.name}，工作表 {sheet}：“{str(h).strip()}”列不是考核表的列，已忽略"
               for h in header if h is not None and str(h).strip() and str(h).strip().lower() not in known_headers]
    employees = team.by_id()
    records: dict[str, KpiRecord] = {}
    for r in read_rows(path, (sheet,), KPI_HEADERS, ("employee_id",)):
        eid = r["employee_id"].text(required=True)
        if eid not in employees:
            raise r["employee_id"].error(f"unknown 工号 {eid}: not in the team sheet", f"工号 {eid} 不在员工表中")
        if eid in records:
            raise r["employee_id"].error(f"duplicate 工号 {eid} (first on row {records[eid].row})",
                                         f"工号 {eid} 出现了两次（第一次在第 {records[eid].row} 行）")
        if month is not None:
            _same_month_in_cell(r["month"], month)
        records[eid] = _record(r, eid, formats, notices)
    return KpiSheet(path, sheet, records, notices)


_MONTH_IN_NAME = re.compile(r"(?<!\d)(20\d\d)\s*[-_.年]?\s*(0?[1-9]|1[0-2])(?!\d)")


def _same_month_in_name(path: Path, month: tuple[int, int]) -> None:
    """kpi-2026-10.xlsx given for --month 2026-11 is the wrong sheet far more often than a bad name."""
    m = _MONTH_IN_NAME.search(path.stem)
    if m and (int(m.group(1)), int(m.group(2))) != month:
        named, wanted = f"{m.group(1)}-{int(m.group(2)):02d}", f"{month[0]:04d}-{month[1]:02d}"
        raise InputError(f"the file name says {named} but --month is {wanted}: give this month's KPI sheet "
                         "(or rename the file)", file=path,
                         zh=f"文件名写的是 {named}，--month 却是 {wanted}：请用本月的考核表（或改文件名）")


def _same_month_in_cell(cell: Cell, month: tuple[int, int]) -> None:
    if cell.blank:
        return
    v = cell.value
    if hasattr(v, "year") and hasattr(v, "month"):
        found = (v.year, v.month)
    else:
        m = _MONTH_IN_NAME.search(str(v))
        if not m:
            raise cell.error(f"expected a month like 2026-11, got {v!r}", f"应填月份，如 2026-11，现为“{v}”")
        found = (int(m.group(1)), int(m.group(2)))
    if found != month:
        named, wanted = f"{found[0]:04d}-{found[1]:02d}", f"{month[0]:04d}-{month[1]:02d}"
        raise cell.error(f"this row is of {named} but --month is {wanted}",
                         f"这一行是 {named} 的考核，--month 却是 {wanted}")


def _sheet_layout(path: Path) -> tuple[str, tuple, dict[tuple[int, str], str]]:
    """Sheet name, header row and the number formats of the data cells (read_rows drops them)."""
    wb = open_workbook(path, data_only=False)
    try:
        name = next((s for s in wb.sheetnames if s.strip() in KPI_SHEETS), None)
        if name is None and len(wb.sheetnames) == 1:
            name = wb.sheetnames[0]
        if name is None:
            raise InputError(f"no sheet named {' or '.join(KPI_SHEETS[:3])} (sheets: {', '.join(wb.sheetnames)})",
                             file=path, zh=f"找不到工作表 {' 或 '.join(KPI_SHEETS[:3])}（现有工作表："
                                           f"{'、'.join(wb.sheetnames)}）")
        header: tuple = ()
        formats: dict[tuple[int, str], str] = {}
        for r, row in enumerate(wb[name].iter_rows(), start=1):
            if r == 1:
                header = tuple(c.value for c in row)
                continue
            for c in row:
                fmt = getattr(c, "number_format", None)
                if fmt and "%" in fmt and getattr(c, "column_letter", None):
                    formats[(r, c.column_letter)] = fmt
        return name, header, formats
    finally:
        wb.close()


def _letter(cell: Cell) -> str:
    return cell.column.split(" ", 1)[0]


WHAT_ZH = {"a number": "数字", "an amount in yuan": "金额（元）", "a whole number": "整数"}


def _number(cell: Cell, what: str = "a number") -> Decimal | None:
    if cell.blank:
        return None
    v = cell.value
    try:
        out = parse_amount(v) if isinstance(v, str) else to_decimal(v)
    except (TypeError, ValueError):
        raise cell.error(f"expected {what}, got {v!r}", f"应填{WHAT_ZH[what]}，现为{shown(v)}") from None
    if out < ZERO:
        raise cell.error(f"cannot be negative, got {v!r}", f"不能为负数，现为{shown(v)}")
    return out


def _percent(cell: Cell, formats: dict, notices: list[str], suspect: bool = False) -> Decimal | None:
    if cell.blank:
        return None
    v = cell.value
    if isinstance(v, str):
        text = v.strip()
        m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)\s*[%％]?", text)
        if not m:
            raise cell.error(f"expected a percentage like 95 or 95%, got {v!r}",
                             f"应填百分数，如 95 或 95%，现为{shown(v)}")
        out = to_decimal(m.group(1))
    elif isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        out = to_decimal(v)
        if (cell.row, _letter(cell)) in formats:
            out = out * HUNDRED             # a percent-formatted cell stores 0.95 for 95 %
        elif ZERO < out <= 1 and suspect:
            notices.append(cell.error(f"{v} read as {v} % (write 95 or 95% for 95 %)",
                                      f"{v} 按 {v}% 读入（95% 请填 95 或 95%）").chinese())
    else:
        raise cell.error(f"expected a percentage like 95 or 95%, got {v!r}",
                         f"应填百分数，如 95 或 95%，现为{shown(v)}")
    if not ZERO <= out <= HUNDRED:
        raise cell.error(f"a percentage must be between 0 and 100, got {v!r}",
                         f"百分数应在 0 到 100 之间，现为{shown(v)}")
    return out


def _count(cell: Cell) -> int:
    value = _number(cell, "a whole number")
    if value is None:
        return 0
    if value != value.to_integral_value():
        raise cell.error(f"expected a whole number, got {cell.value!r}", f"应填整数，现为{shown(cell.value)}")
    return int(value)


def _summary(cell: Cell) -> str | None:
    text = cell.text()
    if text is None:
        return None
    for key, names in SUMMARY.items():
        if text.lower() in names:
            return key
    raise cell.error(f"expected 通过, 提交 or 无, got {text!r}", f"应填 通过、提交 或 无，现为“{text}”")


def _record(r, eid: str, formats: dict, notices: list[str]) -> KpiRecord:
    values: dict[str, Any] = {}
    for name in NUMBERS:
        values[name] = _number(r[name])
    for name in AMOUNTS:
        values[name] = _number(r[name], "an amount in yuan")
    for name in PERCENT:
        values[name] = _percent(r[name], formats, notices, name in FRACTION_SUSPECT)
    for name in COUNTS:
        values[name] = _count(r[name])
    stars = _count(r["misconduct_stars"])
    if stars not in MISCONDUCT_STARS:
        got = r["misconduct_stars"].value
        raise r["misconduct_stars"].error(f"严重违纪 is a star count 0, 3, 4 or 5, got {got!r}",
                                          f"严重违纪填星数 0、3、4 或 5，现为{shown(got)}")
    taken = None if r["exam_taken"].blank else r["exam_taken"].flag()
    if taken is False and values["exam_score"] is not None:
        raise r["exam_score"].error("参加月考 is 否 but an exam score is given", "参加月考填的是“否”，却填了考试成绩")
    if taken is None and values["exam_score"] is not None:
        taken = True
    note = r["note"].text() or None
    return KpiRecord(employee_id=eid, row=r.row, exam_taken=taken, monthly_summary=_summary(r["monthly_summary"]),
                     misconduct_stars=stars, note=note, cells=dict(r.cells), **values)
