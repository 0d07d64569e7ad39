"""The roster CLI through click's CliRunner; every output is re-read through the library or openpyxl."""
from __future__ import annotations

import csv
import re
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kefu.calendar import WEEKDAY_ZH
from kefu.team import read_team
from roster.cli import main
from roster.policy import load_policy
from roster.roster_file import assignment_from_table, read_roster

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TEAM, POLICY = EXAMPLES / "team.xlsx", EXAMPLES / "policy.toml"
SOLVER = ["--time-limit", "6", "--workers", "2", "--seed", "1"]


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", out, *SOLVER)
    return out, result


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY)


def zh_day(iso: str, promotion_days=()) -> str:
    """A day as the roster's messages write it: 12-08（周二）, 12-12（周六，大促）on a listed promotion
    day (policy [roster.calendar] promotion_days, MM-DD)."""
    d = date.fromisoformat(iso)
    extra = "，大促" if f"{d:%m-%d}" in promotion_days else ""
    return f"{d:%m-%d}（周{WEEKDAY_ZH[d.weekday()]}{extra}）"


def shift_ids(policy):
    return tuple(policy.roster.shifts)


def month_instance(policy):
    from roster.monthly import build_month_instance

    team = read_team(TEAM, policy.team, shift_ids(policy))
    return build_month_instance(policy, team, 2026, 12, None)


class TestSolve:
    def test_writes_grid_and_csv_that_read_back(self, solved, policy):
        out, result = solved
        assert result.exit_code == 0, result.output
        assert "所有硬约束均满足" in result.stdout
        assert "正在排 2026-12：30 人，31 天" in result.stderr        # progress on stderr
        assert f"已写出 {out / 'roster-2026-12.xlsx'}" in result.stdout
        xlsx, csv_path = out / "roster-2026-12.xlsx", out / "roster-2026-12.csv"
        assert xlsx.exists() and csv_path.exists()
        wb = openpyxl.load_workbook(xlsx)
        assert wb.sheetnames == ["排班表", "覆盖", "统计", "软约束", "说明"]
        grid = wb["排班表"]
        assert grid.cell(5, 1).value == "KF001" and grid.cell(4, 15).value == "双12"   # 12-12 in column O
        ids = [grid.cell(r, 1).value for r in range(5, 35)]
        assert ids[-1] == "KF030" and grid.cell(35, 2).value == "值班"
        about = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
        assert "sha256" in about["团队文件 team"]
        assert about["细节：求解状态 solver status"] in ("OPTIMAL", "FEASIBLE")
        assert about["校验 validator"] == "所有硬约束均满足"
        # the leaver KF028 (1-18 December) gets 3 rest days where prorating gives 2: said and written
        assert "每月公休（rest_days）：KF028 " in result.stdout and "排 3 天公休" in about["备注 note"]
        soft = list(wb["软约束"].iter_rows(min_row=2, values_only=True))
        # December: 4 rest days and at most 7 working days in a row leave every full-month person
        # with isolated rest days no roster avoids: said once, counted as 0
        assert soft[0][0] == "任何排班都免不了的 unavoidable" and soft[0][4] == 0
        assert "是任何排班都免不了的" in soft[0][5]
        for rule, eid, name, _, amount, words in soft[1:]:
            if eid is None:
                break
            assert rule.endswith("）") and "（" in rule                  # 最少连续休息（min_consecutive_off）
            assert words.startswith("比免不了的 ") and "× 权重" in words and amount > 0
        totals = {r[0]: r[4] for r in soft if r[0] and r[5] is None}
        assert totals["合计 total"] == totals["可以更好的 could be better"] + totals["任何排班都免不了的 unavoidable"]
        assert totals["合计 total"] == about["软约束总分 soft penalty (validator)"]
        instance = month_instance(policy)
        from roster.validate import check
        for path in (csv_path, xlsx):
            table = read_roster(path, shift_ids(policy))
            assert (table.year, table.month) == (2026, 12)
            report = check(instance, assignment_from_table(instance, table))
            assert report.ok, [str(v) for v in report.violations]
            assert f"软约束扣分 {report.total_penalty}" in result.stdout
        rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
        assert set(rows[0]) == {"employee_id", "date", "code", "duty"}
        assert {r["duty"] for r in rows} == {"0", "1"}
        by_day = {}
        for r in rows:
            by_day[r["date"]] = by_day.get(r["date"], 0) + int(r["duty"])
        assert len(by_day) == 31 and set(by_day.values()) == {1}

    def test_team_too_small_exits_2_with_the_shortfall(self, tmp_path):
        wb = openpyxl.load_workbook(TEAM)
        wb["员工"].delete_rows(12, 100)          # ten people left for a coverage of 17 a day
        wb["请假与偏好"].delete_rows(2, 100)
        team = tmp_path / "small.xlsx"
        wb.save(team)
        out = tmp_path / "out"
        result = run("solve", "--team", team, "--policy", POLICY, "--month", "2026-12", "--out", out, *SOLVER)
        assert result.exit_code == 2, result.output
        assert "排班 2026-12：硬约束无法同时满足，未写出任何文件。" in result.stdout
        assert "人手不够" in result.stdout
        assert "班次人数（coverage）：12-01（周二）需要 11 人（售前：A班 4、B班 4、C班 3），" \
               "在职且未请假的只有 7 人，缺 4 人" in result.stdout
        assert not out.exists()


