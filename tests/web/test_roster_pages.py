"""The supervisor's roster pages over HTTP: roles, CSRF on every new form, versions (cell changes, uploads,
restores, a stale page refused), the audit log, the re-check in the words of `roster check`, a repair whose
kept days already break a hard rule, and two solves at once while the pages answer.

Rosters come from the example month 2026-11 (examples/roster-2026-11.csv) uploaded on the page, so most
tests need no solver; the tests that start one stop it or meet a conflict found at once."""
from __future__ import annotations

import csv
import io
import re
import time
from html import unescape

import pytest
from click.testing import CliRunner

from roster.cli import main as roster_cli
from webkit import EXAMPLES, csrf_of, post, upload, upload_team

MONTH = "2026-11"
PAGE = f"/roster/{MONTH}"


def versions_count(client, month: str = MONTH) -> int:
    page = client.get(f"/roster/{month}/versions").text
    return len(re.findall(r'<tr>\s*<td class="c"><a href="/roster/[\d-]+\?v=\d+"', page))


def upload_example(client):
    """As the supervisor: the team, then the example 2026-11 roster as the month's version 1."""
    assert upload_team(client).status_code == 200
    response = upload(client, PAGE, f"{PAGE}/upload", EXAMPLES / "roster-2026-11.csv", data={"base": "0"})
    assert response.status_code == 200, response.text
    return response


def violations(html: str) -> list[str]:
    box = re.search(r'<ul id="violations">(.*?)</ul>', html, re.S)
    return [unescape(x) for x in re.findall(r"<li>(.*?)</li>", box.group(1))] if box else []


def cli_check(path) -> list[str]:
    """The violation lines `roster check` prints for a roster file (up to its 共 N 处 line)."""
    result = CliRunner().invoke(roster_cli, ["check", str(path), "--team", str(EXAMPLES / "team.xlsx"),
                                             "--policy", str(EXAMPLES / "policy.toml")])
    if result.exit_code == 0:
        assert "所有硬约束均满足" in result.output, result.output
        return []
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    return lines[:next(i for i, line in enumerate(lines) if line.startswith("共 "))]


def rows_of(text: str) -> dict[tuple[str, str], tuple[str, str]]:
    return {(r["employee_id"], r["date"]): (r["code"], r["duty"]) for r in csv.DictReader(io.StringIO(text))}


def c_then_work(rows, month_days) -> tuple[str, str]:
    """A person and day whose previous day is a C shift and who works a non-C shift or rests that day, not on
    duty: changing that day to A breaks the C → A rule (rule succession)."""
    for (pid, day), (code, duty) in sorted(rows.items()):
        i = month_days.index(day)
        if i + 2 < len(month_days) and code == "C":      # the changed day is never the last
            nxt = rows[pid, month_days[i + 1]]
            if nxt[0] in ("A", "B") and nxt[1] == "0":
                return pid, month_days[i + 1]
    raise AssertionError("no C shift followed by A or B in the example roster")


def example_days() -> list[str]:
    return [f"{MONTH}-{d:02d}" for d in range(1, 31)]


