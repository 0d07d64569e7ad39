"""依据: the figures that triggered a pay line, in Chinese words for the finance workbook.

A pay line keeps its inputs as `figures` (English keys, exact values) for the ledger and the CSV; the
workbook shows them as "得分 94.1，排名 1/16，门槛 80". Every number is rounded once, the way the line's
reason rounds it (`money.fmt_figure` for figures, `money.fmt` for amounts), so a reason and its 依据 never
show one value two ways. Keys without words here are bookkeeping (a KPI row, a flag) and are left out:
the workbook never shows an English key.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from payroll.money import HUNDRED, fmt, fmt_figure, fmt_pct, to_decimal


def _number(unit: str = "") -> Callable[[Any], str]:
    return lambda v: f"{fmt_figure(v)}{unit}"


def _money(v: Any) -> str:
    return fmt(to_decimal(v))


def _percent(v: Any) -> str:
    """A percent number (95 means 95 %), written as the reasons write it: 95%."""
    return f"{fmt_figure(v)}%"


def _ratio(v: Any) -> str:
    """A multiplier or share (2 means 200 %, 0.6 means 60 %), written as the reasons write it (money.fmt_pct)."""
    return fmt_pct(to_decimal(fmt_figure(to_decimal(v) * HUNDRED)))


def _text(words: Mapping[str, str] | None = None) -> Callable[[Any], str]:
    def show(v: Any) -> str:
        if isinstance(v, (list, tuple)):
            return "、".join(show(x) for x in v)
        return (words or {}).get(str(v), str(v))
    return show


SUMMARY_STATUS = {"approved": "委员会通过", "submitted": "已提交", "none": "未提交"}
PAYOUT_WHEN = {"leaver": "离职当月", "year_end": "年末"}
PRORATION = {"paid_days": "按计薪日", "calendar_days": "按日历日"}

# figure key -> (words, how its value is written); the order of a line's figures is kept
WORDS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "score": ("得分", _number()), "threshold": ("门槛", _number()), "pass_mark": ("及格线", _number()),
    "rank": ("排名", _number()), "group_size": ("人数", _number()),
    "speed": ("打字速度", _number(" 字/分")), "requirement": ("要求", _number(" 字/分")),
    "accuracy_pct": ("正确率", _percent), "items": ("客件数", _number()), "average": ("均值", _number()),
    "scope": ("范围", _text()), "completion_pct": ("业绩完成率", _percent), "sales": ("销售额", _money),
    "daily_target": ("日目标", _money), "days_worked": ("出勤", _number(" 天")), "steps": ("超额档数", _number()),
    "status": ("状态", _text(SUMMARY_STATUS)), "months": ("月份", _text()),
    "hours": ("工时", _number(" 小时")), "minutes": ("时长", _number(" 分钟")),
    "overtime_base": ("计薪基数", _money), "base_source": ("基数来源", _text()), "hourly_wage": ("小时工资", _money),
    "rate": ("比例", _ratio), "dates": ("日期", _text()), "date": ("日期", _text()), "shift": ("班次", _text()),
    "grace": ("宽限", _number(" 分钟")), "tier": ("档位", _number(" 分钟及以上")),
    "days": ("天数", _number(" 天")), "daily_wage": ("日工资", _money), "monthly": ("月工资", _money),
    "per_day": ("每天", _money), "payout_rate": ("年假工资比例", _ratio),
    "entitlement": ("全年应休", _number(" 天")), "due": ("应休", _number(" 天")), "taken": ("已休", _number(" 天")),
    "remaining": ("未休", _number(" 天")), "when": ("结算", _text(PAYOUT_WHEN)),
    "sick_pay_ratio": ("病假工资比例", _ratio), "pay_ratio": ("计薪比例", _ratio),
    "method": ("折算", _text(PRORATION)), "days_employed": ("在职", _number(" 天")),
    "days_in_month": ("当月", _number(" 天")), "paid_days_employed": ("在职计薪日", _number(" 天")),
    "cap": ("扣款上限", _money), "applied": ("本月扣款", _money), "carried_out": ("结转下月", _money),
    "carried_in": ("上月结转", _money), "minimum": ("最低工资", _money), "shortfall": ("差额", _money),
    "share_of_month": ("在岗比例", _ratio),
    "cumulative_income": ("累计收入", _money), "cumulative_taxable_income": ("累计应纳税所得额", _money),
    "cumulative_tax": ("累计应纳税额", _money), "tax_withheld_ytd": ("累计已扣税", _money),
}

# a rule whose figure means something narrower than the general word
RULE_WORDS: dict[str, dict[str, str]] = {
    "exam": {"score": "考试得分"},
    "typing": {"status": "阶段"},
    "monthly_summary": {"status": "月总结"},
    "overtime": {"rate": "倍率", "hours": "加班"},
    "rest_day_overtime": {"rate": "倍率", "hours": "加班"},
    "holiday_overtime": {"rate": "倍率", "hours": "加班"},
    "annual_leave_payout": {"rate": "另付比例", "days": "未休天数"},
    "late_arrival": {"minutes": "迟到"},
    "early_leave": {"minutes": "早退"},
}

SEPARATOR = "，"


def basis_text(rule_id: str, figures: Mapping[str, Any]) -> str:
    """The 依据 cell of a pay line: its figures in words, in their order ("得分 94.1，排名 1/16，门槛 80")."""
    words = RULE_WORDS.get(rule_id, {})
    parts = []
    for key, value in figures.items():
        if value is None or value == "" or key not in WORDS:
            continue
        if key == "minutes" and "hours" in figures:      # the same time, already said in hours
            continue
        if key == "group_size" and "rank" in figures:    # said with the rank: 排名 1/16
            continue
        label, show = WORDS[key]
        text = show(value)
        if key == "rank" and figures.get("group_size") is not None:
            text = f"{text}/{fmt_figure(figures['group_size'])}"
        parts.append(f"{words.get(key, label)} {text}")
    level_from, level_to = figures.get("level_from"), figures.get("level_to")
    if level_to is not None and level_from != level_to:
        parts.append(f"等级 {level_from or '—'} → {level_to}")
    return SEPARATOR.join(parts)


def has_words(key: str) -> bool:
    """Whether a figure key is said in words on the finance sheets (the rest stay in the ledger)."""
    return key in WORDS or key in ("level_from", "level_to")
