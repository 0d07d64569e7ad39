"""Build the example clock-in sheet for a month's roster, laid out as a 钉钉 每日统计 export.

For every employee and day of the roster CSV (default examples/roster-2026-11.csv) one row: on a shift
day a first punch a few minutes before the start and a last punch a few minutes after the end (a C
shift ending at 24:00 punches out "次日 00:xx"), on rest and leave days blank punches. A handful of
deterministic exceptions show each rule: late within the grace, late in each tier, early leave, late
by more than an hour (half a day absent), no punch at all (a day absent), one punch missing (缺卡)
and a punch on a rest day (ignored). The layout is the export's: a title row, a generation-time row,
then the header (姓名, 考勤组, 部门, 工号, 职位, UserId, 日期 as "26-11-03 星期二", 班次, 上班1打卡时间,
上班1打卡结果, 下班1打卡时间, 下班1打卡结果), read through [payroll.clock_in.columns].

    python examples/build_clock_in.py [--roster roster-2026-11.csv] [--out clock-in-2026-11.xlsx]
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kefu.team import read_team  # noqa: E402
from payroll.clock_in import clock_text  # noqa: E402
from roster.policy import load_policy  # noqa: E402

HEADERS = ("姓名", "考勤组", "部门", "工号", "职位", "UserId", "日期", "班次", "上班1打卡时间", "上班1打卡结果",
           "下班1打卡时间", "下班1打卡结果")
WEEKDAYS = "一二三四五六日"
SEED = 20261130
# (employee's position among those with shift days, which of their shift days, what happens)
EXCEPTIONS = (
    (0, 2, ("late", 4)),          # within the 5-minute grace: no line
    (0, 5, ("late", 17)),         # 16-30 min tier
    (1, 3, ("late", 7)),          # 1-15 min tier
    (2, 4, ("early", 20)),        # early leave, 16-30 min tier
    (3, 6, ("late", 75)),         # more than 60 min: half a day absent
    (4, 8, ("absent", 0)),        # no punch at all: a day absent
    (5, 1, ("no_out", 0)),        # one punch missing (缺卡): a notice under the example policy
    (6, 9, ("late", 40)),         # 31+ min tier
    (7, 10, ("early", 3)),        # early by 3 min, no grace: 1-15 min tier
)


def build(roster_path: Path, team_path: Path, policy_path: Path) -> tuple[str, list[tuple]]:
    policy = load_policy(policy_path)
    team = read_team(team_path, policy.team, tuple(policy.roster.shifts))
    names = {e.employee_id: e for e in team.employees}
    shifts = policy.roster.shifts
    with roster_path.open(newline="", encoding="utf-8-sig") as fh:
        entries = [(r["employee_id"], date.fromisoformat(r["date"]), r["code"]) for r in csv.DictReader(fh)]
    rng = random.Random(SEED)
    working = sorted({eid for eid, _, code in entries if code in shifts}, key=list(names).index)
    special: dict[tuple[str, date], tuple[str, int]] = {}
    for who, nth, what in EXCEPTIONS:
        days = [d for eid, d, code in entries if eid == working[who] and code in shifts]
        special[(working[who], days[nth])] = what
    rest_punch = next((eid, d) for eid, d, code in entries if code == "OFF")   # someone came in on a rest day
    rows = []
    for eid, d, code in entries:
        if code == "NA":
            continue
        e = names[eid]
        label = f"{d:%y-%m-%d} 星期{WEEKDAYS[d.weekday()]}"
        first = last = None
        if code in shifts:
            s = shifts[code]
            first, last = s.start_min - rng.randint(1, 15), s.end_min + rng.randint(0, 20)
            kind, minutes = special.get((eid, d), ("", 0))
            if kind == "late":
                first = s.start_min + minutes
            elif kind == "early":
                last = s.end_min - minutes
            elif kind == "absent":
                first = last = None
            elif kind == "no_out":
                last = None
        elif (eid, d) == rest_punch:
            first, last = 10 * 60 + 2, 12 * 60 + 30
        shift_name = f"{code} {shifts[code].start}-{shifts[code].end}" if code in shifts else "休息"
        rows.append((e.name, "客服部考勤组", "客服部", eid, e.role, f"user{eid[-3:]}", label, shift_name,
                     clock_text(first) if first is not None else "", _result(first, last, code in shifts, "in"),
                     clock_text(last) if last is not None else "", _result(first, last, code in shifts, "out")))
    month = entries[0][1]
    title = f"每日统计  统计日期：{month:%Y-%m}-01 至 {max(d for _, d, _ in entries):%Y-%m-%d}"
    return title, rows


def _result(first: int | None, last: int | None, shift_day: bool, which: str) -> str:
    """The export's 打卡结果 column (informative only; the payroll recomputes it from the times)."""
    if not shift_day:
        return "休息" if first is None else "休息日打卡"
    value = first if which == "in" else last
    return "缺卡" if value is None else "正常"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--roster", type=Path, default=HERE / "roster-2026-11.csv")
    ap.add_argument("--team", type=Path, default=HERE / "team.xlsx")
    ap.add_argument("--policy", type=Path, default=HERE / "policy.toml")
    ap.add_argument("--out", type=Path, default=HERE / "clock-in-2026-11.xlsx")
    args = ap.parse_args()
    title, rows = build(args.roster, args.team, args.policy)
    wb = Workbook()
    ws = wb.active
    ws.title = "每日统计"
    ws.append((title,))
    ws.append(("报表生成时间：2026-12-01 09:00",))
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    tmp = args.out.with_suffix(".xlsx.tmp")
    wb.save(tmp)
    tmp.replace(args.out)
    print(f"wrote {args.out} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
