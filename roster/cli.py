"""The `roster` command: thin click adapters over the library (solve, check, repair).

Each command parses its options, calls the library (policy, team, monthly instance, solver,
validator, roster files) and turns the library's InputError into one line in Chinese,
`错误：<文件，工作表，第 N 行，X 列：message>`. Everything it prints is for a supervisor, Chinese
first (rules named by roster.wording, each with its rule_id: the policy key). Exit codes: 0
success; 1 violations found (check, or a roster that breaks a hard rule); 2 the hard rules cannot
all hold (solve, repair); 3 an input error, a wrong command line (kefu.cli_common: one Chinese line,
never click's English usage text) or a file that cannot be written; 4 no roster found within the time
limit (the rules may still hold: try a longer --time-limit).
"""
from __future__ import annotations

import functools
import os
import sys
from datetime import date
from pathlib import Path

import click

from kefu.calendar import build_days, parse_month
from kefu.cli_common import Commands, Folder, Month, Seconds, Whole, help_option, os_problem, version_option
from kefu.errors import InputError, RulesConflict
from roster.wording import rule_list, rule_title, status_text

EXIT_VIOLATIONS, EXIT_CONFLICT, EXIT_INPUT, EXIT_NO_SOLUTION = 1, 2, 3, 4
MORE_TIME_GAP = 0.05        # above this proven gap, suggest more time (issue 26's goal: gap <= 5 %)


class InputProblem(click.ClickException):
    """One line on stderr, 错误：…, and exit 3."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", file=file, err=file is None)


def reports_input_errors(fn):
    """Every InputError (and a RulesConflict raised early) becomes one line, never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as err:
            raise InputProblem(err.chinese()) from None
        except RulesConflict as err:
            click.echo(str(err), err=True)
            sys.exit(EXIT_CONFLICT)
        except OSError as err:                             # no permission, disk full, ...
            raise InputProblem(os_problem(err)) from None
    return wrapper


# ------------------------------------------------------------------ shared options

def team_policy_options(fn):
    fn = click.option("--policy", "policy_path", required=True, type=click.Path(path_type=Path),
                      help="策略文件（TOML，含 [team] 与 [roster] 表）。")(fn)
    fn = click.option("--team", "team_path", required=True, type=click.Path(path_type=Path),
                      help="团队工作簿（工作表 员工 与 请假与偏好）。")(fn)
    return fn


def solver_options(fn):
    fn = click.option("--deterministic", is_flag=True,
                      help="可复现模式：单线程、固定种子，按求解器的确定性时间计时，同样的输入两次得到完全相同的排班"
                           "（用时可能比 --time-limit 长或短）。")(fn)
    fn = click.option("--workers", type=Whole(1, 64), default=None,
                      show_default="策略文件 [roster.solver] 的 workers，否则本机核数，最多 8",
                      help="求解线程数（1 到 64）。")(fn)
    fn = click.option("--seed", type=Whole(), default=None, show_default="策略文件 [roster.solver] 的 seed，否则 0",
                      help="求解随机种子。")(fn)
    fn = click.option("--time-limit", "time_limit", type=Seconds(), default=20.0, show_default=True,
                      help="求解最多用多少秒（大于 0，最多 86400）。")(fn)
    return fn


def verbose_option(fn):
    return click.option("--verbose", is_flag=True,
                        help="也显示求解器的细节：每一步的进度、目标值、下界和差距。")(fn)


def previous_option(fn):
    return click.option("--previous", "previous_path", type=click.Path(path_type=Path), default=None,
                        help="上个月的排班（.csv 或 .xlsx）：连续上班天数、C → A 衔接和连休跨月接着算。")(fn)


def history_option(fn):
    return click.option("--history", "history_dir", type=click.Path(path_type=Path), default=None,
                        help="以往排班的文件夹（roster-YYYY-MM.csv）：周末休息、C 班、值班和节假日出勤跨月累计求均衡，"
                             "上月没有周末休息的人本月优先；有上个月的文件而未给 --previous 时，它也当作上个月的排班。")(fn)


