"""The `kefu` command: the first admin from the command line, `kefu serve`'s options, usage errors as one
Chinese line with exit code 3."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from web.cli import main as kefu
from webkit import log_in


@pytest.fixture
def empty(tmp_path):
    return tmp_path / "ws"


def _client(root):
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.workspace import Workspace
    return TestClient(create_app(Workspace.open(root)))


class TestAdminAdd:
    def test_the_first_admin_typed_twice_can_log_in(self, empty):
        result = CliRunner().invoke(kefu, ["admin", "add", "王芳", "--workspace", str(empty)],
                                    input="s3cret-pass\ns3cret-pass\n")
        assert result.exit_code == 0, result.output
        assert "已添加用户 王芳（管理员）" in result.output
        assert "s3cret-pass" not in result.output                 # the password is not echoed
        client = _client(empty)
        assert log_in(client, "王芳", "s3cret-pass").status_code == 200
        assert client.get("/admin/users").status_code == 200

    def test_two_different_passwords_are_asked_again(self, empty):
        result = CliRunner().invoke(kefu, ["admin", "add", "王芳", "--workspace", str(empty)],
                                    input="s3cret-pass\ns3cret-typo\nfinal-pass-9\nfinal-pass-9\n")
        assert result.exit_code == 0 and "两次输入的密码不一致，请重新输入" in result.output
        client = _client(empty)
        assert log_in(client, "王芳", "s3cret-pass").status_code == 401
        assert log_in(client, "王芳", "final-pass-9").status_code == 200

    def test_the_password_is_stored_as_an_argon2_hash(self, empty):
        CliRunner().invoke(kefu, ["admin", "add", "王芳", "--workspace", str(empty)], input="s3cret-pass\ns3cret-pass\n")
        stored = (empty / "kefu.sqlite").read_bytes()
        assert b"$argon2id$" in stored and b"s3cret-pass" not in stored

    def test_a_role_from_the_command_line(self, empty, tmp_path):
        secret = tmp_path / "pw.txt"
        secret.write_text("finance-pass-1\n", encoding="utf-8")
        result = CliRunner().invoke(kefu, ["admin", "add", "赵财务", "--role", "finance", "--password-file", str(secret),
                                           "--workspace", str(empty)])
        assert result.exit_code == 0 and "（财务）" in result.output
        client = _client(empty)
        log_in(client, "赵财务", "finance-pass-1")
        assert client.get("/finance").status_code == 200 and client.get("/admin/users").status_code == 403

    @pytest.mark.parametrize("args, words", [
        (["admin", "add", "王芳", "--role", "boss"], "--role："),
        (["admin", "add"], "缺少必填的参数 NAME"),
        (["serve", "--port", "0"], "--port：应在 1 到 65535 之间"),
        (["serve", "--bogus"], "没有选项 --bogus"),
    ])
    def test_usage_errors_are_one_chinese_line_and_exit_3(self, empty, args, words):
        result = CliRunner().invoke(kefu, args + ["--workspace", str(empty)] if args[0] == "admin" and len(args) > 2
                                    else args)
        assert result.exit_code == 3
        assert result.output.strip().startswith("错误：") and words in result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output

    @pytest.mark.parametrize("password, words", [("short", "密码至少 8 个字符"), ("", "密码至少 8 个字符")])
    def test_a_weak_password_is_refused(self, empty, tmp_path, password, words):
        secret = tmp_path / "pw.txt"
        secret.write_text(password, encoding="utf-8")
        result = CliRunner().invoke(kefu, ["admin", "add", "王芳", "--password-file", str(secret), "--workspace", str(empty)])
        assert result.exit_code == 3 and result.output.strip() == f"错误：{words}"

    def test_a_name_taken_is_refused(self, empty, tmp_path):
        secret = tmp_path / "pw.txt"
        secret.write_text("long-enough-1", encoding="utf-8")
        args = ["admin", "add", "王芳", "--password-file", str(secret), "--workspace", str(empty)]
        assert CliRunner().invoke(kefu, args).exit_code == 0
        again = CliRunner().invoke(kefu, args)
        assert again.exit_code == 3 and again.output.strip() == "错误：用户“王芳”已存在"

    def test_a_missing_password_file_is_one_line(self, empty, tmp_path):
        result = CliRunner().invoke(kefu, ["admin", "add", "王芳", "--password-file", str(tmp_path / "nope.txt"),
                                           "--workspace", str(empty)])
        assert result.exit_code == 3 and "nope.txt" in result.output and "Traceback" not in result.output


class TestServe:
    def test_serve_starts_uvicorn_on_localhost_by_default(self, empty, monkeypatch):
        import uvicorn
        started = {}
        monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: started.update(app=app, host=host, port=port))
        result = CliRunner().invoke(kefu, ["serve", "--workspace", str(empty)])
        assert result.exit_code == 0, result.output
        assert (started["host"], started["port"]) == ("127.0.0.1", 8000)
        assert "kefu admin add" in result.output                       # no user yet: says how to add one
        assert (empty / "kefu.sqlite").is_file() and (empty / "uploads").is_dir()

    def test_host_and_port_for_the_shops_lan(self, empty, monkeypatch):
        import uvicorn
        started = {}
        monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: started.update(host=host, port=port))
        result = CliRunner().invoke(kefu, ["serve", "--workspace", str(empty), "--host", "0.0.0.0", "--port", "8080"])
        assert result.exit_code == 0 and started == {"host": "0.0.0.0", "port": 8080}
        assert "http://0.0.0.0:8080/" in result.output
