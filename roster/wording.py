"""How the roster speaks to a supervisor: Chinese rule names, days, codes and people, in one place.

Every user-facing text of the roster side (the validator's messages, the model's penalty words,
the infeasibility explanation, the workbook and the CLI) names rules, days and codes through these
helpers, so a rule or a day reads the same everywhere. rule_ids stay English: they are keys (policy
tables, CSV columns, tests), shown after the Chinese name as the policy key to look up.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from kefu.calendar import WEEKDAY_ZH
from kefu.leave_types import DEFAULT_LEAVE, LeaveTypes
from roster.codes import ZH
from roster.instance import HOL, NA, OFF, TEAM

# rule_id -> the name a supervisor reads; one entry per rule of roster.rules and the validator.
RULE_NAMES = {
    "structure": "排班表完整性",
    "rest_days": "每月公休",
    "statutory_holidays": "法定节假日",
    "coverage": "班次人数",
    "duty": "每日值班",
    "succession": "班次衔接",
    "max_consecutive_work": "最多连续上班",
    "min_consecutive_work": "最少连续上班",
    "min_consecutive_off": "最少连续休息",
    "shift_limits": "班次次数上限",
    "working_minutes": "工时上下限",
    "max_weekends": "周末上班上限",
    "overtime_limit": "加班上限",
    "leave": "已批假期",
    "day_off_requests": "休息申请",
    "shift_preferences": "班次偏好",
    "fair_late_shifts": "晚班均衡",
    "fair_weekend_rest": "周末休息均衡",
    "fair_duty": "值班均衡",
    "fair_holiday_work": "节假日出勤均衡",
    "shift_stability": "班次稳定",
    "weekend_rest": "周末休息下限",
    "duty_in_a_row": "连续值班上限",
    "interval_cover": "时段人手",
    "repair_changes": "重排改动",
}
CODE_NAMES = {OFF: "公休", HOL: "节假日休息", **{c: DEFAULT_LEAVE.name(c) for c in DEFAULT_LEAVE.codes}, NA: "不在职"}
DAY_KINDS = {"holiday": "法定节假日", "promotion": "大促"}       # weekday/weekend: the 周X says it
STATUS = {"OPTIMAL": "已证明是最好的排班", "FEASIBLE": "排出了一个守住所有硬约束的排班，不知道离最好的排班有多远",
          "INFEASIBLE": "硬约束无法同时满足", "UNKNOWN": "时间上限内没有找到排班", "MODEL_INVALID": "模型无效"}


def rule_name(rule_id: str) -> str:
    """The Chinese name of a rule (the rule_id itself for a rule without one)."""
    return RULE_NAMES.get(rule_id, rule_id)


def rule_title(rule_id: str) -> str:
    """Chinese name first, the rule_id (its policy key) after: 每月公休（rest_days）."""
    name = RULE_NAMES.get(rule_id)
    return f"{name}（{rule_id}）" if name else rule_id


def rule_list(rule_ids) -> str:
    return "、".join(rule_title(r) for r in rule_ids)


def day_text(day: date | None, kind: str | None = None, index: int | None = None) -> str:
    """12-08（周二）; 12-12（周六，大促）with a special day type; 第 3 天 for a horizon without dates."""
    if day is None:
        return f"第 {index} 天" if index is not None else "某天"
    extra = DAY_KINDS.get(kind or "")
    return f"{day:%m-%d}（周{WEEKDAY_ZH[day.weekday()]}{'，' + extra if extra else ''}）"


def instance_day(instance, d: int) -> str:
    """Day d of an Instance as day_text shows it; d < 0 is a day of the history before the horizon."""
    days = instance.days
    if 0 <= d < len(days):
        return day_text(days[d].date, days[d].day_type, d)
    if d < 0 and days and days[0].date is not None:
        return day_text(days[0].date + timedelta(days=d))
    return day_text(None, index=d)


def span_text(first: str, last: str) -> str:
    """'12-08（周二）' for one day, '12-08（周二）至 12-10（周四）' for several."""
    return first if first == last else f"{first}至 {last}"


def code_text(code: str, leave: LeaveTypes = DEFAULT_LEAVE) -> str:
    """A roster code as the grid shows it: 休 节 —, a leave type's mark (年 事 病 ...), a shift as A班."""
    if code in leave:
        return leave.mark(code)
    return ZH.get(code, f"{code}班")


def code_name(code: str, leave: LeaveTypes = DEFAULT_LEAVE) -> str:
    """A non-work code in words: 公休, 节假日休息, a leave type's name, 不在职 (the code itself otherwise)."""
    return leave.name(code) if code in leave else CODE_NAMES.get(code, code)


def who_text(person_id: str, name: str | None) -> str:
    """工号 and 姓名 (the 工号 alone when there is no separate name)."""
    return person_id if not name or name == person_id else f"{person_id} {name}"


def role_text(role: str | None, role_names: Mapping[str, str] | None = None) -> str:
    """A role as the team sheet names it (售前), its id when no name is known; '' for any role."""
    if role is None:
        return ""
    return (role_names or {}).get(role, role)


def group_text(group: str, role_names: Mapping[str, str] | None = None) -> str:
    """A fair group as the supervisor reads it: the whole team (TEAM) as 全队; a role id as 售前组;
    an id without a name as 'presale 组'."""
    if group == TEAM:
        return "全队"
    name = (role_names or {}).get(group)
    return f"{name}组" if name else f"{group} 组"


def status_text(status: str, objective: int | None = None, bound: float | None = None) -> str:
    """How good the roster is, in words a supervisor reads (no solver terms): proven the best, at
    most so many points (and percent of its penalty) from the best possible, or, with nothing to
    measure it against, only that it keeps the hard rules."""
    if status == "FEASIBLE" and objective is not None and bound is not None:
        short = objective - max(0, -int(-bound // 1))          # the bound rounded up: penalties are whole
        if short <= 0:
            return STATUS["OPTIMAL"]
        return f"离可能的最好排班至多差 {short} 分（{short / objective:.1%}）"
    return STATUS.get(status, status)


def _clock(minutes: int) -> str:
    """Minutes after midnight as a clock time; a shift ending at midnight ends at 24:00."""
    return "24:00" if minutes == 24 * 60 else f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def succession_text(inst, before: str, after: str) -> str:
    """Why a succession is forbidden: the hours of rest between the shifts when short of the minimum
    ("C（22:00–06:00）后接 B（11:00）只休息 5 小时，少于 11 小时"), else that the pair is listed."""
    known = set(inst.shift_ids)
    if inst.min_rest_minutes and before in known and after in known:
        a, b = inst.shift(before), inst.shift(after)
        rest = 24 * 60 + b.start_min - a.end_min
        if rest < inst.min_rest_minutes:
            return (f"{before}（{_clock(a.start_min)}–{_clock(a.end_min)}）后接 {after}（{_clock(b.start_min)}）"
                    f"只休息 {hours_text(rest)} 小时，少于 {hours_text(inst.min_rest_minutes)} 小时")
    return f"{before} → {after} 之间休息不足，禁止"


def hours_text(minutes: int) -> str:
    """Minutes as hours for a supervisor: 5, 10.5, 23.48."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
