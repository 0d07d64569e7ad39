"""Who may see and change what: no page or download without logging in, role checks on every route, the
CSRF token on every form, downloads only by the workspace's own file numbers, sessions and login limits."""
from __future__ import annotations

import pytest

from webkit import PASSWORD, csrf_of, file_ids, log_in, post, run_example_month, upload_team

PAGES = ["/", "/team", "/pay", "/pay/2026-11", "/pay/2026-11/people/KF001", "/finance", "/admin/users",
         "/admin/audit"]


class TestWithoutLogin:
    @pytest.mark.parametrize("path", PAGES + ["/files/1"])
    def test_every_page_and_download_sends_to_the_login_page(self, client_for, path):
        response = client_for().get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")

    def test_a_file_cannot_be_downloaded_without_login(self, client_for):
        hr = client_for("李人事")
        team_page = upload_team(hr)
        team_id = file_ids(team_page.text, "team.xlsx")[0]
        assert hr.get(f"/files/{team_id}").status_code == 200
        stranger = client_for()
        response = stranger.get(f"/files/{team_id}", follow_redirects=False)
        assert response.status_code == 303 and b"PK" not in response.content

    @pytest.mark.parametrize("path", ["/team", "/pay/run", "/pay/2026-11/close", "/admin/users"])
    def test_a_post_without_login_changes_nothing(self, client_for, path):
        response = client_for().post(path, data={"csrf": "x", "name": "x", "month": "2026-11"},
                                     follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


class TestRoles:
    @pytest.mark.parametrize("path", ["/pay", "/team", "/admin/users", "/admin/audit"])
    def test_finance_cannot_reach_hr_and_admin_pages(self, client_for, path):
        response = client_for("赵财务").get(path)
        assert response.status_code == 403 and "没有权限" in response.text

    @pytest.mark.parametrize("path", ["/pay", "/pay/2026-11", "/finance"])
    def test_a_supervisor_cannot_see_pay(self, client_for, path):
        response = client_for("陈主管").get(path)
        assert response.status_code == 403 and "没有权限" in response.text

    def test_finance_cannot_run_close_reopen_or_change_the_team(self, client_for):
        hr = client_for("李人事")
        run_example_month(hr)
        finance = client_for("赵财务")
        token = csrf_of(finance.get("/").text)
        for path, data in (("/pay/run", {"month": "2026-11"}), ("/pay/2026-11/close", {}),
                           ("/pay/2026-11/reopen", {"reason": "x"}), ("/team", {}), ("/pay/upload", {"kind": "kpi"})):
            response = finance.post(path, data={**data, "csrf": token})
            assert response.status_code == 403 and "没有权限" in response.text, path
        assert "未结账" in hr.get("/pay/2026-11").text             # the month is as HR left it

    def test_finance_reads_a_closed_register_but_gets_no_change_buttons(self, client_for):
        hr = client_for("李人事")
        run_example_month(hr)
        post(hr, "/pay/2026-11", "/pay/2026-11/close")
        page = client_for("赵财务").get("/pay/2026-11")
        assert page.status_code == 200 and 'id="register"' in page.text
        assert "close-form" not in page.text and "reopen-form" not in page.text

    def test_finance_does_not_see_an_open_month(self, client_for):
        draft = run_example_month(client_for("李人事"))
        finance = client_for("赵财务")
        for path in ("/pay/2026-11", "/pay/2026-11/people/KF001",
                     f"/files/{file_ids(draft.text, 'payroll-2026-11.xlsx')[0]}"):
            response = finance.get(path)
            assert response.status_code == 403 and "还没结账" in response.text, path

    def test_a_supervisor_cannot_download_pay_files(self, client_for):
        hr = client_for("李人事")
        page = run_example_month(hr)
        workbook = file_ids(page.text, "payroll-2026-11.xlsx")[0]
        response = client_for("陈主管").get(f"/files/{workbook}")
        assert response.status_code == 403 and b"PK" not in response.content


class TestCsrf:
    @pytest.mark.parametrize("token", [None, "", "forged-token"])
    def test_a_form_without_its_token_is_refused(self, client_for, token):
        admin = client_for("王管理")
        data = {"name": "闯入者", "role": "admin", "password": "abcdefgh9"}
        if token is not None:
            data["csrf"] = token
        response = admin.post("/admin/users", data=data)
        assert response.status_code == 403 and "CSRF" in response.text
        assert "闯入者" not in admin.get("/admin/users").text

    def test_another_sessions_token_is_refused(self, client_for):
        other = csrf_of(client_for("李人事").get("/").text)
        admin = client_for("王管理")
        response = admin.post("/admin/users", data={"name": "闯入者", "role": "admin", "password": "abcdefgh9",
                                                    "csrf": other})
        assert response.status_code == 403

    def test_the_login_form_needs_its_own_token(self, client_for):
        client = client_for()
        response = client.post("/login", data={"name": "王管理", "password": PASSWORD, "csrf": "guess"})
        assert response.status_code == 403 and "kefu_session" not in response.cookies


class TestDownloads:
    @pytest.mark.parametrize("path", ["/files/../kefu.sqlite", "/files/..%2F..%2Fetc%2Fpasswd",
                                      "/files/%2E%2E/kefu.sqlite", "/files/1/../../kefu.sqlite", "/files/-1",
                                      "/files/99999"])
    def test_a_path_instead_of_a_file_number_is_refused(self, client_for, path):
        response = client_for("王管理").get(path)
        assert response.status_code == 404
        assert b"SQLite format" not in response.content and b"root:" not in response.content


class TestSessions:
    def test_the_session_cookie_is_httponly_and_samesite_lax(self, client_for):
        client = client_for()
        page = client.get("/login")
        response = client.post("/login", data={"name": "王管理", "password": PASSWORD, "csrf": csrf_of(page.text)},
                               follow_redirects=False)
        cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and "kefu_session=" in v)
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
        assert "Secure" not in cookie                      # served over http here

    def test_the_cookie_is_secure_over_https(self, workspace_dir):
        from fastapi.testclient import TestClient

        from web.app import create_app
        from web.workspace import Workspace
        client = TestClient(create_app(Workspace.open(workspace_dir)), base_url="https://testserver")
        page = client.get("/login")
        response = client.post("/login", data={"name": "王管理", "password": PASSWORD, "csrf": csrf_of(page.text)},
                               follow_redirects=False)
        cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and "kefu_session=" in v)
        assert "Secure" in cookie

    def test_logging_out_ends_the_session(self, client_for):
        admin = client_for("王管理")
        post(admin, "/", "/logout")
        assert admin.get("/admin/users", follow_redirects=False).status_code == 303

    def test_a_disabled_user_is_logged_out(self, client_for):
        hr = client_for("李人事")
        admin = client_for("王管理")
        page = admin.get("/admin/users").text
        hr_id = page.split("李人事", 1)[1].split('action="/admin/users/', 1)[1].split('"', 1)[0]
        post(admin, "/admin/users", f"/admin/users/{hr_id}", {"role": "hr", "active": "0"})
        assert hr.get("/pay", follow_redirects=False).status_code == 303
        assert log_in(client_for(), "李人事", PASSWORD).status_code == 401


