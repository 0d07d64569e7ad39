"""HR's month through the pages — upload, run, register, a person's lines, close, reopen with a reason —
checked against `payroll run` on the same inputs; finance's downloads of the closed month."""
from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from webkit import EXAMPLES, cli_net_total, file_ids, post, run_example_month, upload


def _net_total(html: str) -> Decimal:
    m = re.search(r'id="net-total">([\d,.\-]+)<', html)
    assert m, "no net total on the register page"
    return Decimal(m.group(1).replace(",", ""))


@pytest.fixture
def hr_month(client_for):
    hr = client_for("李人事")
    response = run_example_month(hr)
    assert response.status_code == 200, response.text
    return hr, response


class TestRun:
    def test_the_register_net_total_is_the_cli_net_total(self, hr_month, tmp_path):
        _, response = hr_month
        assert str(response.url).endswith("/pay/2026-11")
        assert "未结账" in response.text
        assert _net_total(response.text) == cli_net_total(tmp_path / "cli")

    def test_a_person_page_lists_each_line_with_its_reason(self, hr_month):
        hr, _ = hr_month
        page = hr.get("/pay/2026-11/people/KF001")
        assert page.status_code == 200
        rows = re.findall(r'<tr><td>([^<]+)</td><td class="n[^"]*">([\d,.\-]+)</td><td class="why">([^<]+)</td>',
                          page.text)
        assert any(label == "基本工资" for label, _, _ in rows)
        assert all(reason.strip() for _, _, reason in rows)
        net = re.search(r'id="person-net">([\d,.\-]+)<', page.text).group(1)
        assert sum(Decimal(a.replace(",", "")) for _, a, _ in rows) == Decimal(net.replace(",", ""))

    def test_the_runs_notices_are_shown_as_the_cli_prints_them(self, hr_month):
        _, response = hr_month
        # the CLI prints: 提示：社保 上海 2026-11：所用 2025-07-01 起的缴费期间标为暂定，…
        assert '<p class="notice">提示：社保 上海 2026-11：所用 2025-07-01 起的缴费期间标为暂定' in response.text
        assert "备注”列不是考核表的列" not in response.text           # 备注 is the KPI sheet's notes column

    def test_the_review_list_is_shown(self, hr_month):
        _, response = hr_month
        review = response.text.split('id="review"', 1)[1].split("</table>", 1)[0]
        assert "末位淘汰审查" in review and "解除合同审查" in review

    def test_a_run_with_the_clock_in_sheet_matches_the_cli(self, hr_month, tmp_path):
        hr, _ = hr_month
        assert upload(hr, "/pay", "/pay/upload", EXAMPLES / "clock-in-2026-11.xlsx",
                      data={"kind": "clock_in"}).status_code == 200
        page = hr.get("/pay").text
        response = post(hr, "/pay", "/pay/run", {
            "month": "2026-11", "kpi": file_ids(page, "kpi-2026-11.xlsx")[0],
            "attendance": file_ids(page, "roster-2026-11.csv")[0], "clock_in": file_ids(page, "clock-in-2026-11.xlsx")[0]})
        assert response.status_code == 200
        with_clock_in = cli_net_total(tmp_path / "cli", "--clock-in", str(EXAMPLES / "clock-in-2026-11.xlsx"))
        assert _net_total(response.text) == with_clock_in != cli_net_total(tmp_path / "plain")
        assert "clock-in-2026-11.xlsx" in response.text.split("输入：", 1)[1].split("</p>", 1)[0]

    def test_a_wrong_month_is_one_message(self, hr_month):
        hr, _ = hr_month
        page = hr.get("/pay").text
        response = post(hr, "/pay", "/pay/run", {"month": "2026-13", "kpi": file_ids(page, "kpi-2026-11.xlsx")[0],
                                                 "attendance": file_ids(page, "roster-2026-11.csv")[0]})
        assert response.status_code == 400
        assert "月份应写成 2026-11 这样，现为“2026-13”" in response.text


class TestCloseAndReopen:
    def test_close_then_reopen_with_a_reason(self, hr_month):
        hr, _ = hr_month
        closed = post(hr, "/pay/2026-11", "/pay/2026-11/close")
        assert closed.status_code == 200 and "2026-11 已结账" in closed.text
        assert "badge closed" in closed.text
        refused = post(hr, "/pay/2026-11", "/pay/2026-11/reopen", {"reason": "  "})
        assert refused.status_code == 400 and "必须写明原因" in refused.text
        reopened = post(hr, "/pay/2026-11", "/pay/2026-11/reopen", {"reason": "KF008 的年假误录为事假"})
        assert reopened.status_code == 200 and "badge open" in reopened.text
        assert "KF008 的年假误录为事假" in reopened.text.split("重新打开记录", 1)[1]

    def test_finance_downloads_the_closed_month(self, hr_month, client_for, tmp_path):
        hr, _ = hr_month
        post(hr, "/pay/2026-11", "/pay/2026-11/close")
        finance = client_for("赵财务")
        assert post(finance, "/finance", "/finance/2026-11/bank", {"template": "generic"}).status_code == 200
        page = post(finance, "/finance", "/finance/2026-11/slips")
        assert page.status_code == 200 and "已生成 29 个工资条" in page.text
        workbook = finance.get(f"/files/{file_ids(page.text, 'payroll-2026-11.xlsx')[0]}")
        book = openpyxl.load_workbook(io.BytesIO(workbook.content), read_only=True)
        assert "工资表" in book.sheetnames
        bank = finance.get(f"/files/{file_ids(page.text, 'bank-generic-2026-11.csv')[0]}")
        net = cli_net_total(tmp_path / "cli")                  # 134,096.85 for the example month
        assert bank.status_code == 200 and f"合计,29,{net}" in bank.content.decode("utf-8-sig")
        slips = finance.get(f"/files/{file_ids(page.text, 'slips-2026-11.zip')[0]}")
        assert len(zipfile.ZipFile(io.BytesIO(slips.content)).namelist()) == 29


class TestAudit:
    def test_each_change_is_in_the_audit_log(self, hr_month, client_for):
        hr, _ = hr_month
        post(hr, "/pay/2026-11", "/pay/2026-11/close")
        post(hr, "/pay/2026-11", "/pay/2026-11/reopen", {"reason": "补录考核"})
        admin = client_for("王管理")
        post(admin, "/admin/users", "/admin/users", {"name": "新同事", "role": "supervisor", "password": "abcdefgh9"})
        log = admin.get("/admin/audit").text
        rows = re.findall(r"<tr><td>[^<]+</td><td>([^<]+)</td><td>([^<]+)</td><td class=\"why\">([^<]*)</td></tr>", log)
        actions = {(user, action) for user, action, _ in rows}
        for expected in [("李人事", "登录"), ("李人事", "上传团队"), ("李人事", "上传"), ("李人事", "运行工资"),
                         ("李人事", "结账"), ("李人事", "重新打开"), ("王管理", "添加用户"), ("（命令行）", "添加用户")]:
            assert expected in actions, expected
        assert any(action == "重新打开" and "补录考核" in detail for _, action, detail in rows)
