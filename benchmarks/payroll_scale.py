"""Payroll at scale: 10,000 employees, one month — run, close, bank file and pay slips.

    python benchmarks/payroll_scale.py [--employees 10000] [--month 2026-11] [--keep DIR]
                                       [--spin-count N] [--results benchmarks/RESULTS.md]

Generates a synthetic team workbook, KPI sheet and attendance CSV (not timed), then times the steps of
`payroll.run.run_month` (inputs → rules → statutory layer → ledger → payroll-YYYY-MM.xlsx and CSVs) and
of `payroll close` (chain verified, month sealed, final workbook written)
and prints the wall time, the cpu time of each step, the load average (other work on the machine
stretches the wall time) and the process's peak resident memory. Goal: < 30 s and < 2 GiB on 2 cores.
Then `payroll bank` and `payroll slips` as a finance clerk runs them (own processes; the slips' key
rounds from the policy or --spin-count). Goal for the four steps: < 60 s on 2 cores. With --results,
the table is appended to that file with the command, machine and date.
"""
from __future__ import annotations

import argparse
import csv
import os
import platform
import subprocess
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from kefu.calendar import month_dates, parse_month  # noqa: E402

SHOPS = ("绿源集市店", "绿源天猫旗舰店")
ROLES = (("售前", 6), ("售后", 3), ("主管", 1))       # presale : aftersale about 2 : 1, one lead in ten
GRADES = ("一档", "二档", "三档")


def policy_text() -> str:
    text = (ROOT / "examples" / "policy.toml").read_text(encoding="utf-8")
    if "[payroll.statutory]" not in text:
        text += "\n" + (ROOT / "examples" / "policy-statutory.toml").read_text(encoding="utf-8")
    return text


def write_team(path: Path, n: int, rng: random.Random) -> list[tuple[str, str, bool]]:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("员工")
    ws.append(["工号", "姓名", "岗位", "等级", "薪资档", "店铺", "入职日期", "转正日期", "离职日期", "可值班", "城市",
               "社保基数", "身份证号", "银行账号"])
    roles = [r for r, w in ROLES for _ in range(w)]
    out = []
    for i in range(n):
        eid, role = f"E{i:05d}", roles[i % len(roles)]
        duty = role != "售前" and i % 3 == 0
        ws.append([eid, f"员工{i}", role, f"P{1 + i % 6}", GRADES[i % 3], SHOPS[i % 2], "2024-03-01", "2024-06-01",
                   None, "是" if duty else "否", "上海", None, f"31010119900101{i:04d}", f"62220210010{i:08d}"])
        out.append((eid, role, duty))
    wb.save(path)
    return out


def write_kpi(path: Path, people, rng: random.Random) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("月度考核")
    ws.append(["工号", "考试成绩", "平时成绩", "参加月考", "打字速度", "打字正确率", "客件数", "销售额", "月总结",
               "同事投诉", "差评", "首响时间", "平均响应", "回复率", "延误率", "询单转化率", "退款纠纷率", "投诉", "DSR",
               "专项附加扣除", "其他补贴", "其他扣款"])
    for eid, _, _ in people:
        ws.append([eid, rng.randint(40, 99), rng.randint(50, 99), "是", rng.randint(45, 130), rng.randint(85, 100),
                   rng.randint(150, 220) / 100, rng.randint(100_000, 500_000), rng.choice(["通过", "提交", "无"]),
                   rng.choice([0, 0, 0, 1, 11]), rng.choice([0, 0, 1]), rng.randint(5, 60), rng.randint(40, 200),
                   rng.randint(90, 100), rng.randint(0, 10), rng.randint(20, 70), rng.randint(0, 5),
                   rng.randint(0, 3), rng.randint(45, 50) / 10, rng.choice([None, 1000, 2000]),
                   rng.choice([None, 200]), rng.choice([None, None, 50])])
    wb.save(path)


