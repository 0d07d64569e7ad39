"""The team workbook template a new shop starts from: sheets 员工 and 请假与偏好 from the policy.

Dropdowns offer what the policy accepts (its roles, shops, salary grades), the levels P1-P6, 是/否
and the request types; every column the team reader knows is there, with a hint and one example row
(shaded; delete or overwrite it). `roster template` writes it; what it writes reads back through
`roster solve` and `payroll run` once filled in.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from kefu.policy_file import read_policy_toml
from kefu.team import LEVELS, REQUEST_HEADERS, REQUEST_KINDS, REQUEST_SHEETS, TEAM_HEADERS, TEAM_SHEETS
from kefu.template_sheet import Column, Sheet, write_template
from roster.policy import Policy

YES_NO = ("是", "否")
TEAM_FILE = "team.xlsx"


def _grades(policy: Policy) -> tuple[str, ...]:
    """The salary grades of [payroll.base_salary.grades], read from the same file (roster does not
    validate [payroll]; an absent table offers no dropdown)."""
    raw = read_policy_toml(policy.path).get("payroll", {})
    return tuple(raw.get("base_salary", {}).get("grades", {}))


def team_sheets(policy: Policy) -> list[Sheet]:
    roles = tuple(r.name or rid for rid, r in policy.team.roles.items())
    shops = tuple(policy.team.shops)
    grades = _grades(policy)
    cities = (policy.team.default_city,) if policy.team.default_city else ()
    first_shop = shops[0] if shops else None
    employees = (
        Column("employee_id", "员工编号，每人唯一，按文本填写（如 KF001）", required=True, example="KF001"),
        Column("name", "姓名", required=True, example="张晓"),
        Column("role", "岗位：" + "、".join(roles), "choice", roles, required=True, example=roles[0]),
        Column("level", "等级 P1–P6（P3 高级客服、P4 银牌、P5 金牌、P6 至尊VIP）", "choice", LEVELS, example="P2"),
        Column("grade", "薪资档，决定基本工资：" + "、".join(grades), "choice" if grades else "text", grades,
               example=grades[0] if grades else None),
        Column("shop", "所属店铺（集市店/天猫店决定每日销售指标）", "choice" if shops else "text", shops,
               example=first_shop, width=16),
        Column("hire_date", "入职日期；月中入职按比例排班和计薪", "date", example=date(2026, 3, 2)),
        Column("regular_date", "转正日期（打字速度要求按转正时间）", "date", example=date(2026, 6, 2)),
        Column("leave_date", "离职日期：最后一个在职日；在职留空", "date"),
        Column("duty_eligible", "能否当天值班：是/否。没有这一列时谁都不能值班", "choice", YES_NO, example="是"),
        Column("city", "社保城市；留空用策略的默认城市", "choice" if cities else "text", cities,
               example=cities[0] if cities else None),
        Column("si_base", "社保缴费基数（元）；留空按工资与城市上下限", "number"),
        Column("id_number", "身份证号，18 位，按文本填写；输出里一律打码", width=22),
        Column("bank_account", "工资卡账号，只填数字，按文本填写；输出里一律打码", width=24),
        Column("work_start_date", "参加工作日期（第一份工作，任何单位）：年休假按累计工龄 5/10/15 天；空则按入职日期", "date"),
        Column("annual_leave_taken", "年中启用本工具时：今年启用前已休的年假天数", "number"),
    )
    leave = policy.team.leave
    kinds = tuple(leave.name(c) for c in leave.codes) + tuple(names[0] for names in REQUEST_KINDS.values())
    requests = (
        Column("employee_id", "员工编号（须在 员工 表里）", required=True, example="KF001"),
        Column("start", "第一天", "date", required=True, example=date(2026, 12, 24)),
        Column("end", "最后一天；只一天留空", "date", example=date(2026, 12, 25)),
        Column("kind", "类型：" + "、".join(leave.name(c) for c in leave.codes)
               + " 是批准的假（排班固定）；休息申请、偏好班次、避免班次 是愿望",
               "choice", kinds, required=True, example=kinds[0]),
        Column("shift", "偏好或避免的班次：" + "、".join(policy.roster.shifts), "choice",
               tuple(policy.roster.shifts)),
        Column("weight", "这条请求的权重（整数）；留空用策略里的", "number"),
        Column("note", "备注", width=24),
    )
    _all_fields(TEAM_HEADERS, employees)
    _all_fields(REQUEST_HEADERS, requests)
    return [Sheet(TEAM_SHEETS[0], TEAM_HEADERS, employees, "每人一行；红色表头必填。第 2 行是示例，请改写或删除。"),
            Sheet(REQUEST_SHEETS[0], REQUEST_HEADERS, requests,
                  "请假与排班愿望，每条一行（可填日期范围）；没有可留空，但请保留这张表。")]


def _all_fields(headers: dict, columns: tuple[Column, ...]) -> None:
    """A template offers every column its reader accepts: a column added to the reader needs a hint here."""
    missing = set(headers) - {c.field for c in columns}
    if missing:
        raise ValueError(f"template lacks columns {sorted(missing)}")


def write_team_template(policy: Policy, out_dir: str | Path) -> Path:
    return write_template(Path(out_dir) / TEAM_FILE, team_sheets(policy))