class TestDeterministic:
    def test_two_deterministic_solves_write_the_identical_csv(self, tmp_path):
        """--deterministic: one worker, the seed, CP-SAT's deterministic time; however busy the
        machine, the same inputs give the same roster."""
        csvs = []
        for name in ("first", "second"):
            out = tmp_path / name
            result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", out,
                         "--time-limit", "4", "--seed", "3", "--deterministic")
            assert result.exit_code == 0, result.output
            csvs.append((out / "roster-2026-12.csv").read_bytes())
        assert csvs[0] == csvs[1]


class TestNextMonth:
    def test_previous_roster_carries_over(self, solved, tmp_path, policy):
        out, _ = solved
        jan = tmp_path / "jan"
        prev = out / "roster-2026-12.csv"
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2027-01", "--out", jan,
                     "--previous", prev, *SOLVER)
        assert result.exit_code == 0, result.output
        grid = openpyxl.load_workbook(jan / "roster-2027-01.xlsx")["排班表"]
        assert grid.cell(4, 4).value == "元旦"                       # 2027-01-01, a statutory holiday
        codes = [grid.cell(r, 4).value for r in range(5, 35)]
        assert "休" not in codes and "节" in codes                    # rest on 元旦 is 节, never 休
        last_dec = {e.employee_id: e.code for e in read_roster(prev, shift_ids(policy)).entries
                    if e.date == date(2026, 12, 31)}
        jan_first = {e.employee_id: e.code for e in read_roster(jan / "roster-2027-01.csv", shift_ids(policy)).entries
                     if e.date == date(2027, 1, 1)}
        assert not [e for e, c in last_dec.items() if c == "C" and jan_first.get(e) == "A"]   # no C → A at New Year
        result = run("check", jan / "roster-2027-01.xlsx", "--team", TEAM, "--policy", POLICY, "--previous", prev)
        assert result.exit_code == 0, result.output
        # without --previous, check uses the December roster the workbook was planned with (说明), and says so
        plain = run("check", jan / "roster-2027-01.xlsx", "--team", TEAM, "--policy", POLICY)
        assert plain.exit_code == 0, plain.output
        assert f"跨月的规则按排班时用的上月排班 {prev} 接着算" in plain.stderr
        assert plain.stdout == result.stdout

    def test_previous_of_the_wrong_month(self, solved, tmp_path):
        out, _ = solved
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2027-02", "--out", tmp_path / "o",
                     "--previous", out / "roster-2026-12.csv")
        assert result.exit_code == 3
        assert "--previous 给的是 2026-12 的排班，应为 2027-02 的上个月 2027-01" in result.output
        assert not (tmp_path / "o").exists()


