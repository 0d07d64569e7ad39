"""The `kefu` command: start the web workspace (`kefu serve`) and add its users from the command line
(`kefu admin add`, for the first admin). Usage errors are one Chinese line and exit code 3, as in `roster`
and `payroll` (kefu.cli_common)."""
from __future__ import annotations

from pathlib import Path

import click

from kefu.cli_common import Commands, Folder, Whole, help_option, version_option
from web.accounts import ROLES, AccountError, add_user
from web.workspace import DEFAULT_MAX_UPLOAD_MB, Workspace

EXIT_INPUT = 3
DEFAULT_WORKSPACE = "kefu-workspace"


class InputProblem(click.ClickException):
    """One line on stderr, 错误：…, and exit code 3."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", file=file, err=file is None)


def workspace_option(fn):
    return click.option("--workspace", "workspace_dir", type=Folder(), default=DEFAULT_WORKSPACE, show_default=True,
                        help="工作区文件夹：用户、会话、审计日志、上传的文件、输出和工资账本都在这里（没有则新建）。")(fn)


def _open(workspace_dir: Path, max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB) -> Workspace:
    try:
        return Workspace.open(workspace_dir, max_upload_mb)
    except OSError as err:
        from kefu.cli_common import os_problem
        raise InputProblem(os_problem(err)) from None


@click.group(cls=Commands)
@help_option
@version_option
def main() -> None:
    """客服排班与薪酬的网页工作区：主管、人事、财务在浏览器里上传团队、算工资、结账、下载。

    \b
    退出码：0 成功；3 命令行用法有误（一行说明哪个选项）或无法打开工作区、添加用户（一行说明原因）。
    """


@main.command()
@help_option
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址：默认只有本机能打开；要让店里局域网的电脑打开，用 0.0.0.0 或本机的局域网地址。")
@click.option("--port", type=Whole(1, 65535), default=8000, show_default=True, help="端口（1 到 65535）。")
@click.option("--max-upload-mb", "max_upload_mb", type=Whole(1, 1024), default=DEFAULT_MAX_UPLOAD_MB,
              show_default=True, help="上传文件的大小上限（MB），超过的上传被拒绝。")
def serve(workspace_dir, host, port, max_upload_mb):
    """启动网页工作区，用浏览器打开显示的地址登录。

    \b
    示例：
        kefu serve --workspace kefu-workspace
        kefu serve --workspace kefu-workspace --host 0.0.0.0 --port 8000

    第一次使用前先用 kefu admin add 添加管理员。按 Ctrl-C 停止。
    """
    import uvicorn

    from web.app import create_app

    ws = _open(workspace_dir, max_upload_mb)
    if not ws.store.users():
        click.echo(f"提示：工作区里还没有用户；先运行 kefu admin add 名字 --role admin --workspace {workspace_dir}",
                   err=True)
    click.echo(f"工作区 {ws.root}；在浏览器打开 http://{host}:{port}/")
    uvicorn.run(create_app(ws), host=host, port=port, log_level="warning")


@main.group(cls=Commands)
@help_option
def admin() -> None:
    """管理工作区的用户。"""


@admin.command(name="add")
@help_option
@click.argument("name")
@click.option("--role", type=click.Choice(list(ROLES)), default="admin", show_default=True,
              help="角色：supervisor 客服主管、hr 人事、finance 财务、admin 管理员。")
@click.option("--password-file", "password_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="从文件第一行读密码（脚本用）；不给则提示输入两次。")
@workspace_option
def add(name, role, password_file, workspace_dir):
    """添加一个用户（第一个管理员就这样添加，以后的用户可在网页“用户”页添加）。

    \b
    示例：
        kefu admin add 王芳 --role admin --workspace kefu-workspace
    """
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise InputProblem(f"{password_file}：无法读取密码（{getattr(err, 'strerror', None) or err}）") from None
        password = lines[0] if lines else ""
    else:
        password = _ask_password()
    ws = _open(workspace_dir)
    try:
        user = add_user(ws.store, name, role, password)
    except AccountError as err:
        raise InputProblem(str(err)) from None
    ws.store.audit("（命令行）", "添加用户", f"{user.name}（{ROLES[user.role]}）")
    click.echo(f"已添加用户 {user.name}（{ROLES[user.role]}），工作区 {ws.root}")


def _ask_password() -> str:
    """The password typed twice (not shown); asked again while the two differ."""
    while True:
        first = click.prompt("密码", hide_input=True, default="", show_default=False)
        if click.prompt("再输入一次密码", hide_input=True, default="", show_default=False) == first:
            return first
        click.echo("两次输入的密码不一致，请重新输入", err=True)


if __name__ == "__main__":
    main()
