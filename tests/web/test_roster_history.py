"""A month's roster page plans with every earlier month's current version, as `roster solve --history` does
with a folder of them: the page says what it carried, a solve balances the fairness counts over both earlier
months, a new version or a restore of an earlier month re-plans this one, and a bad earlier file is one clear
message.

The team is nine presale agents of the example (KF004-KF012) under the example policy with one A shift a
weekday and eight on every weekend day: one of the nine may rest each weekend day, 8 weekend rests in
2026-12 for nine people who each want one (weekend_rest days = 1). Spreading them is decided by the
earlier months (fair_weekend_rest weight 10 here, so that the carry outweighs the month's other soft costs):

- 2026-10: KF005 rests no weekend day, the others 4 each;
- 2026-11: KF005 rests 4 weekend days, KF006 none, the others 2 each; everyone rests on 11-30 (Monday),
  so no run of work continues into December.

From November alone KF005 is 2 weekend rests above the team and goes without in December; over both months
KF005 is 2 below it (and KF006 too) and gets one. KF006 had none in November and comes first
(weight_after_none) either way."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from roster.cli import main as roster_cli
from test_roster_pages import versions_count, wait_for_job
from webkit import EXAMPLES, post

OCTOBER, NOVEMBER, DECEMBER = "2026-10", "2026-11", "2026-12"
PRESALE = [f"KF{i:03d}" for i in range(4, 13)]
SHIFTS = ("A", "B", "C")


def days_of(month: str) -> list[date]:
    first = date.fromisoformat(f"{month}-01")
    return [first + timedelta(days=i) for i in range(40) if (first + timedelta(days=i)).month == first.month]


def roster_csv(month: str, days_off) -> bytes:
    """The long CSV of `month`: each of PRESALE on A, off (OFF) on the days of days_off(employee_id)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(("employee_id", "date", "code", "duty"))
    for eid in PRESALE:
        off = days_off(eid)
        for d in days_of(month):
            w.writerow((eid, d.isoformat(), "OFF" if d.day in off else "A", 0))
    return out.getvalue().encode("utf-8")


OCTOBER_CSV = roster_csv(OCTOBER, lambda e: {6, 7, 8, 9} if e == "KF005" else {10, 11, 17, 18})
NOVEMBER_CSV = roster_csv(NOVEMBER, lambda e: {7, 8, 14, 15, 30} if e == "KF005" else {3, 4, 5, 6, 30}
                          if e == "KF006" else {21, 22, 24, 25, 30})


def team_and_policy(folder: Path, drop_shift: str | None = None) -> tuple[bytes, bytes]:
    """The nine presale agents' team workbook and the policy of the module docstring (without the shift
    `drop_shift`, when given)."""
    wb = openpyxl.load_workbook(EXAMPLES / "team.xlsx")
    wb["员工"].delete_rows(14, 100)          # rows 5-13 are KF004-KF012
    wb["员工"].delete_rows(2, 3)
    wb["请假与偏好"].delete_rows(2, 100)
    wb.save(folder / "nine.xlsx")
    text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
    start = text.index("[roster.rules.coverage.minimum.weekday]")
    end = text.index("[roster.rules.coverage.over_weight]")
    text = (text[:start] + "[roster.rules.coverage.minimum.weekday]\nA = { presale = 1 }\n\n"
            "[roster.rules.coverage.minimum.weekend]\nA = { presale = 8 }\n\n" + text[end:])
    for before, after in (('per_day = 1\nshift = "C"', 'per_day = 0\nshift = "C"'),
                          ("[roster.rules.weekend_rest]\ndays = 2", "[roster.rules.weekend_rest]\ndays = 1"),
                          ("[roster.rules.fair_weekend_rest]    # spread of weekend days rested\nweight = 2",
                           "[roster.rules.fair_weekend_rest]    # spread of weekend days rested\nweight = 10")):
        assert before in text, before
        text = text.replace(before, after)
    if drop_shift is not None:
        start = text.index(f"[roster.shifts.{drop_shift}]")
        text = text[:start] + text[text.index("[", start + 1):]
        text = re.sub(rf'\b{drop_shift} = "[\d:-]+", ', "", text)      # its meal-break window
    return (folder / "nine.xlsx").read_bytes(), text.encode("utf-8")


def upload_team(client, folder: Path, drop_shift: str | None = None):
    team, policy = team_and_policy(folder, drop_shift)
    response = post(client, "/team", "/team", files={"team": ("nine.xlsx", team), "policy": ("policy.toml", policy)})
    assert response.status_code == 200 and "错误" not in unescape(response.text), response.text
    return response


def upload_roster(client, month: str, content: bytes, base: int = 0):
    page = f"/roster/{month}"
    response = post(client, page, f"{page}/upload", {"base": str(base)},
                    files={"file": (f"roster-{month}.csv", content)})
    assert response.status_code == 200 and f"保存为第 {base + 1} 版" in unescape(response.text), response.text
    return response