def demand_option(fn):
    return click.option("--demand", "demand_path", type=click.Path(path_type=Path), default=None,
                        help="咨询量工作簿（咨询量 或 历史咨询量）：按每半小时需要的人数排班，代替策略里每个班次的人数；"
                             "工作簿里多出“人手”表。")(fn)


# ------------------------------------------------------------------ library plumbing
def _month(text: str) -> tuple[int, int]:
    try:
        return parse_month(text)
    except InputError as err:
        raise InputError(err.message, zh=f"月份应写成 2026-12 这样，现为“{text}”") from None


def _role_names(policy) -> dict[str, str]:
    """role id -> the name the team sheet uses (售前), for the validator's and explainer's words."""
    return {rid: r.name for rid, r in policy.team.roles.items() if r.name}


def _load(team_path: Path, policy_path: Path):
    from roster.policy import load_policy
    from kefu.team import read_team

    policy = load_policy(policy_path)
    team = read_team(team_path, policy.team, tuple(policy.roster.shifts))
    for notice in team.notices:                 # a missing sheet or column, a malformed ID: said, not fatal
        click.echo(f"提示：{notice}", err=True)
    return policy, team


def _instance(policy, team, year: int, month: int, previous_path: Path | None, history_dir: Path | None = None):
    from roster.history import read_history
    from roster.monthly import build_month_instance

    history = read_history(policy, team, year, month, previous_path, history_dir)
    return build_month_instance(policy, team, year, month, history.previous, history.previous_duty,
                                history.carried)


def _made_with(roster_path: Path, previous_path: Path | None, history_dir: Path | None):
    """--previous and --history, or without them the earlier rosters the workbook was planned with
    (roster.made_with), said on stderr."""
    from roster.made_with import inputs_for

    previous_path, history_dir, words = inputs_for(roster_path, previous_path, history_dir)
    for line in words:
        click.echo(f"提示：{line}", err=True)
    return previous_path, history_dir


def _run_info(policy, team_path, policy_path, previous_path, year, month, command, history_dir=None):
    from roster.excel import RunInfo, day_labels

    cal = policy.roster.calendar
    days = build_days(year, month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove),
                      tuple(cal.promotion_days))
    return RunInfo(
        month=f"{year:04d}-{month:02d}", command=command, policy_file=policy_path, team_file=team_path,
        previous_file=previous_path, history_dir=history_dir, day_names=day_labels(days, cal.country),
        role_names={rid: r.name for rid, r in policy.team.roles.items()},
        shift_names={sid: f"{s.name + ' ' if s.name else ''}{s.start}–{s.end}" for sid, s in policy.roster.shifts.items()})


def _profile(policy, workers, seed, deterministic: bool):
    """The solver profile: the policy's [roster.solver] table over the defaults, then the command
    line's --workers, --seed and --deterministic (workers: this machine's cores, at most 8, unless
    the policy or the command line says otherwise)."""
    from roster.planner import SolverProfile

    profile = SolverProfile.from_policy(policy)
    if workers is None and policy.roster.solver.workers is None:
        workers = min(8, os.cpu_count() or 2)
    return profile.with_options(seed=seed, workers=workers, deterministic=deterministic or None)


def _progress(verbose: bool):
    """Progress on stderr: the best roster's penalty so far in plain words; with --verbose every
    step of the planner with the solver's figures."""
    def show(step) -> None:
        if verbose:
            bound = "—" if step.bound is None else f"{step.bound:.0f}"
            best = "—" if step.penalty is None else f"{step.penalty:.0f}"
            click.echo(f"{step.elapsed:7.1f} 秒  [{step.step or '-'}] {step.words}（目标值 {best}，下界 {bound}）", err=True)
        elif step.penalty is not None and step.words.startswith("目前最好"):
            click.echo(f"{step.elapsed:7.1f} 秒  目前最好的排班扣 {step.penalty:.0f} 分", err=True)
    return show


def _with_demand(instance, policy, demand_path: Path | None):
    """Staffing from demand: the month's forecast needs instead of the per-shift counts."""
    if demand_path is None:
        return instance
    from roster.demand.required import with_demand

    instance, notices = with_demand(instance, policy, demand_path)
    for notice in notices:
        click.echo(f"提示：{notice}", err=True)
    return instance


