"""Rebuild examples/kpi-2026-11.xlsx: the November 2026 月度考核 sheet of the example team.

Run: python examples/build_kpi.py. Fictional figures for KF001..KF030 of team.xlsx, except KF021
(hired 2026-12-14, not yet employed in November). A few rows trigger rewards and penalties:
KF004 exam first / typing ≥ 100 / sales 125 %; KF012 fails the exam; KF016 misses it; KF019 types
below the probation requirement; KF010 hands in no monthly summary; KF014 has 10 colleague
complaints; KF018 a ★★★ misconduct; KF029 the weakest aftersale metrics. Reply rates of the
aftersale rows are percent-formatted cells (0.985 shown as 98.50 %); two accuracies are "96%" text.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

HERE = Path(__file__).parent
HEADERS = ["工号", "姓名", "考试成绩", "平时成绩", "参加月考", "打字速度", "打字正确率", "客件数", "销售额", "月总结",
           "同事投诉", "差评", "行政处罚", "重大失误", "严重违纪", "绩效得分", "首响时间", "平均响应", "回复率",
           "延误率", "询单转化率", "退款纠纷率", "投诉", "DSR", "专项附加扣除", "社保公积金个人", "其他补贴", "其他扣款",
           "备注"]
# Presale: 工号, 姓名, 考试, 平时, 参加月考, 打字, 正确率, 客件数, 销售额, 月总结, 同事投诉, 差评, 违纪,
#          首响, 平均响应, 回复率, 延误率, 转化率, 备注
PRESALE = [
    ("KF004", "王芳", 95, 92, "是", 105, 97, 2.3, 422500, "通过", 0, 0, 0, 18, 75, 99.5, 2.1, 46.5, "双11主力"),
    ("KF005", "李娜", 85, 80, "是", 85, "96%", 2.0, 365000, "通过", 0, 0, 0, 22, 88, 99.1, 3.0, 41.2, None),
    ("KF006", "张伟", 78, 85, "是", 82, 93, 1.9, 318000, "提交", 0, 1, 0, 25, 96, 98.6, 3.8, 38.0, None),
    ("KF007", "刘洋", 82, 75, "是", 78, 95, 1.8, 330000, "提交", 0, 0, 0, 27, 102, 98.2, 4.1, 36.4, None),
    ("KF008", "杨丽", 88, 86, "是", 90, 91, 1.95, 262000, "通过", 0, 0, 0, 24, 99, 98.8, 3.5, 39.1, "16-18日年假"),
    ("KF009", "赵敏", 72, 80, "是", 76, 94, 1.7, 300000, "提交", 1, 0, 0, 29, 110, 98.0, 4.6, 35.0, None),
    ("KF010", "黄磊", 70, 72, "是", 72, 92, 1.6, 251000, "无", 0, 0, 0, 31, 118, 97.6, 5.2, 33.3, None),
    ("KF011", "吴婷", 81, 78, "是", 80, "90%", 1.75, 327000, "提交", 0, 0, 0, 26, 104, 98.4, 4.0, 37.7, None),
    ("KF012", "徐明", 55, 60, "是", 70, 92, 1.5, 212000, "提交", 0, 0, 0, 34, 126, 97.1, 6.0, 30.2, "考试未合格"),
    ("KF013", "孙悦", 76, 70, "是", 74, 93, 1.65, 290000, "提交", 0, 0, 0, 28, 107, 98.1, 4.4, 34.8, "20日事假"),
    ("KF014", "马超", 68, 65, "是", 71, 91, 1.55, 238000, "提交", 10, 0, 0, 33, 121, 97.4, 5.6, 31.6, None),
    ("KF015", "朱琳", 79, 82, "是", 88, 95, 1.85, 349000, "通过", 0, 0, 0, 21, 92, 99.0, 3.2, 40.3, None),
    ("KF016", "胡斌", None, 58, "否", 66, 90, 1.45, 205000, "提交", 0, 0, 0, 36, 130, 96.8, 6.4, 28.9, "未参加月考"),
    ("KF017", "郭佳", 74, 76, "是", 68, 92, 1.6, 297000, "提交", 0, 0, 0, 30, 112, 97.9, 4.8, 33.9, None),
    ("KF018", "何雪", 66, 70, "是", 65, 91, 1.5, 226000, "提交", 0, 2, 3, 32, 119, 97.5, 5.3, 32.0, "生硬回复客户"),
    ("KF019", "高翔", 62, 64, "是", 55, 88, 1.4, 270000, "提交", 0, 0, 0, 35, 124, 97.2, 5.8, 30.5, "试用期满前"),
    ("KF020", "罗琪", 71, 68, "是", 62, 90, 1.55, 248000, "提交", 0, 0, 0, 33, 120, 97.5, 5.0, 31.0, "11-03转正"),
]
# Aftersale: 工号, 姓名, 同事投诉, 差评, 首响, 平均响应, 回复率(fraction, %-formatted), 延误率, 纠纷率, 投诉, DSR
AFTERSALE = [
    ("KF022", "梁慧", 0, 0, 19, 80, 0.995, 2.0, 0.8, 0, 4.9),
    ("KF023", "宋涛", 0, 0, 23, 95, 0.990, 2.8, 1.1, 1, 4.8),
    ("KF024", "谢娟", 0, 1, 26, 101, 0.985, 3.6, 1.3, 1, 4.8),
    ("KF025", "韩冰", 0, 0, 28, 109, 0.981, 4.2, 1.5, 2, 4.7),
    ("KF026", "唐亮", 0, 0, 25, 98, 0.987, 3.3, 1.2, 0, 4.8),
    ("KF027", "冯雨", 1, 0, 30, 115, 0.979, 4.9, 1.8, 2, 4.7),
    ("KF028", "曹阳", 0, 0, 27, 105, 0.983, 4.0, 1.4, 1, 4.8),
    ("KF029", "邓洁", 0, 2, 38, 133, 0.962, 6.8, 2.6, 4, 4.5),
    ("KF030", "彭博", 0, 0, 31, 117, 0.978, 5.0, 1.9, 2, 4.7),
]
LEADS = [("KF001", "周静", 0), ("KF002", "陈浩", 1500), ("KF003", "林晓雯", 0)]


def _row(**cells) -> list:
    return [cells.get(h) for h in HEADERS]


def build(path: Path = HERE / "kpi-2026-11.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "月度考核"
    ws.append(HEADERS)
    for eid, name, special in LEADS:
        ws.append(_row(工号=eid, 姓名=name, 月总结="通过", 专项附加扣除=special or None,
                       其他补贴=300 if eid == "KF001" else None, 备注="主管津贴" if eid == "KF001" else None))
    for (eid, name, exam, daily, taken, speed, acc, items, sales, summary, peers, bad, stars,
         first, avg, reply, delay, conv, note) in PRESALE:
        ws.append(_row(工号=eid, 姓名=name, 考试成绩=exam, 平时成绩=daily, 参加月考=taken, 打字速度=speed,
                       打字正确率=acc, 客件数=items, 销售额=sales, 月总结=summary, 同事投诉=peers, 差评=bad,
                       严重违纪=stars or None, 首响时间=first, 平均响应=avg, 回复率=reply, 延误率=delay,
                       询单转化率=conv, 专项附加扣除=1000 if eid in ("KF005", "KF009") else None,
                       其他扣款=50 if eid == "KF018" else None, 备注=note))
    for eid, name, peers, bad, first, avg, reply, delay, dispute, complaints, dsr in AFTERSALE:
        ws.append(_row(工号=eid, 姓名=name, 月总结="提交", 同事投诉=peers, 差评=bad, 首响时间=first, 平均响应=avg,
                       回复率=reply, 延误率=delay, 退款纠纷率=dispute, 投诉=complaints, DSR=dsr))
        ws.cell(ws.max_row, HEADERS.index("回复率") + 1).number_format = "0.00%"
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    for col in ws.columns:
        ws.column_dimensions[col[0].column_letter].width = 11
    ws.freeze_panes = "C2"
    wb.save(path)
    return path


if __name__ == "__main__":
    print(build())