class TestLoginLimit:
    def test_five_failures_make_the_name_wait_even_with_the_right_password(self, client_for):
        client = client_for()
        for _ in range(5):
            response = log_in(client, "李人事", "wrong-password")
            assert response.status_code == 401 and "用户名或密码不对" in response.text
        response = log_in(client, "李人事", PASSWORD)
        assert response.status_code == 401 and "登录失败次数过多" in response.text
        assert log_in(client_for(), "赵财务", PASSWORD).status_code == 200      # other names are not held up

    def test_a_right_password_before_the_limit_clears_the_failures(self, client_for):
        client = client_for()
        for _ in range(4):
            log_in(client, "李人事", "wrong-password")
        assert log_in(client, "李人事", PASSWORD).status_code == 200


class TestOddRequests:
    @pytest.mark.parametrize("path", ["/files/" + "9" * 40, "/pay/2026-99", "/pay/..%2F..", "/pay/2026-11/people/x"])
    def test_odd_addresses_are_a_page_not_a_traceback(self, client_for, path):
        response = client_for("李人事").get(path)
        assert response.status_code == 404 and "Traceback" not in response.text
        assert '<p class="error" role="alert">' in response.text

    def test_a_form_missing_its_file_is_one_message(self, client_for):
        response = post(client_for("陈主管"), "/team", "/team")
        assert response.status_code == 400
        assert "表单不完整或有误（team）" in response.text

    def test_a_run_with_a_file_number_of_another_kind_is_refused(self, client_for):
        hr = client_for("李人事")
        page = upload_team(hr)
        team_id = file_ids(page.text, "team.xlsx")[0]
        response = post(hr, "/pay", "/pay/run", {"month": "2026-11", "kpi": team_id, "attendance": team_id})
        assert response.status_code == 400 and "找不到所选的月度考核表" in response.text