def _echo_staffing(instance, assignment, policy) -> None:
    if instance.interval_cover is None:
        return
    from roster.demand.staffing import staffing, summary_lines

    for line in summary_lines(instance, staffing(instance, assignment), _role_names(policy)):
        click.echo(line)


def _explain_and_exit(instance, time_limit, profile, result, what: str, role_names: dict[str, str]) -> None:
    """The hard rules cannot all hold (exit 2), or no roster was found in time (exit 4)."""
    if result.status == "INFEASIBLE":
        click.echo(f"{what}：硬约束无法同时满足，未写出任何文件。")
        from roster.explain import explain_infeasible

        for line in explain_infeasible(instance, time_limit, profile, role_names=role_names).lines:
            click.echo(f"  {line}")
        sys.exit(EXIT_CONFLICT)
    click.echo(f"{what}：{time_limit:g} 秒内没有找到排班（求解状态 {result.status}），未写出任何文件；"
               "请加大 --time-limit 再试。")
    sys.exit(EXIT_NO_SOLUTION)


def _repair_conflict(instance, time_limit, profile, baseline, frozen: int, what: str,
                     role_names: dict[str, str]) -> None:
    """A repair that cannot keep the days before --from (exit 2, nothing written): the frozen cells that
    already break a hard rule, named once; otherwise the explainer's words with those days kept as they
    are (without them it would look at another problem and might say all hard rules can hold)."""
    from roster.changes import kept_days_only
    from roster.explain import explain_infeasible
    from roster.validate import check

    start = instance.days[frozen].date
    kept = kept_days_only(instance, baseline, frozen)
    frozen_breaks = [v for v in check(instance, kept, role_names=role_names).violations
                     if v.day is not None and v.day < frozen]
    click.echo(f"{what}：硬约束无法同时满足，未写出任何文件。")
    if frozen_breaks:
        click.echo(f"  {start} 之前保持不变的格子已经违反硬约束（先在排班表里改正它们，或把 --from 提前）：")
        for v in frozen_breaks:
            click.echo(f"  {v}")
        sys.exit(EXIT_CONFLICT)
    click.echo(f"  {start} 之前的格子保持不变时：")
    for line in explain_infeasible(instance, time_limit, profile, role_names=role_names, baseline=baseline,
                                   freeze_before=frozen).lines:
        click.echo(f"  {line}")
    sys.exit(EXIT_CONFLICT)


def _rest_notes(instance) -> list[str]:
    """Rest days beyond the policy's count, and why: a part month kept within the max-consecutive
    rule (roster.monthly.rest_day_words), the hours rule's extra rest (rest_days.lawful_extra)."""
    from roster.hours import lawful_rest_words
    from roster.monthly import rest_day_words

    return ([f"{rule_title('rest_days')}：{line}" for line in rest_day_words(instance)]
            + [f"{rule_title('overtime_limit')}：{line}" for line in lawful_rest_words(instance)])


def _hours_up_front(instance, what: str) -> None:
    """Before solving: the rest days given beyond the policy's count (_rest_notes), one line each;
    people whose rest days alone force overtime above the cap: with the hours rule hard, the
    conflict explained (exit 2, nothing written); soft, a warning, and the solve goes on."""
    from roster.explain import hours_conflict
    from roster.hours import forced_words, over_cap

    for line in _rest_notes(instance):
        click.echo(line)
    conflict = hours_conflict(instance)
    if conflict is not None:
        click.echo(f"{what}：硬约束无法同时满足，未写出任何文件。")
        for line in conflict.lines:
            click.echo(f"  {line}")
        sys.exit(EXIT_CONFLICT)
    forced = over_cap(instance)
    if forced:
        click.echo(f"注意：按每月公休天数，下列人员的加班必然超过上限；{rule_title('overtime_limit')}是软约束，"
                   "超出的每小时扣分：")
        for line in forced_words(instance, forced):
            click.echo(f"  {line}")