class TestRoles:
    def test_finance_has_no_roster_pages(self, client_for):
        finance = client_for("赵财务")
        for url in ("/roster", PAGE, f"{PAGE}/versions", f"{PAGE}/colours.css"):
            response = finance.get(url)
            assert response.status_code == 403 and "没有权限" in response.text, url
        assert 'href="/roster"' not in finance.get("/").text

    def test_finance_cannot_change_a_roster(self, client_for):
        upload_example(client_for("陈主管"))
        finance = client_for("赵财务")
        token = csrf_of(finance.get("/").text)
        response = finance.post(f"{PAGE}/cell", data={"csrf": token, "person": "KF001", "day": "2026-11-02",
                                                      "code": "OFF", "base": "1"})
        assert response.status_code == 403
        assert finance.get(f"{PAGE}/download/roster-{MONTH}-v1.csv").status_code == 403

    def test_hr_views_but_cannot_change(self, client_for):
        upload_example(client_for("陈主管"))
        hr = client_for("李人事")
        page = hr.get(PAGE).text
        assert 'id="roster-grid"' in page and 'class="sheet grid"' in page     # not editable
        assert all(f'id="{form}"' not in page for form in ("solve-form", "repair-form", "upload-form", "cell-editor"))
        token = csrf_of(page)
        for action, data in (("cell", {"person": "KF001", "day": "2026-11-02", "code": "OFF", "base": "1"}),
                             ("solve", {"time_limit": "5"}), ("restore", {"number": "1", "base": "1"})):
            response = hr.post(f"{PAGE}/{action}", data={"csrf": token, **data})
            assert response.status_code == 403 and "没有权限" in response.text, action
        assert versions_count(hr) == 1
        assert hr.get(f"{PAGE}/download/roster-{MONTH}-v1.csv").status_code == 200

    def test_admin_may_change(self, client_for):
        upload_example(client_for("陈主管"))
        admin = client_for("王管理")
        response = post(admin, PAGE, f"{PAGE}/cell", {"person": "KF001", "day": "2026-11-02", "code": "OFF",
                                                      "base": "1"})
        assert response.status_code == 200 and "已保存为第 2 版" in unescape(response.text)


class TestCsrf:
    @pytest.mark.parametrize("action, data", [
        ("cell", {"person": "KF001", "day": "2026-11-02", "code": "OFF", "base": "1"}),
        ("restore", {"number": "1", "base": "1"}),
        ("solve", {"time_limit": "5", "seed": "1"}),
        ("repair", {"start": "2026-11-10", "base": "1", "time_limit": "5"}),
        ("stop", {"job": "1"}),
    ])
    def test_a_form_without_its_token_changes_nothing(self, client_for, action, data):
        supervisor = client_for("陈主管")
        upload_example(supervisor)
        response = supervisor.post(f"{PAGE}/{action}", data=data)
        assert response.status_code == 403 and "CSRF" in response.text
        assert versions_count(supervisor) == 1
        assert 'id="job"' not in supervisor.get(PAGE).text             # no solve started

    def test_an_upload_without_its_token_changes_nothing(self, client_for):
        supervisor = client_for("陈主管")
        assert upload_team(supervisor).status_code == 200
        response = supervisor.post(f"{PAGE}/upload", data={"base": "0"},
                                   files={"file": ("r.csv", (EXAMPLES / "roster-2026-11.csv").read_bytes())})
        assert response.status_code == 403
        assert versions_count(supervisor) == 0


