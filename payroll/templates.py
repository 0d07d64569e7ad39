"""The payroll input templates HR fills each month: the KPI sheet (月度考核) and, in the first month a
shop uses the tool mid-year, the opening year-to-date sheet (期初累计).

Both come prefilled with one row per person employed in the month (工号 and 姓名 from the team
workbook), so HR types figures, not identities; every column the reader knows is there with a hint,
and the choice columns (参加月考, 月总结, 严重违纪) have dropdowns. With `[payroll.clock_in]` in the policy a
clock-in sheet (打卡) for the month is written too, one row per person and day, under the policy's own
header spellings. `payroll template` writes them.
"""
from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date
from pathlib import Path

from kefu.team import Team
from kefu.template_sheet import Column, Sheet, write_template
from payroll.kpi import KPI_HEADERS, KPI_SHEETS, MISCONDUCT_STARS, SUMMARY
from payroll.policy import ClockInPolicy
from payroll.statutory.income_tax import OPENING_COLUMNS

PCT = "百分数，直接填 95 即为 95 %"
KPI_HINTS: dict[str, tuple[str, str]] = {     # field -> (kind, hint)
    "employee_id": ("text", "员工编号（已按团队表填好）"),
    "name": ("text", "姓名（核对用）"),
    "month": ("text", "本行的月份，如 2026-11；与 --month 不同时拒绝"),
    "exam_score": ("number", "月考成绩（分）"),
    "daily_score": ("number", "平时成绩平均（分）"),
    "exam_taken": ("choice", "是否参加月考：是/否；填了成绩即视为参加"),
    "typing_speed": ("number", "打字速度，字/分钟"),
    "typing_accuracy": ("percent", "打字正确率，" + PCT),
    "items_per_customer": ("number", "客件数（件/人）"),
    "sales": ("number", "销售额（元），只计标注到本人的订单"),
    "monthly_summary": ("choice", "月总结：通过 / 提交 / 无"),
    "colleague_complaints": ("number", "同事投诉次数"),
    "bad_reviews": ("number", "差评次数"),
    "admin_penalties": ("number", "行政处罚次数"),
    "major_errors": ("number", "重大失误次数"),
    "misconduct_stars": ("choice", "严重违纪星级：0、3、4、5（3 星以上进入人事预警，不自动辞退）"),
    "appraisal_score": ("number", "绩效得分；留空由评分卡计算"),
    "first_response_s": ("number", "首次响应时间（秒）"),
    "avg_response_s": ("number", "平均响应时间（秒）"),
    "reply_rate": ("percent", "回复率，" + PCT),
    "delay_rate": ("percent", "延误率（60 秒未回复），" + PCT),
    "conversion_rate": ("percent", "询单转化率，" + PCT),
    "dispute_rate": ("percent", "退款纠纷率，" + PCT),
    "complaints": ("number", "投诉次数"),
    "dsr": ("number", "店铺动态评分 DSR"),
    "special_deduction": ("number", "专项附加扣除（元/月），个税用"),
    "social_insurance_override": ("number", "个人社保公积金（元）；留空按基数计算"),
    "other_allowance": ("number", "其他补贴（元）"),
    "other_deduction": ("number", "其他扣款（元，税后扣）"),
    "note": ("text", "备注：其他补贴、其他扣款的事由，写进工资明细"),
}
CHOICES = {"exam_taken": ("是", "否"), "monthly_summary": tuple(names[0] for names in SUMMARY.values()),
           "misconduct_stars": tuple(str(s) for s in MISCONDUCT_STARS)}
OPENING_HINTS = {
    "employee_id": "员工编号（已按团队表填好）",
    "income": "本年 1 月至上月的累计收入（元）",
    "special_deductions": "累计专项扣除：个人社保公积金（元）",
    "special_additional": "累计专项附加扣除（元），可留空",
    "other": "累计其他扣除（元），可留空",
    "tax_withheld": "本年已预扣的个税（元）",
    "months": "已计的月数（每月 5,000 基本减除）",
}