def _echo_hours(instance, assignment) -> None:
    from roster.hours import hours_summary

    for line in hours_summary(instance, assignment):
        click.echo(line)


def _floors(instance, kept=None, frozen: int = 0):
    """What no roster can avoid for each person (roster.baseline); a repair keeps the days before
    --from as they are."""
    from roster.baseline import unavoidable

    return unavoidable(instance, kept, frozen)


def _echo_penalties(report, floors) -> None:
    """The soft costs: the unavoidable once, in words, then only what could be better."""
    from roster.baseline import actionable, summary_lines

    for line in summary_lines(actionable(report.penalties, floors)):
        click.echo(line)


def _status(result, time_limit: float, verbose: bool) -> str:
    """How good the roster is, in plain words; when it may not be the best, the hint to give more
    time; with --verbose the solver's own figures after it."""
    text = status_text(result.status, result.objective, result.bound)
    if result.status == "FEASIBLE" and (result.bound is None or (result.gap or 0) > MORE_TIME_GAP):
        text += f"，给更多时间（如 --time-limit {max(60, round(3 * time_limit))}）可能更好"
    if verbose:
        bound = "—" if result.bound is None else f"{result.bound:.0f}"
        gap = "—" if result.gap is None else f"{result.gap:.2%}"
        text += f"（求解器：{result.status}，目标值 {result.objective}，下界 {bound}，差距 {gap}）"
    return text


def _echo_fairness(instance, assignment) -> None:
    from roster.fairness_figures import fairness_figures

    click.echo(f"公平：{fairness_figures(instance, assignment).line(instance.fair_shift)}")


def _echo_written(written) -> None:
    for backup in written.backups:
        click.echo(backup.words())
    for path in written.paths:
        click.echo(f"已写出 {path}")


def _echo_violations(report) -> None:
    for v in report.violations:
        click.echo(str(v))
    rules = report.violated_rules()
    click.echo(f"共 {len(report.violations)} 处违反硬约束，涉及 {len(rules)} 条规则：{rule_list(rules)}")


# ------------------------------------------------------------------ commands
@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@help_option
@version_option
def main() -> None:
    """电商客服排班：A/B/C 班、每月 4 天公休、每天一名值班、法定节假日另计。

    \b
    退出码：0 成功；1 发现违反硬约束（check）；2 硬约束无法同时满足（solve、repair）；
            3 输入有误（一行说明文件、工作表、行和列），或命令行用法有误（一行说明哪个选项），或无法写出文件；
            4 时间上限内没有找到排班。
    """


@main.command()
@help_option
@team_policy_options
@click.option("--month", required=True, type=Month(), help="要排的月份，如 2026-12。")
@click.option("--out", "out_dir", required=True, type=Folder(),
              help="输出文件夹，写入 roster-YYYY-MM.xlsx 与 roster-YYYY-MM.csv。")