def carry_line(html: str) -> str:
    start = html.index('id="carry-line">') + len('id="carry-line">')
    return unescape(html[start:html.index("</p>", start)])


def weekend_rests(csv_text: str) -> dict[str, int]:
    """Weekend days not on a shift, per employee, of a roster's long CSV."""
    out: dict[str, int] = {}
    for row in csv.DictReader(io.StringIO(csv_text)):
        if date.fromisoformat(row["date"]).weekday() >= 5:
            out[row["employee_id"]] = out.get(row["employee_id"], 0) + (row["code"] not in SHIFTS)
    return out


@pytest.fixture
def two_months(client_for, tmp_path):
    """The supervisor, with the team and October and November uploaded (version 1 of each)."""
    supervisor = client_for("陈主管")
    upload_team(supervisor, tmp_path)
    upload_roster(supervisor, OCTOBER, OCTOBER_CSV)
    upload_roster(supervisor, NOVEMBER, NOVEMBER_CSV)
    return supervisor


class TestWhatIsCarried:
    def test_the_page_counts_both_earlier_months_and_names_who_comes_first(self, two_months):
        line = carry_line(two_months.get(f"/roster/{DECEMBER}").text)
        assert line == ("跨月累计：计入以往 2 个月的排班（2026-10 第 1 版、2026-11 第 1 版），周末休息、C班、值班和"
                        "法定节假日出勤按累计求均衡；上月没有周末休息的 1 人本月优先：KF006 张伟")

    def test_a_month_with_no_earlier_roster_says_so(self, client_for, tmp_path):
        supervisor = client_for("陈主管")
        upload_team(supervisor, tmp_path)
        assert carry_line(supervisor.get(f"/roster/{OCTOBER}").text) == \
            "跨月累计：没有以往月份的排班，周末休息、值班等的公平只看本月"

    def test_a_gap_before_the_month_is_said(self, two_months):
        line = carry_line(two_months.get("/roster/2027-01").text)
        assert line.startswith("跨月累计：计入以往 2 个月的排班（2026-10 第 1 版、2026-11 第 1 版）")
        assert line.endswith("；没有上个月的排班，连续上班天数、班次衔接和连休不跨月接着算")

    def test_a_later_month_is_not_carried(self, two_months):
        assert "计入以往 1 个月的排班（2026-10 第 1 版）" in carry_line(two_months.get(f"/roster/{NOVEMBER}").text)


class TestSolveWithTheCarry:
    def test_the_weekend_rests_follow_both_earlier_months(self, two_months, tmp_path):
        response = post(two_months, f"/roster/{DECEMBER}", f"/roster/{DECEMBER}/solve",
                        {"time_limit": "6", "seed": "1"})     # as the CLI's fairness-across-months test
        assert "排班已在后台开始" in unescape(response.text)
        job = wait_for_job(two_months.app, DECEMBER)
        assert job.state == "done", (job.outcome.headline, job.outcome.lines)
        rests = weekend_rests(two_months.get(f"/roster/{DECEMBER}/download/roster-{DECEMBER}-v1.csv").text)
        assert sorted(rests) == PRESALE
        assert rests["KF006"] >= 1, rests          # none in November: first in line
        assert rests["KF005"] >= 1, rests          # 4 in November, none in October: below the team over both
        assert sum(rests.values()) <= 8            # one rest a weekend day at most: the others share the rest
        page = two_months.get(f"/roster/{DECEMBER}").text
        assert 'id="all-hard-ok"' in page
        listing = unescape(two_months.get(f"/roster/{DECEMBER}/versions").text)
        assert "跨月累计：计入以往 2 个月的排班（2026-10 第 1 版、2026-11 第 1 版）" in listing
        # the page's soft costs and fairness line are those of `roster check --history` over the same files
        folder = tmp_path / "history"
        folder.mkdir()
        for month in (OCTOBER, NOVEMBER, DECEMBER):
            (folder / f"roster-{month}.csv").write_bytes(
                two_months.get(f"/roster/{month}/download/roster-{month}-v1.csv").content)
        _, policy = team_and_policy(tmp_path)
        (tmp_path / "policy.toml").write_bytes(policy)
        result = CliRunner().invoke(roster_cli, ["check", str(folder / f"roster-{DECEMBER}.csv"), "--team",
                                                 str(tmp_path / "nine.xlsx"), "--policy", str(tmp_path / "policy.toml"),
                                                 "--history", str(folder)])
        assert result.exit_code == 0, result.output
        printed = [line.strip() for line in result.output.splitlines()]
        box = re.search(r'<ul id="soft"[^>]*>(.*?)</ul>', page, re.S).group(1)
        soft = [unescape(x).strip() for x in re.findall(r"<li>(.*?)</li>", box)]
        assert soft and soft == printed[1:1 + len(soft)]
        fairness = unescape(re.search(r'<p id="fairness-line">(.*?)</p>', page).group(1))
        assert fairness in printed