def employed_in(team: Team, year: int, month: int) -> list:
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return [e for e in team.employees
            if (e.hire_date is None or e.hire_date <= last) and (e.leave_date is None or e.leave_date >= first)]


def kpi_sheet(team: Team, year: int, month: int) -> tuple[Sheet, list[dict]]:
    columns = tuple(Column(field, hint, kind, CHOICES.get(field, ()), required=field == "employee_id",
                           width=12 if kind != "text" else None)
                    for field, (kind, hint) in KPI_HINTS.items())
    missing = set(KPI_HEADERS) - set(KPI_HINTS)
    if missing:
        raise ValueError(f"KPI template lacks columns {sorted(missing)}")
    rows = [{"employee_id": e.employee_id, "name": e.name, "month": f"{year:04d}-{month:02d}"}
            for e in employed_in(team, year, month)]
    return Sheet(KPI_SHEETS[0], KPI_HEADERS, columns, "每人一行，工号和姓名已填好；空格表示不适用。"), rows


def opening_sheet(team: Team, year: int, month: int) -> tuple[Sheet, list[dict]]:
    columns = tuple(Column(field, hint, "text" if field == "employee_id" else "number",
                           required=field in ("employee_id", "income", "tax_withheld", "months"))
                    for field, hint in OPENING_HINTS.items())
    rows = [{"employee_id": e.employee_id} for e in employed_in(team, year, month)]
    return Sheet("期初累计", OPENING_COLUMNS, columns, "年中开始用本工具的第一个月用：本年至上月的累计数。"), rows


CLOCK_IN_HINTS = {"employee_id": ("text", "员工编号（须在员工表里）"),
                  "date": ("date", "日期；每人每天一行"),
                  "first_in": ("text", "上班打卡时间，如 08:57；没打卡留空"),
                  "last_out": ("text", "下班打卡时间，如 18:03；过了午夜写 次日 00:40 或 24:40；没打卡留空")}


def clock_in_sheet(clock_in: ClockInPolicy, team: Team, year: int, month: int) -> tuple[Sheet, list[dict]]:
    """A clock-in sheet under the policy's first header spelling of each column, one row per person
    and day of the month (an export from 钉钉 or 企业微信 reads as it is instead)."""
    headers = {f: tuple(getattr(clock_in.columns, f)) for f in CLOCK_IN_HINTS}
    columns = tuple(Column(f, hint, kind, required=True) for f, (kind, hint) in CLOCK_IN_HINTS.items())
    days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    rows = [{"employee_id": e.employee_id, "date": d} for e in employed_in(team, year, month) for d in days
            if e.employed_on(d)]
    name = clock_in.sheets[0] if clock_in.sheets else "打卡"
    return Sheet(name, headers, columns, "每人每天一行；上下班打卡时间按打卡机或钉钉/企业微信记录填写。"), rows


def write_payroll_templates(team: Team, year: int, month: int, out_dir: str | Path,
                            clock_in: ClockInPolicy | None = None) -> list[Path]:
    """kpi-YYYY-MM.xlsx, opening-ytd-YYYY.xlsx and (when the policy reads clock-in sheets)
    clock-in-YYYY-MM.xlsx in out_dir, prefilled with the month's people."""
    out = Path(out_dir)
    sheets = [(f"kpi-{year:04d}-{month:02d}.xlsx", kpi_sheet(team, year, month)),
              (f"opening-ytd-{year:04d}.xlsx", opening_sheet(team, year, month))]
    if clock_in is not None:
        sheets.append((f"clock-in-{year:04d}-{month:02d}.xlsx", clock_in_sheet(clock_in, team, year, month)))
    return [write_template(out / name, [replace(sheet, rows=tuple(rows))]) for name, (sheet, rows) in sheets]