@previous_option
@history_option
@demand_option
@solver_options
@verbose_option
@reports_input_errors
def solve(team_path, policy_path, month, out_dir, previous_path, history_dir, demand_path, time_limit, seed, workers,
          deterministic, verbose):
    """排一个月的班：写出 DIR/roster-YYYY-MM.xlsx（排班表）和 DIR/roster-YYYY-MM.csv。

    \b
    示例：
        roster solve --team examples/team.xlsx --policy examples/policy.toml --month 2026-12 --out out --time-limit 20

    结果由独立的校验器再核对一遍：所有硬约束都满足时退出码 0。

    硬约束无法同时满足时退出码 2，说明哪些规则冲突、哪天哪个班次哪个岗位缺几人，且不写出任何文件。

    输出文件夹里已有同名文件（可能手工改过）时，原文件先另存为带日期的备份（如 roster-2026-12.备份-20261204-1630.xlsx），并在屏幕上说明。

    求解进度输出到 stderr；加 --verbose 还显示求解器的细节（目标值、下界、差距）。
    """
    from roster.excel import write_roster_files
    from roster.planner import Budget, plan
    from roster.validate import check

    year, mon = _month(month)
    policy, team = _load(team_path, policy_path)
    instance = _with_demand(_instance(policy, team, year, mon, previous_path, history_dir), policy, demand_path)
    profile = _profile(policy, workers, seed, deterministic)
    _hours_up_front(instance, f"排班 {year:04d}-{mon:02d}")
    click.echo(f"正在排 {year:04d}-{mon:02d}：{len(instance.people)} 人，{instance.n_days} 天，"
               f"时间上限 {time_limit:g} 秒", err=True)
    result = plan(instance, Budget(time_limit), profile, _progress(verbose))
    if not result.ok:
        _explain_and_exit(instance, time_limit, profile, result, f"排班 {year:04d}-{mon:02d}", _role_names(policy))
    report = check(instance, result.assignment, role_names=_role_names(policy))
    info = _run_info(policy, team_path, policy_path, previous_path, year, mon, "solve", history_dir)
    info.status, info.objective, info.bound = result.status, result.objective, result.bound
    info.gap, info.wall_time = result.gap, result.wall_time
    info.floors = _floors(instance)
    info.notes = _rest_notes(instance)
    written = write_roster_files(out_dir, instance, result.assignment, report, info)
    click.echo(f"排班 {info.month}：{_status(result, time_limit, verbose)}，用时 {result.wall_time:.1f} 秒")
    _echo_penalties(report, info.floors)
    _echo_fairness(instance, result.assignment)
    _echo_hours(instance, result.assignment)
    _echo_staffing(instance, result.assignment, policy)
    _echo_written(written)
    if not report.ok:
        _echo_violations(report)
        sys.exit(EXIT_VIOLATIONS)
    click.echo("所有硬约束均满足")


@main.command(name="check")
@help_option
@click.argument("roster_path", metavar="ROSTER", type=click.Path(path_type=Path))
@team_policy_options
@click.option("--month", default=None, type=Month(), help="排班表的月份，如 2026-12（默认从排班表读出）。")
@previous_option
@history_option
@demand_option
@reports_input_errors
def check_command(roster_path, team_path, policy_path, month, previous_path, history_dir, demand_path):
    """按每条规则核对一份排班（.csv 或 .xlsx 排班表，手工改过的也可以）。

    \b
    示例：
        roster check out/roster-2026-12.xlsx --team examples/team.xlsx --policy examples/policy.toml

    逐条列出违反的硬约束，写明员工、日期和数字（退出码 1）；全部满足时退出码 0。软约束扣分：任何排班都免不了的只说一次，再列出可以更好的。

    核对 roster solve 写出的 .xlsx 时，不给 --previous/--history 就用排班时用的（记在它的 说明 页）。
    """
    from roster.roster_file import assignment_from_table, read_roster
    from roster.validate import check

    policy, team = _load(team_path, policy_path)
    table = read_roster(roster_path, tuple(policy.roster.shifts), policy.team.leave)
    year, mon = (table.year, table.month) if month is None else _month(month)
    if (table.year, table.month) != (year, mon):
        raise InputError(f"the roster is for {table.year:04d}-{table.month:02d}, not {year:04d}-{mon:02d}",
                         file=roster_path, zh=f"这是 {table.year:04d}-{table.month:02d} 的排班表，不是 "
                                              f"{year:04d}-{mon:02d} 的")
    previous_path, history_dir = _made_with(roster_path, previous_path, history_dir)
    instance = _with_demand(_instance(policy, team, year, mon, previous_path, history_dir), policy, demand_path)
    assignment = assignment_from_table(instance, table)
    report = check(instance, assignment, role_names=_role_names(policy))
    floors = _floors(instance)
    if report.ok:
        click.echo(f"{roster_path.name}：所有硬约束均满足")
        _echo_penalties(report, floors)
        _echo_fairness(instance, assignment)
        _echo_hours(instance, assignment)
        _echo_staffing(instance, assignment, policy)
        return
    _echo_violations(report)
    _echo_penalties(report, floors)
    _echo_fairness(instance, assignment)
    _echo_hours(instance, assignment)
    _echo_staffing(instance, assignment, policy)
    sys.exit(EXIT_VIOLATIONS)