class TestCheck:
    @pytest.mark.parametrize("name", ["roster-2026-12.csv", "roster-2026-12.xlsx"])
    def test_clean_roster(self, solved, name):
        out, _ = solved
        result = run("check", out / name, "--team", TEAM, "--policy", POLICY)
        assert result.exit_code == 0, result.output
        assert f"{name}：所有硬约束均满足" in result.output and "软约束扣分" in result.output

    def test_broken_csv_names_each_break(self, solved, policy, tmp_path):
        out, _ = solved
        rows = list(csv.DictReader((out / "roster-2026-12.csv").open(encoding="utf-8")))
        codes = {}
        for r in rows:
            codes.setdefault(r["employee_id"], {})[r["date"]] = r
        # a fifth rest day for KF006 on the first worked day
        kf006 = codes["KF006"]
        fifth = next(d for d, r in sorted(kf006.items()) if r["code"] in ("A", "B", "C") and r["duty"] == "0")
        kf006[fifth]["code"] = "OFF"
        # an A right after a C for the first non-duty-eligible person found with C then a shift
        victim, day_c, day_a = next(
            (e, d, nxt) for e, days in sorted(codes.items()) if e != "KF006"
            for d, nxt in zip(sorted(days), sorted(days)[1:])
            if days[d]["code"] == "C" and days[nxt]["code"] in ("B", "C") and days[nxt]["duty"] == "0")
        codes[victim][day_a]["code"] = "A"
        # nobody on duty on 12-15
        for days in codes.values():
            if "2026-12-15" in days:
                days["2026-12-15"]["duty"] = "0"
        broken = tmp_path / "broken.csv"
        with broken.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=["employee_id", "date", "code", "duty"])
            w.writeheader()
            w.writerows(rows)
        result = run("check", broken, "--team", TEAM, "--policy", POLICY)
        assert result.exit_code == 1, result.output
        assert "每月公休（rest_days）：KF006 张伟 本月公休 5 天，规定恰好 4 天" in result.output
        assert f"班次衔接（succession）：{victim} " in result.output
        promotion = policy.roster.calendar.promotion_days       # 12-12 is one: its label says 大促
        # C ends 24:00, A starts 09:00: 9 h of rest, under the example's 11
        assert (f"{zh_day(day_c, promotion)}上C班、{zh_day(day_a, promotion)}接A班"
                "（C（15:00–24:00）后接 A（09:00）只休息 9 小时，少于 11 小时）" in result.output)
        assert "每日值班（duty）：12-15（周二）没有值班人，规定恰好 1 名" in result.output
        assert "处违反硬约束，涉及" in result.output and "每日值班（duty）、" in result.output

    def test_hand_edited_grid_still_checks(self, solved, tmp_path):
        out, _ = solved
        path = tmp_path / "edited.xlsx"
        shutil.copy(out / "roster-2026-12.xlsx", path)
        wb = openpyxl.load_workbook(path)
        ws = wb["排班表"]
        for row in ws.iter_rows(min_row=5, max_row=34, min_col=4, max_col=34):
            for cell in row:
                if cell.value == "休":
                    cell.value = " off "
                elif cell.value in ("A", "B"):
                    cell.value = f" {cell.value.lower()}"
        wb.save(path)
        result = run("check", path, "--team", TEAM, "--policy", POLICY)
        assert result.exit_code == 0, result.output

    def test_month_mismatch(self, solved):
        out, _ = solved
        result = run("check", out / "roster-2026-12.csv", "--team", TEAM, "--policy", POLICY, "--month", "2027-01")
        assert result.exit_code == 3 and "错误：roster-2026-12.csv：这是 2026-12 的排班表，不是 2027-01 的" \
            in result.output


