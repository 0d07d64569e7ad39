"""Uploads: size-limited, only .xlsx/.csv (the policy .toml) checked by content, and parsed by the CLI's
readers so a wrong cell is the CLI's one-line message."""
from __future__ import annotations

import io
import shutil

import openpyxl
from click.testing import CliRunner

from roster.cli import main as roster
from webkit import EXAMPLES, post, upload, upload_team


def _kpi_upload(client, name: str, content: bytes):
    return post(client, "/pay", "/pay/upload", {"kind": "kpi"}, files={"file": (name, content)})


class TestSize:
    def test_a_50_mb_upload_is_refused_with_a_message(self, client_for):
        hr = client_for("李人事")
        response = _kpi_upload(hr, "kpi-2026-11.xlsx", b"\0" * (50 * 1024 * 1024))
        assert response.status_code == 413
        assert "文件太大：上传的文件最大 10 MB" in response.text
        assert "kpi-2026-11.xlsx" not in hr.get("/pay").text

    def test_just_over_the_limit_is_refused_by_the_reader(self, client_for):
        hr = client_for("李人事")
        response = _kpi_upload(hr, "kpi.csv", b"a" * (10 * 1024 * 1024 + 1))
        assert response.status_code == 400 and "文件太大" in response.text


class TestContent:
    def test_a_text_file_named_xlsx_is_refused(self, client_for):
        hr = client_for("李人事")
        response = _kpi_upload(hr, "kpi-2026-11.xlsx", "工号,考试成绩\nKF001,90\n".encode())
        assert response.status_code == 400
        assert "kpi-2026-11.xlsx：不是 Excel 工作簿（.xlsx）" in response.text
        assert 'value="1">kpi-2026-11.xlsx' not in hr.get("/pay").text

    def test_a_zip_that_is_not_a_workbook_is_refused(self, client_for):
        import zipfile
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("readme.txt", "hello")
        response = _kpi_upload(client_for("李人事"), "kpi.xlsx", buffer.getvalue())
        assert response.status_code == 400 and "不是 Excel 工作簿" in response.text

    def test_other_kinds_of_file_are_refused(self, client_for):
        hr = client_for("李人事")
        for name in ("kpi.xls", "kpi.pdf", "kpi.exe", "kpi"):
            response = _kpi_upload(hr, name, b"MZ\x90\x00")
            assert response.status_code == 400 and "只接受 .xlsx 或 .csv 文件" in response.text, name

    def test_a_binary_csv_is_refused(self, client_for):
        response = _kpi_upload(client_for("李人事"), "roster.csv", b"\x00\x01\x02binary")
        assert response.status_code == 400 and "不是文本文件" in response.text

    def test_a_folder_in_the_name_is_dropped(self, client_for, workspace_dir):
        hr = client_for("李人事")
        response = _kpi_upload(hr, "../../evil.csv", "工号\nKF001\n".encode())
        assert response.status_code == 200 and "已上传月度考核表 evil.csv" in response.text
        assert not (workspace_dir.parent / "evil.csv").exists()
        assert len(list((workspace_dir / "uploads").glob("*/evil.csv"))) == 1


class TestTeam:
    def test_the_example_team_is_shown_as_a_table(self, client_for):
        response = upload_team(client_for("陈主管"))
        assert response.status_code == 200 and "已读入 team.xlsx、policy.toml" in response.text
        table = response.text.split('id="team-table"', 1)[1].split("</table>", 1)[0]
        sheet = openpyxl.load_workbook(EXAMPLES / "team.xlsx", read_only=True)["员工"]
        ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
        assert table.count("<tr>") == 1 + len(ids)
        assert all(f"<td>{eid}</td>" in table for eid in ids)

    def test_a_wrong_cell_is_the_clis_message(self, client_for, tmp_path):
        bad = tmp_path / "team.xlsx"
        shutil.copy(EXAMPLES / "team.xlsx", bad)
        book = openpyxl.load_workbook(bad)
        book["员工"]["C3"] = "保洁"                 # a role the policy does not know
        book.save(bad)
        cli = CliRunner().invoke(roster, ["check", str(EXAMPLES / "roster-2026-11.csv"), "--team", str(bad),
                                          "--policy", str(EXAMPLES / "policy.toml")])
        assert cli.exit_code == 3
        message = cli.output.strip().splitlines()[-1].removeprefix("错误：")
        response = upload(client_for("陈主管"), "/team", "/team", bad, "team",
                          extra={"policy": ("policy.toml", (EXAMPLES / "policy.toml").read_bytes())})
        assert response.status_code == 400
        assert f'<p class="error" role="alert">{message}</p>' in response.text

    def test_a_refused_team_leaves_the_current_one(self, client_for, tmp_path):
        supervisor = client_for("陈主管")
        upload_team(supervisor)
        bad = tmp_path / "team2.xlsx"
        bad.write_bytes(b"not a workbook")
        response = upload(supervisor, "/team", "/team", bad, "team")
        assert response.status_code == 400 and "team2.xlsx：不是 Excel 工作簿" in response.text
        assert "当前：" in response.text and ">team.xlsx</a>" in response.text

    def test_the_first_team_needs_a_policy(self, client_for):
        response = upload(client_for("陈主管"), "/team", "/team", EXAMPLES / "team.xlsx", "team")
        assert response.status_code == 400 and "同时上传策略文件" in response.text

    def test_text_from_a_workbook_is_escaped(self, client_for, tmp_path):
        sneaky = tmp_path / "team.xlsx"
        shutil.copy(EXAMPLES / "team.xlsx", sneaky)
        book = openpyxl.load_workbook(sneaky)
        book["员工"]["B2"] = "<script>alert(1)</script>"
        book.save(sneaky)
        response = upload(client_for("陈主管"), "/team", "/team", sneaky, "team",
                          extra={"policy": ("policy.toml", (EXAMPLES / "policy.toml").read_bytes())})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