@main.command()
@help_option
@click.argument("roster_path", metavar="ROSTER", type=click.Path(path_type=Path))
@click.option("--from", "from_text", required=True, help="从哪天起重排，如 2026-12-10。")
@team_policy_options
@click.option("--out", "out_dir", required=True, type=Folder(),
              help="输出文件夹，写入新的 roster-YYYY-MM.xlsx 与 .csv。")
@previous_option
@history_option
@demand_option
@solver_options
@verbose_option
@reports_input_errors
def repair(roster_path, from_text, team_path, policy_path, out_dir, previous_path, history_dir, demand_path, time_limit,
           seed, workers, deterministic, verbose):
    """月中重排（有人病假或离职）：从某天起重排，之前的日子保持不变。

    \b
    示例：
        roster repair out/roster-2026-12.csv --from 2026-12-10 --team examples/team.xlsx --policy examples/policy.toml --out out

    先改好团队工作簿（在 请假与偏好 里加新假期，或填 离职日期）。

    新排班从 --from 起尽量少改格子，并逐格列出改动（员工、日期、原 → 新，也写在工作簿的 说明 里）。

    保留 --from 之前的日子后硬约束无法同时满足时退出码 2（不写出任何文件）；之前的格子本身已违反硬约束时，列出是哪些格子、违反哪条规则。

    输出文件夹里已有同名文件时，原文件先另存为带日期的备份（如 roster-2026-12.备份-20261204-1630.xlsx）。

    加 --verbose 还显示求解器的细节（目标值、下界、差距）。
    """
    from roster.changes import cell_changes, change_lines, duty_changes
    from roster.excel import write_roster_files
    from roster.roster_file import assignment_from_table, read_roster
    from roster.planner import Budget, plan
    from roster.validate import check

    policy, team = _load(team_path, policy_path)
    table = read_roster(roster_path, tuple(policy.roster.shifts), policy.team.leave)
    year, mon = table.year, table.month
    try:
        start = date.fromisoformat(from_text.strip())
    except ValueError:
        raise InputError(f"--from must be a date like 2026-12-10, got {from_text!r}",
                         zh=f"--from 应为日期，如 2026-12-10，现为“{from_text}”") from None
    previous_path, history_dir = _made_with(roster_path, previous_path, history_dir)
    instance = _with_demand(_instance(policy, team, year, mon, previous_path, history_dir), policy, demand_path)
    days = [d.date for d in instance.days]
    if start not in days:
        raise InputError(f"--from {start} is not in the roster's month {year:04d}-{mon:02d}", file=roster_path,
                         zh=f"--from {start} 不在排班表的月份 {year:04d}-{mon:02d} 内")
    frozen = days.index(start)
    baseline = assignment_from_table(instance, table, fill_from=frozen)
    profile = _profile(policy, workers, seed, deterministic)
    _hours_up_front(instance, f"排班 {year:04d}-{mon:02d} 自 {start} 起重排")
    click.echo(f"正在重排 {year:04d}-{mon:02d}，自 {start} 起：{len(instance.people)} 人，"
               f"时间上限 {time_limit:g} 秒", err=True)
    result = plan(instance, Budget(time_limit), profile, _progress(verbose), baseline=baseline, freeze_before=frozen)
    what = f"排班 {year:04d}-{mon:02d} 自 {start} 起重排"
    if result.status == "INFEASIBLE":
        _repair_conflict(instance, time_limit, profile, baseline, frozen, what, _role_names(policy))
    if not result.ok:
        _explain_and_exit(instance, time_limit, profile, result, what, _role_names(policy))
    new = result.assignment
    if any(new.codes[p][d] != baseline.codes[p][d] for p in range(len(instance.people)) for d in range(frozen)):
        raise click.ClickException("内部错误：求解器改动了 --from 之前的日子，未写出任何文件")
    cells, duty = cell_changes(instance, baseline, new, frozen), duty_changes(instance, baseline, new, frozen)
    changes = change_lines(instance, cells, duty)
    report = check(instance, new, role_names=_role_names(policy))
    past = [v for v in report.violations if v.day is not None and v.day < frozen]
    future = [v for v in report.violations if v not in past]
    info = _run_info(policy, team_path, policy_path, previous_path, year, mon, "repair", history_dir)
    info.status, info.objective, info.bound = result.status, result.objective, result.bound
    info.gap, info.wall_time = result.gap, result.wall_time
    info.floors = _floors(instance, baseline, frozen)
    info.notes = [f"自 {start} 起重排（原排班 {roster_path}）：改动 {len(cells)} 格，值班人变动 {len(duty)} 天"]
    info.notes += [f"改动 {line}" for line in changes]
    info.notes += _rest_notes(instance)
    written = write_roster_files(out_dir, instance, new, report, info)
    click.echo(f"排班 {info.month} 自 {start} 起重排：改动 {len(cells)} 格，值班人变动 {len(duty)} 天；"
               f"{_status(result, time_limit, verbose)}，用时 {result.wall_time:.1f} 秒")
    for line in changes:
        click.echo(f"  {line}")
    _echo_penalties(report, info.floors)
    _echo_fairness(instance, new)
    _echo_hours(instance, new)
    _echo_staffing(instance, new, policy)
    _echo_written(written)
    for v in past:
        click.echo(f"--from 之前的日子，保持原样：{v}")
    if future:
        for v in future:
            click.echo(str(v))
        sys.exit(EXIT_VIOLATIONS)
    click.echo(f"自 {start} 起所有硬约束均满足")