@pytest.fixture(scope="module")
def sick_leave_repair(solved, tmp_path_factory):
    """The solved month re-planned from 12-20, when KF007 is on sick leave 12-20..22: (result, out, new_dir)."""
    out, _ = solved
    tmp_path = tmp_path_factory.mktemp("repair")
    wb = openpyxl.load_workbook(TEAM)
    wb["请假与偏好"].append(["KF007", date(2026, 12, 20), date(2026, 12, 22), "病假", None, None, "住院"])
    team = tmp_path / "team.xlsx"
    wb.save(team)
    new_dir = tmp_path / "new"
    result = run("repair", out / "roster-2026-12.csv", "--from", "2026-12-20", "--team", team,
                 "--policy", POLICY, "--out", new_dir, *SOLVER)
    return result, out, new_dir


class TestRepair:
    def test_sick_leave_mid_month(self, sick_leave_repair, policy):
        result, out, new_dir = sick_leave_repair
        assert result.exit_code == 0, result.output
        assert "排班 2026-12 自 2026-12-20 起重排：改动 " in result.output
        old = read_roster(out / "roster-2026-12.csv", shift_ids(policy))
        new = read_roster(new_dir / "roster-2026-12.csv", shift_ids(policy))
        before = {(e.employee_id, e.date): e.code for e in old.entries}
        after = {(e.employee_id, e.date): e.code for e in new.entries}
        assert all(after[k] == v for k, v in before.items() if k[1] < date(2026, 12, 20))
        assert [after[("KF007", date(2026, 12, d))] for d in (20, 21, 22)] == ["SL"] * 3
        changed = sum(1 for k, v in before.items() if k[1] >= date(2026, 12, 20) and after[k] != v)
        assert f"改动 {changed} 格" in result.output
        assert "自 2026-12-20 起所有硬约束均满足" in result.output

    def test_lists_every_changed_cell(self, sick_leave_repair, policy):
        result, out, new_dir = sick_leave_repair
        assert result.exit_code == 0, result.output
        # the changes, found by comparing the two CSVs, each written as the grid shows its codes
        grid = {"A": "A班", "B": "B班", "C": "C班", "OFF": "休", "HOL": "节", "SL": "病", "AL": "年", "PL": "事"}
        names = {e.employee_id: e.name for e in read_team(TEAM, policy.team, shift_ids(policy)).employees}
        old = {(e.employee_id, e.date): e.code for e in read_roster(out / "roster-2026-12.csv", shift_ids(policy)).entries}
        new = {(e.employee_id, e.date): e.code for e in read_roster(new_dir / "roster-2026-12.csv", shift_ids(policy)).entries}
        expected = [f"{eid} {names[eid]} {zh_day(day.isoformat(), policy.roster.calendar.promotion_days)}："
                    f"{grid[old[eid, day]]} → {grid[new[eid, day]]}"
                    for eid, day in sorted(old, key=lambda k: (int(k[0][2:]), k[1])) if old[eid, day] != new[eid, day]]
        assert [f"KF007 {names['KF007']} 12-{d}（周{w}）：" for d, w in (("20", "日"), ("21", "一"), ("22", "二"))] \
            == [line.split("：")[0] + "：" for line in expected if line.startswith("KF007")][:3]
        printed = [line.strip() for line in result.stdout.splitlines() if line.startswith("  KF")]
        assert printed == expected
        about = [r[1] for r in openpyxl.load_workbook(new_dir / "roster-2026-12.xlsx")["说明"].iter_rows(
            min_row=2, values_only=True) if r[0] == "备注 note"]
        assert about[1:] == [f"改动 {line}" for line in expected] + [
            f"每月公休（rest_days）：KF028 {names['KF028']}：本月在职 18 天，公休按在职天数折算为 2 天；"
            "为不连续上班超过 7 天，排 3 天公休"]

    def test_kept_days_that_break_a_rule_are_named_once(self, solved, tmp_path, policy):
        out, _ = solved
        rows = list(csv.DictReader((out / "roster-2026-12.csv").open(encoding="utf-8")))
        for r in rows:                        # KF006 works every day before 12-10: nine in a row, limit 7
            if r["employee_id"] == "KF006" and r["date"] < "2026-12-10" and r["code"] == "OFF":
                r["code"] = "B"
        broken = tmp_path / "broken.csv"
        with broken.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=["employee_id", "date", "code", "duty"])
            w.writeheader()
            w.writerows(rows)
        result = run("repair", broken, "--from", "2026-12-10", "--team", TEAM, "--policy", POLICY,
                     "--out", tmp_path / "new", *SOLVER)
        assert result.exit_code == 2, result.output
        assert result.stdout.splitlines()[1:] == [
            "排班 2026-12 自 2026-12-10 起重排：硬约束无法同时满足，未写出任何文件。",
            "  2026-12-10 之前保持不变的格子已经违反硬约束（先在排班表里改正它们，或把 --from 提前）：",
            "  最多连续上班（max_consecutive_work）：KF006 张伟 12-01（周二）至 12-09（周三）连续上班 9 天，最多连续 7 天"]
        assert result.stdout.startswith("每月公休（rest_days）：KF028 ")       # said before planning
        assert "可以同时满足" not in result.output
        assert not (tmp_path / "new").exists()

    def test_from_outside_the_month(self, solved, tmp_path):
        out, _ = solved
        result = run("repair", out / "roster-2026-12.csv", "--from", "2027-01-03", "--team", TEAM,
                     "--policy", POLICY, "--out", tmp_path / "x")
        assert result.exit_code == 3 and "--from 2027-01-03 不在排班表的月份 2026-12 内" in result.output
        assert not (tmp_path / "x").exists()