class TestAnEarlierMonthChanges:
    def test_a_new_version_and_a_restore_of_the_previous_month_re_plan_this_one(self, two_months):
        before = carry_line(two_months.get(f"/roster/{DECEMBER}").text)
        assert before.endswith("上月没有周末休息的 1 人本月优先：KF006 张伟")
        response = post(two_months, f"/roster/{NOVEMBER}", f"/roster/{NOVEMBER}/cell",
                        {"person": "KF006", "day": "2026-11-07", "code": "OFF", "base": "1"})
        assert "已保存为第 2 版" in unescape(response.text)
        after = carry_line(two_months.get(f"/roster/{DECEMBER}").text)
        assert "（2026-10 第 1 版、2026-11 第 2 版）" in after and after.endswith("；上月人人休到了周末")
        response = post(two_months, f"/roster/{NOVEMBER}/versions", f"/roster/{NOVEMBER}/restore",
                        {"number": "1", "base": "2"})
        assert "已把第 1 版恢复为新的第 3 版" in unescape(response.text)
        restored = carry_line(two_months.get(f"/roster/{DECEMBER}").text)
        assert "（2026-10 第 1 版、2026-11 第 3 版）" in restored
        assert restored.endswith("上月没有周末休息的 1 人本月优先：KF006 张伟")

    def test_a_new_version_of_an_older_month_re_plans_this_one(self, two_months):
        two_months.get(f"/roster/{DECEMBER}")
        post(two_months, f"/roster/{OCTOBER}", f"/roster/{OCTOBER}/cell",
             {"person": "KF005", "day": "2026-10-10", "code": "OFF", "base": "1"})
        assert "（2026-10 第 2 版、2026-11 第 1 版）" in carry_line(two_months.get(f"/roster/{DECEMBER}").text)


class TestBadEarlierFile:
    def test_a_file_of_another_month_is_one_message_naming_it(self, two_months, workspace_dir):
        assert "2026-10 第 1 版" in carry_line(two_months.get(f"/roster/{DECEMBER}").text)    # loaded and kept
        kept = workspace_dir / "outputs" / f"roster-{OCTOBER}" / f"roster-{OCTOBER}-v1.csv"
        kept.write_bytes(NOVEMBER_CSV)             # e.g. put back from the wrong backup by hand
        expected = (f"2026-12 要计入以往月份的排班，2026-10 第 1 版有误：roster-{OCTOBER}-v1.csv：文件名是 2026-10 的排班，"
                    "内容却是 2026-11 的")
        page = two_months.get(f"/roster/{DECEMBER}")
        assert page.status_code == 400 and "Traceback" not in page.text
        assert unescape(page.text).count(expected) == 1
        response = post(two_months, f"/roster/{NOVEMBER}", f"/roster/{DECEMBER}/solve", {"time_limit": "6"})
        assert response.status_code == 400 and expected in unescape(response.text)
        assert two_months.app.state.roster_jobs.of_month(DECEMBER) is None and versions_count(two_months, DECEMBER) == 0

    def test_a_shift_the_policy_no_longer_has_names_the_file_and_row_until_restored(self, two_months, tmp_path):
        response = post(two_months, f"/roster/{OCTOBER}", f"/roster/{OCTOBER}/cell",
                        {"person": "KF004", "day": "2026-10-05", "code": "B", "base": "1"})
        assert "已保存为第 2 版" in unescape(response.text)
        upload_team(two_months, tmp_path, drop_shift="B")       # the shop gives up shift B
        page = unescape(two_months.get(f"/roster/{DECEMBER}").text)
        assert "Traceback" not in page
        message = next(line for line in page.splitlines() if f"roster-{OCTOBER}-v2.csv" in line)
        assert "2026-12 要计入以往月份的排班，2026-10 第 2 版有误：roster-2026-10-v2.csv，第 6 行，C 列（code）：" \
               "无法识别的排班代码“B”" in message, message       # KF004's 10-05: the fifth entry, after the header
        # put right on October's page: version 1 (without B) restored, though version 2 cannot be compared
        response = post(two_months, f"/roster/{OCTOBER}/versions", f"/roster/{OCTOBER}/restore",
                        {"number": "1", "base": "2"})
        assert "已把第 1 版恢复为新的第 3 版" in unescape(response.text)
        assert "恢复为第 1 版（第 2 版读不出，未比较）" in unescape(two_months.get(f"/roster/{OCTOBER}/versions").text)
        page = two_months.get(f"/roster/{DECEMBER}")
        assert page.status_code == 200 and "（2026-10 第 3 版、2026-11 第 1 版）" in carry_line(page.text)
