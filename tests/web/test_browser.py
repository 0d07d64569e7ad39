"""The workspace in a real browser (Playwright driving the system's Chromium): log in, upload the team,
run the example month's pay, see the register, close and reopen it; a screenshot of each page is saved in
the test's temporary folder (its path is printed)."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import uvicorn

from web.app import create_app
from web.workspace import Workspace
from webkit import EXAMPLES, PASSWORD, cli_net_total

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (Debian: apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(workspace_dir):
    """The workspace served by uvicorn in a thread, on a free port; its base URL."""
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(Workspace.open(workspace_dir)), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", base_url=server)
        yield context.new_page()
        browser.close()


def _shot(page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot {path}")


def _log_in(page, name: str) -> None:
    page.goto("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_selector(f"text={name}（")


def test_hr_runs_the_example_month_in_a_browser(page, tmp_path):
    shots = tmp_path / "screenshots"
    page.goto("/pay")
    assert "/login" in page.url                                        # not logged in: sent to log in first
    page.fill("input[name=name]", "李人事")
    page.fill("input[name=password]", PASSWORD)
    _shot(page, shots, "01-login")
    page.click("button:has-text('登录')")
    page.wait_for_url("**/pay")

    page.goto("/team")
    page.set_input_files("input[name=team]", str(EXAMPLES / "team.xlsx"))
    page.set_input_files("input[name=policy]", str(EXAMPLES / "policy.toml"))
    page.click("button:has-text('上传并读入')")
    page.wait_for_selector("#team-table")
    assert "已读入 team.xlsx、policy.toml" in page.inner_text(".flash")
    assert page.locator("#team-table tbody tr").count() == 30
    _shot(page, shots, "02-team")

    page.goto("/pay")
    for kind, name in (("kpi", "kpi-2026-11.xlsx"), ("roster", "roster-2026-11.csv")):
        page.select_option("select[name=kind]", kind)
        page.set_input_files("#upload-form input[name=file]", str(EXAMPLES / name))
        page.click("#upload-form button")
        page.wait_for_selector(f".flash:has-text('{name}')")
    page.fill("input[name=month]", "2026-11")
    _shot(page, shots, "03-pay")
    page.click("#run-form button")
    page.wait_for_url("**/pay/2026-11")
    rows = page.locator("#register tbody tr")
    assert rows.count() == 29
    net = Decimal(page.inner_text("#net-total").replace(",", ""))
    assert net == cli_net_total(tmp_path / "cli")                    # what `payroll run` gives for this month
    _shot(page, shots, "04-register")

    page.click("#register a:has-text('KF001')")
    page.wait_for_selector("#lines")
    assert page.locator("#lines tbody tr").count() > 3
    _shot(page, shots, "05-person")

    page.go_back()
    page.click("#close-form button")
    page.wait_for_selector(".badge.closed")
    page.fill("#reopen-form input[name=reason]", "KF008 的年假误录为事假")
    page.click("#reopen-form button")
    page.wait_for_selector(".badge.open")
    assert "KF008 的年假误录为事假" in page.inner_text("main")
    _shot(page, shots, "06-reopened")
    page.click("#close-form button")
    page.wait_for_selector(".badge.closed")

    page.click("button:has-text('退出')")
    page.wait_for_url("**/login")
    _log_in(page, "赵财务")
    page.goto("/finance")
    page.click("button:has-text('生成代发文件')")
    page.wait_for_selector(".flash:has-text('bank-generic-2026-11.csv')")
    with page.expect_download() as download:
        page.click("a:has-text('payroll-2026-11.xlsx')")
    saved = tmp_path / "downloaded.xlsx"
    download.value.save_as(saved)
    assert "工资表" in openpyxl.load_workbook(saved, read_only=True).sheetnames
    _shot(page, shots, "07-finance")
    assert page.locator("nav a:has-text('工资')").count() == 0          # finance has no pay-run page

    page.click("button:has-text('退出')")
    _log_in(page, "王管理")
    page.goto("/admin/audit")
    assert page.locator("#audit tbody tr").count() >= 10
    _shot(page, shots, "08-audit")