class TestVersions:
    def test_a_cell_change_is_a_new_version_flagged_in_the_words_of_roster_check(self, client_for, tmp_path):
        supervisor = client_for("陈主管")
        upload_example(supervisor)
        v1 = supervisor.get(f"{PAGE}/download/roster-{MONTH}-v1.csv").text
        assert rows_of(v1) == rows_of((EXAMPLES / "roster-2026-11.csv").read_text(encoding="utf-8-sig"))
        assert violations(supervisor.get(PAGE).text) == cli_check(EXAMPLES / "roster-2026-11.csv")
        pid, day = c_then_work(rows_of(v1), example_days())
        response = post(supervisor, PAGE, f"{PAGE}/cell", {"person": pid, "day": day, "code": "A", "base": "1"})
        assert response.status_code == 200
        assert "已保存为第 2 版" in unescape(response.text)
        v2 = supervisor.get(f"{PAGE}/download/roster-{MONTH}-v2.csv").text
        changed = {k for k in rows_of(v1) if rows_of(v1)[k] != rows_of(v2)[k]}
        assert changed == {(pid, day)} and rows_of(v2)[pid, day] == ("A", "0")
        (tmp_path / "v2.csv").write_text(v2, encoding="utf-8")
        page = supervisor.get(PAGE).text
        assert violations(page) == cli_check(tmp_path / "v2.csv")
        assert any(pid in line and "接A班" in line and "（succession）" in line for line in violations(page))
        assert re.search(rf'class="cell [^"]*\bbad"[^>]*data-person="{pid}"[^>]*data-day="{day}"', page)

    def test_restore_is_a_new_version_equal_to_the_old_one(self, client_for):
        supervisor = client_for("陈主管")
        upload_example(supervisor)
        post(supervisor, PAGE, f"{PAGE}/cell", {"person": "KF001", "day": "2026-11-02", "code": "OFF", "base": "1"})
        response = post(supervisor, f"{PAGE}/versions", f"{PAGE}/restore", {"number": "1", "base": "2"})
        assert response.status_code == 200 and "已把第 1 版恢复为新的第 3 版" in unescape(response.text)
        csv_of = {n: supervisor.get(f"{PAGE}/download/roster-{MONTH}-v{n}.csv").text for n in (1, 2, 3)}
        assert rows_of(csv_of[3]) == rows_of(csv_of[1]) != rows_of(csv_of[2])
        assert versions_count(supervisor) == 3
        listing = unescape(supervisor.get(f"{PAGE}/versions").text)
        assert "恢复为第 1 版（改回 1 处）" in listing and "KF001 周静 11-02（周一）：A班 → 休" in listing

    def test_a_change_made_on_an_older_version_is_refused(self, client_for):
        supervisor, admin = client_for("陈主管"), client_for("王管理")
        upload_example(supervisor)
        stale_token = csrf_of(supervisor.get(PAGE).text)
        post(admin, PAGE, f"{PAGE}/cell", {"person": "KF001", "day": "2026-11-02", "code": "OFF", "base": "1"})
        response = supervisor.post(f"{PAGE}/cell", data={"csrf": stale_token, "person": "KF002", "day": "2026-11-03",
                                                         "code": "OFF", "base": "1"})
        assert response.status_code == 409
        assert "你看到的是第 1 版，这期间 王管理 已保存了第 2 版" in response.text
        assert versions_count(supervisor) == 2

    def test_a_code_not_in_the_policy_is_refused(self, client_for):
        supervisor = client_for("陈主管")
        upload_example(supervisor)
        response = post(supervisor, PAGE, f"{PAGE}/cell", {"person": "KF001", "day": "2026-11-02", "code": "Z",
                                                           "base": "1"})
        assert response.status_code == 400 and "不认识的排班代码“Z”" in unescape(response.text)
        assert versions_count(supervisor) == 1

    def test_a_roster_of_another_month_is_refused_with_the_cli_message(self, client_for):
        supervisor = client_for("陈主管")
        assert upload_team(supervisor).status_code == 200
        response = upload(supervisor, "/roster/2026-12", "/roster/2026-12/upload", EXAMPLES / "roster-2026-11.csv",
                          data={"base": "0"})
        assert response.status_code == 400
        assert "这是 2026-11 的排班表，不是 2026-12 的" in unescape(response.text)
        assert versions_count(supervisor, "2026-12") == 0

    def test_the_workbook_download_reads_back(self, client_for, tmp_path):
        import openpyxl

        supervisor = client_for("陈主管")
        upload_example(supervisor)
        response = supervisor.get(f"{PAGE}/download/roster-{MONTH}-v1.xlsx")
        assert response.status_code == 200
        (tmp_path / "v1.xlsx").write_bytes(response.content)
        wb = openpyxl.load_workbook(tmp_path / "v1.xlsx")
        assert wb.sheetnames == ["排班表", "覆盖", "统计", "软约束", "说明"]
        assert cli_check(tmp_path / "v1.xlsx") == cli_check(EXAMPLES / "roster-2026-11.csv")

    def test_download_names_only_a_version(self, client_for):
        supervisor = client_for("陈主管")
        upload_example(supervisor)
        for name in ("roster-2026-11-v9.csv", "..%2F..%2Fkefu.sqlite", "roster-2026-11-v1.toml", "v1.csv"):
            assert supervisor.get(f"{PAGE}/download/{name}").status_code == 404, name