class TestRerunKeepsABackup:
    """A rerun whose outputs exist keeps the earlier files (perhaps edited by hand) as dated backups."""

    def test_hand_edited_roster_is_kept(self, solved, tmp_path):
        out, _ = solved
        again = tmp_path / "again"
        shutil.copytree(out, again)
        wb = openpyxl.load_workbook(again / "roster-2026-12.xlsx")
        wb["排班表"]["D5"] = "手改"
        wb.save(again / "roster-2026-12.xlsx")
        edited = (again / "roster-2026-12.xlsx").read_bytes()
        old_csv = (again / "roster-2026-12.csv").read_bytes()
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", again, *SOLVER)
        assert result.exit_code == 0, result.output
        backups = {re.fullmatch(r"roster-2026-12\.备份-\d{8}-\d{4}\.(csv|xlsx)", p.name).group(1): p
                   for p in again.iterdir() if ".备份-" in p.name}
        assert backups["xlsx"].read_bytes() == edited
        assert f"roster-2026-12.xlsx 已存在：原文件保存为 {backups['xlsx'].name}" in result.stdout.splitlines()
        # the CSV is kept only when the new one differs: an identical file loses nothing
        changed = (again / "roster-2026-12.csv").read_bytes() != old_csv
        assert ("csv" in backups) == changed and (not changed or backups["csv"].read_bytes() == old_csv)
        assert openpyxl.load_workbook(again / "roster-2026-12.xlsx")["排班表"]["D5"].value != "手改"
        assert not [p for p in again.iterdir() if p.name.startswith(".")]

    def test_same_minute_gets_a_number(self, tmp_path):
        from datetime import datetime

        from kefu.backups import keep_backup
        path = tmp_path / "roster-2026-12.csv"
        when = datetime(2026, 12, 4, 16, 30)
        names = []
        for text in ("one", "two", "three"):
            path.write_text(text, encoding="utf-8")
            names.append(keep_backup(path, when).backup.name)
            path.unlink()
        assert names == ["roster-2026-12.备份-20261204-1630.csv", "roster-2026-12.备份-20261204-1630-2.csv",
                         "roster-2026-12.备份-20261204-1630-3.csv"]
        assert [(tmp_path / n).read_text(encoding="utf-8") for n in names] == ["one", "two", "three"]
        assert keep_backup(path, when) is None            # nothing to keep

    def test_identical_content_needs_no_backup(self, tmp_path):
        from kefu.backups import replace_keeping_backups
        target, same, other = tmp_path / "roster-2026-12.csv", tmp_path / ".a.csv", tmp_path / ".b.csv"
        target.write_text("x", encoding="utf-8")
        same.write_text("x", encoding="utf-8")
        other.write_text("y", encoding="utf-8")
        assert replace_keeping_backups([(same, target)]) == []
        made = replace_keeping_backups([(other, target)])
        assert [b.backup.read_text(encoding="utf-8") for b in made] == ["x"]
        assert target.read_text(encoding="utf-8") == "y" and not same.exists() and not other.exists()


