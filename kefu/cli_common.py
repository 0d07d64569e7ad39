"""Command-line plumbing the `roster` and `payroll` commands share: the version, option types that
refuse bad values in Chinese, usage errors as one Chinese line, and storage errors in words.

click's own usage messages are English and its usage-error exit code is 2, which here means "the hard
rules cannot all hold". `Commands` (the group class of both commands) turns every usage error into one
line `错误：<选项>…` on stderr and exit code 3, the code of an input error: a wrong command line and a
wrong input file both mean "nothing was done; correct what you gave and run again".
"""
from __future__ import annotations

import configparser
import difflib
import errno
import math
import re
import sqlite3
import sys
from pathlib import Path

import click

from kefu.calendar import parse_month
from kefu.errors import InputError

EXIT_USAGE = 3                    # the same code as an input error; 2 means the rules cannot all hold
EXIT_INTERRUPTED = 130            # Ctrl-C, as shells report it (128 + SIGINT); 1 means violations found
PACKAGE = "cs-roster-payroll"
MAX_TIME_LIMIT_S = 86400          # a day: longer is a typing slip, and `inf` would never end

# what the operating system's complaint means for the user
OS_PROBLEMS = {errno.ENOTDIR: "路径里有一段是文件，不是文件夹", errno.EEXIST: "已有同名的文件，不是文件夹",
               errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间不足",
               errno.EDQUOT: "磁盘配额已满", errno.ENOENT: "找不到文件或文件夹", errno.EROFS: "只读位置，不能写入",
               errno.EIO: "磁盘读写出错", errno.EISDIR: "这是一个文件夹，要给一个文件"}

# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xff) that are about storage, not content
SQLITE_PROBLEMS = {3: "没有权限", 5: "账本正被另一个程序使用，请稍后再试", 6: "账本被锁定，请稍后再试",
                   8: "只读，没有写入权限", 10: "磁盘读写出错", 13: "磁盘空间不足",
                   14: "无法打开（文件夹不存在、不可写，或这是一个文件夹）", 23: "没有权限"}
SQLITE_NOT_A_LEDGER = {11: "文件已损坏，不是可读的工资账本", 26: "不是工资账本（不是 SQLite 数据库文件）"}


