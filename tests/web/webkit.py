"""Helpers of the web tests: adding users with `kefu admin add`, logging in and posting forms as a browser
does (with the page's CSRF token), and HR's example month."""
from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from payroll.cli import main as payroll_cli
from web.cli import main as kefu

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PASSWORD = "correct-horse-42"
USERS = {"王管理": "admin", "李人事": "hr", "赵财务": "finance", "陈主管": "supervisor"}


def add_user(root: Path, name: str, role: str, password: str = PASSWORD) -> None:
    secret = root.parent / f"{role}-password.txt"
    secret.write_text(password + "\n", encoding="utf-8")
    result = CliRunner().invoke(kefu, ["admin", "add", name, "--role", role, "--password-file", str(secret),
                                       "--workspace", str(root)])
    assert result.exit_code == 0, result.output


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def log_in(client: TestClient, name: str, password: str):
    page = client.get("/login")
    return client.post("/login", data={"name": name, "password": password, "csrf": csrf_of(page.text)})


def post(client: TestClient, page: str, action: str, data: dict | None = None, files: dict | None = None):
    """Post a form of `page` to `action` with the page's CSRF token, as the browser would."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**(data or {}), "csrf": token}, files=files)


def upload(client: TestClient, page: str, action: str, path: Path, field: str = "file", data: dict | None = None,
           extra: dict | None = None):
    files = {field: (path.name, path.read_bytes())}
    files.update(extra or {})
    return post(client, page, action, data, files)


def upload_team(client: TestClient):
    return upload(client, "/team", "/team", EXAMPLES / "team.xlsx", "team",
                  extra={"policy": ("policy.toml", (EXAMPLES / "policy.toml").read_bytes())})


def file_ids(html: str, name: str) -> list[str]:
    """The ids of the options or links naming `name` on a page."""
    return re.findall(rf'value="(\d+)">{re.escape(name)}', html) + re.findall(
        rf'href="/files/(\d+)">{re.escape(name)}<', html)


def run_example_month(client: TestClient):
    """As HR: upload the team, the example KPI sheet and roster, and run 2026-11; the run's response."""
    assert upload_team(client).status_code == 200
    for kind, name in (("kpi", "kpi-2026-11.xlsx"), ("roster", "roster-2026-11.csv")):
        response = upload(client, "/pay", "/pay/upload", EXAMPLES / name, data={"kind": kind})
        assert response.status_code == 200, response.text
    page = client.get("/pay").text
    return post(client, "/pay", "/pay/run", {"month": "2026-11", "kpi": file_ids(page, "kpi-2026-11.xlsx")[0],
                                             "attendance": file_ids(page, "roster-2026-11.csv")[0]})


def cli_net_total(out: Path, *extra: str) -> Decimal:
    """The net total of `payroll run` on the example month (its register CSV, written to `out`), with any
    `extra` options."""
    result = CliRunner().invoke(payroll_cli, [
        "run", "--team", str(EXAMPLES / "team.xlsx"), "--policy", str(EXAMPLES / "policy.toml"),
        "--kpi", str(EXAMPLES / "kpi-2026-11.xlsx"), "--attendance", str(EXAMPLES / "roster-2026-11.csv"),
        "--month", "2026-11", "--out", str(out), "--db", str(out / "ledger.sqlite"), *extra])
    assert result.exit_code == 0, result.output
    with open(out / "payroll-2026-11.csv", encoding="utf-8-sig") as f:
        return sum((Decimal(r["net"]) for r in csv.DictReader(f)), Decimal(0))