class TestStorageErrors:
    def test_disk_full_leaves_the_earlier_files(self, solved, tmp_path, monkeypatch):
        import errno

        from openpyxl.workbook.workbook import Workbook

        out, _ = solved
        again = tmp_path / "again"
        shutil.copytree(out, again)
        before = {p.name: p.read_bytes() for p in again.iterdir()}

        def full(self, filename):
            Path(filename).write_bytes(b"PK")               # half a file, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(filename))
        monkeypatch.setattr(Workbook, "save", full)
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", again, *SOLVER)
        assert result.exit_code == 3
        assert result.stderr.strip().splitlines()[-1] == f"错误：{again / 'roster-2026-12.xlsx'}：磁盘空间不足"
        assert "已写出" not in result.stdout
        assert {p.name: p.read_bytes() for p in again.iterdir()} == before       # no temp file, no backup

    def test_no_permission(self, tmp_path, monkeypatch):
        import errno

        import roster.excel

        def refused(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path.parent / ".tmp"))
        monkeypatch.setattr(roster.excel, "temp_beside", refused)
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", tmp_path / "o",
                     *SOLVER)
        assert result.exit_code == 3
        assert result.stderr.strip().splitlines()[-1] == f"错误：{tmp_path / 'o' / 'roster-2026-12.xlsx'}：没有写入权限"


class TestBadInputs:
    def test_missing_team_column(self, tmp_path):
        wb = openpyxl.load_workbook(TEAM)
        wb["员工"]["C1"] = "职位"
        team = tmp_path / "team.xlsx"
        wb.save(team)
        result = run("solve", "--team", team, "--policy", POLICY, "--month", "2026-12", "--out", tmp_path / "o")
        assert result.exit_code == 3
        assert result.output.strip() == "错误：team.xlsx，工作表 员工，第 1 行：缺少“岗位”列（表头也可写作 role）"
        assert not (tmp_path / "o").exists()

    def test_unknown_code_in_roster(self, solved, tmp_path):
        out, _ = solved
        text = (out / "roster-2026-12.csv").read_text(encoding="utf-8").splitlines()
        text[3] = text[3].rsplit(",", 2)[0] + ",Z,0"
        path = tmp_path / "bad.csv"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        result = run("check", path, "--team", TEAM, "--policy", POLICY)
        assert result.exit_code == 3
        assert result.output.startswith("错误：bad.csv，第 4 行，C 列（code）：无法识别的排班代码“Z”")
        assert len(result.output.strip().splitlines()) == 1

    def test_bad_month_and_date(self, tmp_path, solved):
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-13", "--out", tmp_path / "o")
        assert result.exit_code == 3 and result.output == "错误：--month：月份应写成 2026-12 这样，现为“2026-13”\n"
        out, _ = solved
        result = run("repair", out / "roster-2026-12.csv", "--from", "12/10", "--team", TEAM, "--policy", POLICY,
                     "--out", tmp_path / "o")
        assert result.exit_code == 3 and "错误：--from 应为日期，如 2026-12-10，现为“12/10”" in result.output
        assert not (tmp_path / "o").exists()

    def test_missing_files(self, tmp_path):
        result = run("check", tmp_path / "nope.csv", "--team", TEAM, "--policy", POLICY)
        assert result.exit_code == 3 and result.output.strip() == "错误：nope.csv：找不到文件"
        result = run("solve", "--team", TEAM, "--policy", tmp_path / "p.toml", "--month", "2026-12", "--out", tmp_path)
        assert result.exit_code == 3 and result.output.strip() == "错误：p.toml：找不到策略文件"