class TestAudit:
    def test_each_change_is_in_the_audit_log(self, client_for):
        supervisor = client_for("陈主管")
        upload_example(supervisor)
        post(supervisor, PAGE, f"{PAGE}/cell", {"person": "KF001", "day": "2026-11-02", "code": "OFF", "base": "1"})
        post(supervisor, f"{PAGE}/versions", f"{PAGE}/restore", {"number": "1", "base": "2"})
        supervisor.get(f"{PAGE}/download/roster-{MONTH}-v3.csv")
        log = unescape(client_for("王管理").get("/admin/audit").text)
        assert "上传排班" in log and f"{MONTH} 第 1 版：roster-2026-11.csv" in log
        assert f"{MONTH} 第 2 版：KF001 周静 11-02（周一）：A班 → 休" in log
        assert f"{MONTH} 第 3 版 = 第 1 版" in log and f"roster-{MONTH}-v3.csv" in log


class TestBackground:
    def test_a_repair_whose_kept_days_break_a_hard_rule_names_them(self, client_for):
        supervisor = client_for("陈主管")
        upload_example(supervisor)
        rows = rows_of(supervisor.get(f"{PAGE}/download/roster-{MONTH}-v1.csv").text)
        pid, day = c_then_work(rows, example_days())
        post(supervisor, PAGE, f"{PAGE}/cell", {"person": pid, "day": day, "code": "A", "base": "1"})
        response = post(supervisor, PAGE, f"{PAGE}/repair", {"start": "2026-11-30", "base": "2", "time_limit": "10",
                                                             "seed": "1"})
        assert "重排已在后台开始" in unescape(response.text)
        job = wait_for_job(supervisor.app, MONTH)
        assert job.state == "failed"
        assert job.outcome.headline == f"排班 {MONTH} 自 2026-11-30 起重排：硬约束无法同时满足，未保存。"
        assert job.outcome.lines[0] == "2026-11-30 之前保持不变的格子已经违反硬约束（先改正它们，或把重排的日子提前）："
        assert any(pid in line and "接A班" in line for line in job.outcome.lines)
        assert versions_count(supervisor) == 2
        assert "重排（未成）" in client_for("王管理").get("/admin/audit").text

    def test_two_solves_at_once_while_the_pages_answer(self, client_for):
        supervisor, admin = client_for("陈主管"), client_for("王管理")
        assert upload_team(supervisor).status_code == 200
        for client, month in ((supervisor, "2026-12"), (admin, "2027-01")):
            response = post(client, f"/roster/{month}", f"/roster/{month}/solve", {"time_limit": "300", "seed": "1"})
            assert "排班已在后台开始" in unescape(response.text)
        jobs = supervisor.app.state.roster_jobs
        assert sorted(j.month for j in jobs.running()) == ["2026-12", "2027-01"]
        assert all(j.process.is_alive() for j in jobs.running())
        started = time.monotonic()
        assert supervisor.get("/team").status_code == 200 and admin.get("/roster").status_code == 200
        assert time.monotonic() - started < 5
        again = post(supervisor, "/roster/2026-12", "/roster/2026-12/solve", {"time_limit": "5"})
        assert again.status_code == 400 and "2026-12 正在排班（陈主管 开始的）" in unescape(again.text)
        for client, month in ((supervisor, "2026-12"), (admin, "2027-01")):
            job = jobs.of_month(month)
            response = post(client, f"/roster/{month}", f"/roster/{month}/stop", {"job": str(job.id)})
            assert f"已停止第 {job.id} 号任务，未保存" in unescape(response.text)
        for month in ("2026-12", "2027-01"):
            job = wait_for_job(supervisor.app, month)
            assert job.state == "stopped" and not job.process.is_alive()
            assert versions_count(supervisor, month) == 0


def wait_for_job(app, month: str, seconds: float = 120):
    jobs = app.state.roster_jobs
    deadline = time.monotonic() + seconds
    while True:
        job = jobs.of_month(month)
        if job.finished:
            return job
        assert time.monotonic() < deadline, "the job did not end"
        time.sleep(0.2)
