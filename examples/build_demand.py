"""Rebuild examples/demand-2026-12.xlsx: eight past weeks of chats of the example shop (sheet
历史咨询量), from which `roster solve --demand` forecasts December 2026 with its 双12 peak.

Run: python examples/build_demand.py. Fictional but shaped like a Taobao/Tmall shop's queue: chats
per half hour from 09:00 to 24:00 (the shifts' service hours), a morning rise, a lunch dip, the
evening peak 20:00–22:00 when buyers shop after work, weekends 20 % busier, aftersale about a quarter
of presale's chats but longer ones (售前:售后 staff about 2:1 [001]) and flatter, peaking late morning when parcels arrive. 双11
(2026-11-11, a Wednesday) is 4 times an ordinary Wednesday (the policy's 11-11 multiplier is that
measurement). Counts are Poisson draws around the shape (fixed seed: the file is the same each run).
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

HERE = Path(__file__).parent
OUT = HERE / "demand-2026-12.xlsx"
FIRST, WEEKS = date(2026, 10, 5), 8            # Monday 2026-10-05 .. Sunday 2026-11-29
# chats per half hour on an ordinary weekday, 09:00 .. 23:30
PRESALE = [22, 34, 45, 52, 56, 56, 45, 38, 41, 45, 52, 56, 56, 52, 45, 41, 45, 52, 64, 80, 95, 100, 100, 95,
           80, 66, 52, 41, 30, 22]
AFTERSALE = [12, 18, 22, 25, 25, 22, 18, 15, 18, 20, 20, 20, 18, 18, 15, 15, 15, 15, 18, 20, 22, 22, 22, 20,
             18, 15, 12, 10, 8, 5]
WEEKEND = 1.2
PROMOTIONS = {date(2026, 11, 11): 4.0}
HEADERS = ["日期", "时段", "岗位", "咨询量"]


def rows(seed: int = 2026):
    rng = np.random.default_rng(seed)
    for i in range(WEEKS * 7):
        day = FIRST + timedelta(days=i)
        factor = (WEEKEND if day.weekday() >= 5 else 1.0) * PROMOTIONS.get(day, 1.0)
        for role, shape in (("售前", PRESALE), ("售后", AFTERSALE)):
            for k, mean in enumerate(shape):
                minutes = 9 * 60 + 30 * k
                yield day, f"{minutes // 60:02d}:{minutes % 60:02d}", role, int(rng.poisson(mean * factor))


def main() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "历史咨询量"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for day, time, role, chats in rows():
        ws.append([day, time, role, chats])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    for col, width in zip("ABCD", (12, 8, 8, 8)):
        ws.column_dimensions[col].width = width
    wb.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