@pytest.mark.parametrize("command", ["solve", "check", "repair"])
def test_help_has_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and f"roster {command} " in result.output and "示例" in result.output


def small_team_and_policy(tmp_path):
    """Three presale agents (KF004-KF006) and a policy of one A a weekday, two every weekend day
    (so one of the three rests each weekend day), no duty, 4 weekend days wanted each."""
    wb = openpyxl.load_workbook(TEAM)
    wb["员工"].delete_rows(8, 100)
    wb["员工"].delete_rows(2, 3)
    wb["请假与偏好"].delete_rows(2, 100)
    team = tmp_path / "three.xlsx"
    wb.save(team)
    text = POLICY.read_text(encoding="utf-8")
    start = text.index("[roster.rules.coverage.minimum.weekday]")
    end = text.index("[roster.rules.coverage.over_weight]")
    text = (text[:start] + '[roster.rules.coverage.minimum.weekday]\nA = { presale = 1 }\n\n'
            '[roster.rules.coverage.minimum.weekend]\nA = { presale = 2 }\n\n' + text[end:])
    text = text.replace("per_day = 1\nshift = \"C\"", "per_day = 0\nshift = \"C\"")
    text = text.replace("[roster.rules.weekend_rest]\ndays = 2", "[roster.rules.weekend_rest]\ndays = 4")
    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")
    return team, policy


class TestFairnessAcrossMonths:
    def test_no_weekend_rest_last_month_gets_it_first(self, tmp_path):
        # December: KF005 worked every weekend day. January 2027 has 10 weekend days, one rest each
        # (coverage 2 of 3), and everyone wants 4: 12 > 10, so someone is short. KF005 (weight 30
        # a missing day against 10) gets all 4 of his; the others 3 each.
        team, policy = small_team_and_policy(tmp_path)
        history = tmp_path / "history"
        history.mkdir()
        days = [date(2026, 12, 1 + i) for i in range(31)]
        with (history / "roster-2026-12.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(("employee_id", "date", "code", "duty"))
            for eid in ("KF004", "KF005", "KF006"):
                rest = ([d for d in days if d.weekday() == 0][:4] if eid == "KF005"
                        else [d for d in days if d.weekday() >= 5][:4] if eid == "KF004"
                        else [d for d in days if d.weekday() >= 5][4:])
                for d in days:
                    w.writerow((eid, d.isoformat(), "OFF" if d in rest else "A", 0))
        out = tmp_path / "jan"
        result = run("solve", "--team", team, "--policy", policy, "--month", "2027-01", "--out", out,
                     "--history", history, *SOLVER)
        assert result.exit_code == 0, result.output
        table = read_roster(out / "roster-2027-01.csv", ("A", "B", "C"))
        weekend_rest = {}
        for e in table.entries:
            if e.date.weekday() >= 5 and e.code not in ("A", "B", "C"):
                weekend_rest[e.employee_id] = weekend_rest.get(e.employee_id, 0) + 1
        assert weekend_rest.get("KF005") == 4, weekend_rest
        assert "公平：没有周末休息 0 人" in result.output

    def test_bad_history_file_is_one_line(self, tmp_path):
        history = tmp_path / "history"
        history.mkdir()
        (history / "roster-2026-11.csv").write_text("employee_id,date,code,duty\nKF001,2026-11-01,Q,0\n",
                                                    encoding="utf-8")
        result = run("solve", "--team", TEAM, "--policy", POLICY, "--month", "2026-12", "--out", tmp_path / "o",
                     "--history", history)
        assert result.exit_code == 3
        assert result.output.startswith("错误：roster-2026-11.csv，第 2 行") and result.output.count("\n") == 1
        assert not (tmp_path / "o").exists()
