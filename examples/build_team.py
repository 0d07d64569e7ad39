"""Rebuild examples/team.xlsx: a 30-person CS team of two shops (run: python examples/build_team.py).

Fictional people; ID card and bank numbers are made up (they only show that outputs mask them).

A lawful Shanghai shop: the juniors are on 二档 (4,000), nobody on the seed's 一档 (3,000). Shanghai's
minimum wage (2,740 from 2025-07-01) excludes the employee's own social insurance and housing fund, and
SI is due on at least the city floor (7,384): 3,000 − 985.32 = 2,014.68 would be below it, so `payroll
run` would top every 一档 agent up and warn; 4,000 − 1,055.32 = 2,944.68 is not. KF003 declares the SI
floor as her 社保基数, so her housing fund is on 7,384 too (5,000 − 1,292.20 stays above the minimum;
on 二档 it would not: 4,000 − 1,292.20 = 2,707.80).
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kefu.identity import id_check_character  # noqa: E402

HERE = Path(__file__).parent
JI, TM = "绿源集市店", "绿源天猫旗舰店"
# 工号, 姓名, 岗位, 等级, 薪资档, 店铺, 入职, 转正, 离职, 可值班, 社保基数
PEOPLE = [
    ("KF001", "周静", "主管", "P6", "三档", TM, "2019-03-04", "2019-06-04", None, "是", None),
    ("KF002", "陈浩", "组长", "P5", "三档", JI, "2020-07-13", "2020-10-13", None, "是", None),
    ("KF003", "林晓雯", "组长", "P5", "三档", TM, "2021-02-22", "2021-05-22", None, "是", 7384),
    ("KF004", "王芳", "售前", "P5", "二档", TM, "2021-09-01", "2021-12-01", None, "是", None),
    ("KF005", "李娜", "售前", "P4", "二档", TM, "2022-03-15", "2022-06-15", None, "是", None),
    ("KF006", "张伟", "售前", "P4", "二档", JI, "2022-05-09", "2022-08-09", None, "否", None),
    ("KF007", "刘洋", "售前", "P4", "二档", TM, "2022-08-01", "2022-11-01", None, "否", None),
    ("KF008", "杨丽", "售前", "P3", "二档", JI, "2023-02-13", "2023-05-13", None, "否", None),
    ("KF009", "赵敏", "售前", "P3", "二档", TM, "2023-04-03", "2023-07-03", None, "否", None),
    ("KF010", "黄磊", "售前", "P3", "二档", JI, "2023-06-19", "2023-09-19", None, "否", None),
    ("KF011", "吴婷", "售前", "P3", "二档", TM, "2023-09-04", "2023-12-04", None, "否", None),
    ("KF012", "徐明", "售前", "P2", "二档", JI, "2024-02-26", "2024-05-26", None, "否", None),
    ("KF013", "孙悦", "售前", "P2", "二档", TM, "2024-04-08", "2024-07-08", None, "否", None),
    ("KF014", "马超", "售前", "P2", "二档", JI, "2024-07-01", "2024-10-01", None, "否", None),
    ("KF015", "朱琳", "售前", "P2", "二档", TM, "2024-10-14", "2025-01-14", None, "否", None),
    ("KF016", "胡斌", "售前", "P1", "二档", JI, "2025-03-03", "2025-06-03", None, "否", None),
    ("KF017", "郭佳", "售前", "P1", "二档", TM, "2025-06-16", "2025-09-16", None, "否", None),
    ("KF018", "何雪", "售前", "P1", "二档", JI, "2025-09-01", "2025-12-01", None, "否", None),
    ("KF019", "高翔", "售前", "P1", "二档", TM, "2026-05-11", "2026-08-11", None, "否", None),
    ("KF020", "罗琪", "售前", "P1", "二档", JI, "2026-08-03", "2026-11-03", None, "否", None),
    ("KF021", "郑凯", "售前", "P1", "二档", TM, "2026-12-14", None, None, "否", None),
    ("KF022", "梁慧", "售后", "P5", "二档", TM, "2020-11-02", "2021-02-02", None, "是", None),
    ("KF023", "宋涛", "售后", "P4", "二档", JI, "2021-12-06", "2022-03-06", None, "是", None),
    ("KF024", "谢娟", "售后", "P3", "二档", TM, "2022-10-10", "2023-01-10", None, "否", None),
    ("KF025", "韩冰", "售后", "P3", "二档", JI, "2023-08-21", "2023-11-21", None, "否", None),
    ("KF026", "唐亮", "售后", "P2", "二档", TM, "2024-05-20", "2024-08-20", None, "否", None),
    ("KF027", "冯雨", "售后", "P2", "二档", JI, "2024-11-04", "2025-02-04", None, "否", None),
    ("KF028", "曹阳", "售后", "P2", "二档", TM, "2025-04-14", "2025-07-14", "2026-12-18", "否", None),
    ("KF029", "邓洁", "售后", "P1", "二档", JI, "2025-10-20", "2026-01-20", None, "否", None),
    ("KF030", "彭博", "售后", "P1", "二档", TM, "2026-07-06", "2026-10-06", None, "否", None),
]
# 工号, 开始日期, 结束日期, 类型, 班次, 权重, 备注
REQUESTS = [
    ("KF008", "2026-11-16", "2026-11-18", "年假", None, None, "回老家"),
    ("KF025", "2026-11-05", None, "病假", None, None, "感冒"),
    ("KF013", "2026-11-20", None, "事假", None, None, "搬家"),
    ("KF005", "2026-12-21", "2026-12-23", "年假", None, None, "年假已批"),
    ("KF026", "2026-12-08", None, "病假", None, None, "医院复诊"),
    ("KF012", "2026-12-04", None, "事假", None, None, "办证"),
    ("KF009", "2026-12-24", "2026-12-25", "休息申请", None, 10, "平安夜"),
    ("KF011", "2026-12-31", None, "休息申请", None, None, "跨年"),
    ("KF017", "2026-12-05", "2026-12-06", "休息申请", None, None, "考试"),
    ("KF024", "2026-12-19", None, "休息申请", None, None, None),
    ("KF015", "2026-12-01", "2026-12-31", "偏好班次", "A", 2, "接送孩子"),
    ("KF010", "2026-12-01", "2026-12-31", "避免班次", "C", 1, "夜间上课"),
    ("KF027", "2026-12-01", "2026-12-31", "偏好班次", "B", 1, None),
]

HEADERS = ["工号", "姓名", "岗位", "等级", "薪资档", "店铺", "入职日期", "转正日期", "离职日期", "可值班", "城市",
           "社保基数", "身份证号", "银行账号"]


def _d(s):
    return date.fromisoformat(s) if s else None


def build(path: Path = HERE / "team.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "员工"
    ws.append(HEADERS)
    for i, (eid, name, role, level, grade, shop, hire, regular, leave, duty, si_base) in enumerate(PEOPLE):
        first17 = f"3101{i % 9 + 1:02d}19{88 + i % 10:02d}{(i % 12) + 1:02d}{(i % 27) + 1:02d}{1000 + i * 37:04d}"[:17]
        idn = first17 + id_check_character(first17)          # a well-formed number (GB 11643 check character)
        bank = f"62220210010{4000000 + i * 7919:08d}"
        ws.append([eid, name, role, level, grade, shop, _d(hire), _d(regular), _d(leave), duty, "上海",
                   si_base, idn, bank])
    rq = wb.create_sheet("请假与偏好")
    rq.append(["工号", "开始日期", "结束日期", "类型", "班次", "权重", "备注"])
    for eid, start, end, kind, shift, weight, note in REQUESTS:
        rq.append([eid, _d(start), _d(end), kind, shift, weight, note])
    for sheet in (ws, rq):
        for c in sheet[1]:
            c.font = Font(bold=True)
            c.fill = PatternFill("solid", fgColor="DDEBF7")
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = 13
            for c in col[1:]:
                if isinstance(c.value, date):
                    c.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "B2"
    wb.save(path)
    return path


if __name__ == "__main__":
    print(build())