@main.command()
@help_option
@click.option("--policy", "policy_path", required=True, type=click.Path(path_type=Path),
              help="策略文件（岗位、店铺、薪资档、班次从这里取，作为下拉选项）。")
@click.option("--out", "out_dir", required=True, type=Folder(),
              help="输出文件夹，写入 team.xlsx（工作表 员工 与 请假与偏好）。")
@click.option("--force", is_flag=True, help="覆盖输出文件夹里已有的 team.xlsx（或 demand.xlsx）。")
@click.option("--demand", "demand", is_flag=True,
              help="改为写出咨询量工作簿 demand.xlsx（咨询量 与 历史咨询量），给 roster solve --demand 用。")
@click.option("--month", default=None, type=Month(), help="与 --demand 一起：咨询量 表预先填好这个月每天每个时段每个岗位的行。")
@reports_input_errors
def template(policy_path, out_dir, force, demand, month):
    """写出空白的团队工作簿 team.xlsx：中文表头、填写提示、下拉选项和一行示例，填好就能排班和算工资。

    \b
    示例：
        roster template --policy examples/policy.toml --out myshop
        roster template --demand --month 2026-12 --policy examples/policy.toml --out myshop

    加 --demand 写出咨询量工作簿 demand.xlsx：填每个时段的咨询量（或过去几周的），roster solve --demand 按它排班。

    已有的文件不会被覆盖（除非加 --force）。
    """
    from roster.policy import load_policy
    from roster.templates import TEAM_FILE, write_team_template

    if month is not None and not demand:
        raise InputError("--month goes with --demand", zh="--month 只和 --demand 一起用（预先填好咨询量表的行）")
    from roster.demand.template import DEMAND_FILE, write_demand_template

    name = DEMAND_FILE if demand else TEAM_FILE
    target = Path(out_dir) / name
    if target.exists() and not force:
        raise InputError(f"{name} already exists; give --force to overwrite it", file=target,
                         zh="已经存在，不会覆盖（确要覆盖请加 --force）")
    policy = load_policy(policy_path)
    if demand:
        year, mon = _month(month) if month else (None, None)
        path = write_demand_template(policy, out_dir, year, mon)
        click.echo(f"已写出 {path}：咨询量 表每个日期、时段、岗位一行填咨询量（或只填 历史咨询量 表，按过去几周预测）")
        return
    path = write_team_template(policy, out_dir)
    click.echo(f"已写出 {path}：每人一行填 员工 表，请假与排班愿望填 请假与偏好 表；第 2 行是示例")


if __name__ == "__main__":
    main()