def write_attendance(path: Path, people, year: int, month: int) -> None:
    days = month_dates(year, month)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["employee_id", "date", "code", "duty"])
        duty_people = [eid for eid, _, duty in people if duty]
        for i, (eid, _, _) in enumerate(people):
            off = {2 + i % 6 + 7 * k for k in range(4)}
            for d in days:
                code = "OFF" if d.day in off else ("A", "B", "C")[(i - (d.day - 1) // 7) % 3]
                if d.day == 9 and i % 50 == 0:
                    code = "PL"
                if d.day == 10 and i % 40 == 0:
                    code = "SL"
                on_duty = code == "C" and eid == duty_people[d.day % len(duty_people)]
                w.writerow([eid, d.isoformat(), code, int(on_duty)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=10_000)
    ap.add_argument("--month", default="2026-11")
    ap.add_argument("--keep", type=Path, help="write the inputs and outputs here instead of a temp dir")
    ap.add_argument("--spin-count", type=int, help="the slips' key rounds instead of the policy's")
    ap.add_argument("--results", type=Path, help="append the table to this file (e.g. benchmarks/RESULTS.md)")
    args = ap.parse_args()
    year, month = parse_month(args.month)
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = args.keep or Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        policy = policy_text()
        if args.spin_count:
            policy = policy.replace("spin_count = 100000", f"spin_count = {args.spin_count}")
        (tmp / "policy.toml").write_text(policy, encoding="utf-8")
        spins = int(policy.split("spin_count = ", 1)[1].split()[0])
        people = write_team(tmp / "team.xlsx", args.employees, rng)
        write_kpi(tmp / "kpi.xlsx", people, rng)
        write_attendance(tmp / "roster.csv", people, year, month)
        print(f"generated {args.employees} employees in {time.perf_counter() - t0:.1f} s (not timed)")

        from payroll.run import RunInputs, compute_month, publish_month

        db = tmp / "out" / "payroll-ledger.sqlite"
        db.unlink(missing_ok=True)
        inputs = RunInputs(tmp / "team.xlsx", tmp / "policy.toml", tmp / "kpi.xlsx", tmp / "roster.csv")
        # run_month = compute_month + publish_month; timed apart to show where the time goes.
        t1, c1 = time.perf_counter(), time.process_time()
        result = compute_month(inputs, args.month, db)
        t2, c2 = time.perf_counter(), time.process_time()
        publish_month(result, tmp / "out", db)
        t3, c3 = time.perf_counter(), time.process_time()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB on Linux
        t = result.register.totals
        print(f"payroll run {args.month}: {len(result.register.rows)} employees, {len(result.lines)} pay lines, "
              f"{len(result.review)} review items, net {t.net:,.2f}")
        print(f"time {t3 - t1:.1f} s (goal < 30 s); peak memory {peak:.0f} MiB (goal < 2048 MiB)")
        print(f"  read + compute {t2 - t1:.1f} s (cpu {c2 - c1:.1f} s); ledger + workbook + CSVs {t3 - t2:.1f} s "
              f"(cpu {c3 - c2:.1f} s); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        workbook = tmp / "out" / f"payroll-{args.month}.xlsx"
        print(f"workbook {workbook.stat().st_size / 2**20:.1f} MiB")

        from payroll.ledger import Ledger
        from payroll.month_report import close_month

        t4 = time.perf_counter()
        close_month(db, args.month)                       # verify the chain, seal, write the final workbook
        t5 = time.perf_counter()
        with Ledger(db) as ledger:
            ledger.check_sealed()                         # what every later command does first
        t6 = time.perf_counter()
        print(f"payroll close {t5 - t4:.1f} s (verify, seal, final workbook); verifying the sealed month "
              f"{t6 - t5:.1f} s")
        common = ["--month", args.month, "--team", str(tmp / "team.xlsx"), "--policy", str(tmp / "policy.toml"),
                  "--out", str(tmp / "out"), "--db", str(db)]
        bank_s = finance_step(["bank", "--bank", "icbc", "--pay-date", "2026-12-10", *common])
        slips_s = finance_step(["slips", *common])
        slips = len(list((tmp / "out" / f"slips-{args.month}").iterdir()))
        print(f"payroll bank {bank_s:.1f} s; payroll slips {slips_s:.1f} s ({slips} files, {spins:,} key rounds, "
              f"{os.cpu_count()} processes)")
        steps = (("run", t3 - t1), ("close", t5 - t4), ("bank", bank_s), ("slips", slips_s))
        total = sum(s for _, s in steps)
        print(f"run + close + bank + slips {total:.1f} s (goal < 60 s)")
        if args.results:
            append_results(args, spins, steps, total)


def finance_step(argv: list[str]) -> float:
    """Wall time of one `payroll` command in its own process, as finance runs it."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "payroll.cli", *argv], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"payroll {argv[0]} failed: {done.stdout}{done.stderr}")
    return time.perf_counter() - started


def append_results(args, spins: int, steps, total: float) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    command = "python benchmarks/payroll_scale.py " + " ".join(sys.argv[1:])
    rows = "\n".join(f"| {name} | {s:.1f} |" for name, s in steps)
    text = (f"\n### Payroll at scale, {stamp}\n\n`{command}` — {args.employees:,} employees, slips with "
            f"{spins:,} key rounds; {os.cpu_count()} cores ({cpu}), load average {os.getloadavg()[0]:.1f} at the end.\n\n"
            f"| step | seconds |\n|---|---|\n{rows}\n| **total** | **{total:.1f}** (goal < 60) |\n")
    with open(args.results, "a", encoding="utf-8") as fh:
        fh.write(text)


if __name__ == "__main__":
    main()