def package_version() -> str:
    """The installed package's version; from a source checkout, the version in setup.cfg."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        cfg = configparser.ConfigParser()
        cfg.read(Path(__file__).resolve().parents[1] / "setup.cfg", encoding="utf-8")
        return cfg.get("metadata", "version", fallback="未知") + "（源代码，未安装）"


def version_option(fn):
    return click.version_option(package_version(), "-V", "--version", message="%(prog)s 版本 %(version)s",
                                help="显示版本并退出。")(fn)


def help_option(fn):
    return click.help_option("-h", "--help", help="显示本帮助并退出。")(fn)


# ------------------------------------------------------------------ option types
class Seconds(click.ParamType):
    """A time limit in seconds: a finite number above 0 and at most MAX_TIME_LIMIT_S."""

    name = "SECONDS"

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        try:
            seconds = float(str(value).strip())
        except ValueError:
            seconds = math.nan
        if not math.isfinite(seconds) or not 0 < seconds <= MAX_TIME_LIMIT_S:
            self.fail(f"应为大于 0、不超过 {MAX_TIME_LIMIT_S} 的秒数，现为“{value}”", param, ctx)
        return seconds


class Whole(click.ParamType):
    """A whole number, optionally within [low, high]."""

    name = "INTEGER"

    def __init__(self, low: int | None = None, high: int | None = None):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"应为整数，现为“{value}”", param, ctx)
        if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
            self.fail(f"应在 {self.low} 到 {self.high} 之间，现为“{value}”", param, ctx)
        return number


class Month(click.ParamType):
    """A month like 2026-12, checked when the command line is read; the command gets the text back."""

    name = "YYYY-MM"

    def __init__(self, example: str = "2026-12"):
        self.example = example

    def convert(self, value, param, ctx):
        try:
            parse_month(str(value))
        except InputError:
            self.fail(f"月份应写成 {self.example} 这样，现为“{value}”", param, ctx)
        return str(value)


class Folder(click.ParamType):
    """An output folder: it may not exist yet, but it may not be a file."""

    name = "DIR"

    def convert(self, value, param, ctx):
        path = Path(value)
        if path.exists() and not path.is_dir():
            self.fail(f"{path} 是一个文件，要给一个文件夹", param, ctx)
        return path


class FilePath(click.ParamType):
    """A file to read or write: it may not exist yet, but it may not be a folder."""

    name = "FILE"

    def convert(self, value, param, ctx):
        path = Path(value)
        if path.is_dir():
            self.fail(f"{path} 是一个文件夹，要给一个文件", param, ctx)
        return path


# ------------------------------------------------------------------ usage errors in Chinese
def _option_name(param: click.Parameter | None) -> str:
    if param is None:
        return ""
    if isinstance(param, click.Argument):
        return param.human_readable_name
    longest = max(param.opts, key=len) if param.opts else param.name or ""
    return longest


def _help_hint(ctx: click.Context | None) -> str:
    return f"；{ctx.command_path} --help 列出用法" if ctx is not None else ""


def usage_words(err: click.UsageError) -> str:
    """One Chinese line for any of click's usage errors (never its English text)."""
    ctx, hint = err.ctx, _help_hint(err.ctx)
    if isinstance(err, click.NoSuchOption):
        guess = difflib.get_close_matches(err.option_name, err.possibilities or (), n=1)
        maybe = f"（是不是 {guess[0]}？）" if guess else ""
        return f"没有选项 {err.option_name}{maybe}{hint}"
    if isinstance(err, click.MissingParameter):
        what = "参数" if isinstance(err.param, click.Argument) else "选项"
        described = getattr(err.param, "help", None)
        return f"缺少必填的{what} {_option_name(err.param)}" + (f"：{described.rstrip('。')}" if described else "") + hint
    if isinstance(err, click.BadParameter):
        message = err.message if re.search(r"[\u4e00-\u9fff]", err.message or "") else "取值不对"
        return f"{_option_name(err.param)}：{message}"
    if isinstance(err, click.BadOptionUsage):
        if "requires" in err.message and "argument" in err.message:
            return f"{err.option_name} 后面要给一个值{hint}"
        return f"{err.option_name} 的用法不对{hint}"
    m = re.search(r"No such command '(.+?)'", err.message)
    if m is not None:
        commands = list(ctx.command.list_commands(ctx)) if isinstance(ctx.command, click.Group) else []
        guess = difflib.get_close_matches(m.group(1), commands, n=1)
        maybe = f"（是不是 {guess[0]}？）" if guess else ""
        return f"没有命令“{m.group(1)}”{maybe}；可用的命令：{'、'.join(commands)}"
    m = re.search(r"unexpected extra arguments? \((.+)\)", err.message)
    if m is not None:
        return f"多余的参数：{m.group(1)}{hint}"
    return f"命令行用法不对{hint}"


class Commands(click.Group):
    """A click group whose usage errors are one Chinese line and exit code EXIT_USAGE."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help() if err.ctx is not None else "")
            sys.exit(0)
        except click.UsageError as err:
            click.echo(f"错误：{usage_words(err)}", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("已中止（Ctrl-C）", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


# ------------------------------------------------------------------ storage errors in words
def os_problem(err: OSError) -> str:
    """'<file>：磁盘空间不足' for an OSError while reading or writing a file (kefu.backups.WriteError
    when writing an output: a refused permission is then 没有写入权限; where the direction is not known,
    没有访问权限)."""
    from kefu.backups import WriteError

    where = str(err.filename) if err.filename else "输出"
    if err.errno in (errno.EACCES, errno.EPERM) and not isinstance(err, WriteError):
        return f"{where}：没有访问权限"
    return f"{where}：{OS_PROBLEMS.get(err.errno, err.strerror or str(err))}"


def sqlite_problem(err: sqlite3.Error, ledger: str | Path) -> str:
    """'<ledger>：磁盘空间不足' for a storage error; '<ledger>：不是工资账本' only for a file that is not one."""
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code in SQLITE_PROBLEMS:
        return f"账本 {ledger}：{SQLITE_PROBLEMS[code]}，账本未改动"
    if code in SQLITE_NOT_A_LEDGER:
        return f"{Path(ledger).name}：{SQLITE_NOT_A_LEDGER[code]}"
    return f"账本 {ledger}：无法读写（{err}）"
