"""The web workspace's one door into the roster library: every page that plans, checks, edits or writes a
roster calls it here, the way roster/cli.py calls it (`roster.planner.plan(instance, budget, profile,
progress)`, the same entry as `roster solve` and `roster repair`).

- `load_month(inputs)`: policy, team and the month's Instance with every earlier month's current roster as
  `roster solve --history` reads them (cached by the files' and versions' numbers; the floors of
  roster.baseline, slow to find, are computed once per month and inputs).
- `review(month, assignment)`: the validator's report (roster.validate.check, the CLI's words), the cells
  to highlight, the soft summary and fairness line of `roster check`, coverage and fairness figures.
- `apply_cell`, `read_roster_file`, `write_csv`, `write_workbook`, `change_words`: edits and the same
  writers as the CLI.
- `Jobs`: solve and repair in a BACKGROUND PROCESS (multiprocessing, spawn: CP-SAT holds the GIL and
  must not slow the pages), niced, with progress events from the planner's progress callback through
  a queue; the server answers other users meanwhile, and several
  solves (other months, other users) run at once.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from kefu.calendar import WEEKDAY_ZH, build_days, parse_month
from kefu.errors import InputError
from kefu.team import read_team
from roster.baseline import Unavoidable, actionable, summary_lines, unavoidable
from roster.changes import cell_changes, change_lines, duty_changes
from roster.codes import grid_text, legend
from roster.excel import CODE_FILLS, SHIFT_FILLS, RunInfo, day_labels, employee_totals, write_roster_workbook
from roster.fairness_figures import fairness_figures
from roster.history import carry_line, read_earlier_months
from roster.instance import NA, Assignment, Instance
from roster.monthly import build_month_instance
from roster.policy import load_policy
from roster.roster_file import assignment_from_table, read_roster, write_roster_csv
from roster.validate import Report, check
from roster.wording import rule_list, status_text
from web.store import stamp

DEFAULT_TIME_LIMIT = 20.0          # seconds, as `roster solve`
MOST_TIME_LIMIT = 600.0            # a page's solve; longer plans belong to the command line
CACHE_SIZE = 8
SOLVE_NICENESS = 5                 # the solving process yields the CPU to the server's pages


@dataclass(frozen=True)
class EarlierRoster:
    """An earlier month's current roster version in the workspace (its CSV)."""

    month: str                       # "2026-11"
    number: int                      # the version
    path: Path

    @property
    def label(self) -> str:
        return f"{self.month} 第 {self.number} 版"


@dataclass(frozen=True)
class MonthInputs:
    """What a month's roster is planned and checked against: the workspace's current team and policy and
    every earlier month's current roster version (oldest first), read as `roster solve --history` reads a
    folder of them: the previous month's for the sequence rules across the boundary, all of them for the
    fairness counts carried over."""

    month: str                       # "2026-12"
    team_path: Path
    policy_path: Path
    earlier: tuple[EarlierRoster, ...] = ()
    key: tuple = ()                  # the files' and versions' numbers in the store: what the cache is keyed on

    @property
    def year_month(self) -> tuple[int, int]:
        return parse_month(self.month)

    @property
    def previous_path(self) -> Path | None:
        """The previous month's current roster, when the workspace holds one."""
        before = previous_month(self.month)
        return next((e.path for e in self.earlier if e.month == before), None)


@dataclass
class Month:
    """A loaded month: policy, team, Instance and the names the pages show."""

    inputs: MonthInputs
    policy: object
    team: object
    instance: Instance
    role_names: dict[str, str]
    day_names: list[str]
    shift_names: dict[str, str]
    notices: list[str]
    carry_line: str = ""                     # what the earlier months carry (roster.history.carry_line)
    _floors: Unavoidable | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def floors(self) -> Unavoidable:
        """What no roster can avoid per person (roster.baseline), computed once."""
        with self._lock:
            if self._floors is None:
                self._floors = unavoidable(self.instance)
            return self._floors

    def codes(self) -> list[tuple[str, str]]:
        """(code, grid text) of every code a cell may hold: the shifts, 休, 节, each leave type, —."""
        inst = self.instance
        return [(c, grid_text(c, leave=inst.leave)) for c in (*inst.shift_ids, *inst.rest_codes)]

    def colours(self) -> dict[str, str]:
        """code -> fill colour (hex, no #), exactly as the workbook's grid (roster.excel)."""
        inst = self.instance
        fills = {sid: SHIFT_FILLS[i % len(SHIFT_FILLS)] for i, sid in enumerate(inst.shift_ids)}
        fills.update(CODE_FILLS)
        fills.update({c: t.fill for c, t in inst.leave.types.items()})
        return fills

    def legend(self) -> list[tuple[str, str, str | None]]:
        """(grid text, meaning, code) lines of the workbook's legend."""
        inst = self.instance
        lines = legend(inst.shift_ids, self.shift_names, inst.duty_shift if inst.duty_per_day else None, inst.leave)
        by_text = {grid_text(c, leave=inst.leave): c for c in (*inst.shift_ids, *inst.rest_codes)}
        return [(text, meaning, by_text.get(text)) for text, meaning in lines]

    def days(self) -> list[dict]:
        """Per day: date, weekday, holiday or promotion name, and whether it is a weekend or special day."""
        out = []
        for d, day in enumerate(self.instance.days):
            name = self.day_names[d] if d < len(self.day_names) else ""
            out.append({"index": d, "date": day.date, "iso": day.date.isoformat(), "label": f"{day.date.day}",
                        "weekday": f"周{WEEKDAY_ZH[day.weekday]}", "name": name,
                        "kind": "statutory" if day.statutory else "special" if day.weekday >= 5 or name else ""})
        return out


_cache: OrderedDict[tuple, Month] = OrderedDict()
_cache_lock = threading.Lock()


def load_month(inputs: MonthInputs) -> Month:
    """The month of these inputs (cached by inputs.key); InputError when a file cannot be read."""
    cache_key = (inputs.month, inputs.key)
    with _cache_lock:
        if cache_key in _cache:
            _cache.move_to_end(cache_key)
            return _cache[cache_key]
    month = _load(inputs)
    with _cache_lock:
        _cache[cache_key] = month
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return month


def _load(inputs: MonthInputs) -> Month:
    year, mon = inputs.year_month
    policy = load_policy(inputs.policy_path)
    team = read_team(inputs.team_path, policy.team, tuple(policy.roster.shifts))
    earlier = {parse_month(e.month): e.path for e in inputs.earlier}
    try:
        history = read_earlier_months(policy, team, year, mon, earlier)
    except InputError as err:          # said with the version it is, since the page chose the file
        kept = next((e.label for e in inputs.earlier if err.file is not None and Path(err.file) == e.path), "以往月份的排班")
        raise InputError(f"{inputs.month} carries the earlier months' rosters: {err}",
                         zh=f"{inputs.month} 要计入以往月份的排班，{kept}有误：{err.chinese()}") from None
    instance = build_month_instance(policy, team, year, mon, history.previous, history.previous_duty, history.carried)
    cal = policy.roster.calendar
    days = build_days(year, mon, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove),
                      tuple(cal.promotion_days))
    return Month(inputs, policy, team, instance,
                 role_names={rid: r.name for rid, r in policy.team.roles.items() if r.name},
                 day_names=day_labels(days, cal.country),
                 shift_names={sid: f"{s.name + ' ' if s.name else ''}{s.start}–{s.end}"
                              for sid, s in policy.roster.shifts.items()},
                 notices=list(team.notices),
                 carry_line=carry_line(history, instance, {parse_month(e.month): e.label for e in inputs.earlier}))


# ------------------------------------------------------------------ reading, editing, writing
def read_roster_file(month: Month, path: Path, fill_from: int | None = None) -> Assignment:
    """A roster file (the long CSV or the grid workbook, hand-edited too) as this month's Assignment."""
    policy = month.policy
    table = read_roster(path, tuple(policy.roster.shifts), policy.team.leave)
    year, mon = month.inputs.year_month
    if (table.year, table.month) != (year, mon):
        raise InputError(f"the roster is for {table.year:04d}-{table.month:02d}, not {month.inputs.month}", file=path,
                         zh=f"这是 {table.year:04d}-{table.month:02d} 的排班表，不是 {month.inputs.month} 的")
    return assignment_from_table(month.instance, table, fill_from=fill_from)


def write_csv(month: Month, assignment: Assignment, path: Path) -> Path:
    """The long CSV employee_id,date,code,duty (roster.roster_file, written atomically)."""
    return write_roster_csv(path, month.instance, assignment)


@dataclass
class RunFacts:
    """What produced a version, for the workbook's 说明 sheet."""

    command: str = "solve"
    status: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    wall_time: float | None = None
    notes: list[str] = field(default_factory=list)


def write_workbook(month: Month, assignment: Assignment, path: Path, facts: RunFacts) -> Path:
    """roster-YYYY-MM.xlsx as `roster solve` writes it (roster.excel), checked by the validator."""
    inputs = month.inputs
    info = RunInfo(month=inputs.month, command=facts.command, policy_file=inputs.policy_path,
                   team_file=inputs.team_path, previous_file=inputs.previous_path, day_names=month.day_names,
                   role_names={rid: r.name for rid, r in month.policy.team.roles.items()},
                   shift_names=month.shift_names)
    info.status, info.objective, info.bound, info.gap = facts.status, facts.objective, facts.bound, facts.gap
    info.wall_time, info.notes, info.floors = facts.wall_time, list(facts.notes), month.floors
    report = check(month.instance, assignment, role_names=month.role_names)
    return write_roster_workbook(path, month.instance, assignment, report, info)


class CellError(Exception):
    """A cell change that names no cell or code of this month; one Chinese line."""


def apply_cell(month: Month, assignment: Assignment, employee_id: str, day: str, code: str,
               duty: bool) -> Assignment:
    """The roster with one cell changed. Duty (★) on a shift makes this person the day's on-duty person in
    place of the others (the policy's count is one a day); a cell that is not the duty shift loses its ★."""
    inst = month.instance
    ids = [p.id for p in inst.people]
    if employee_id not in ids:
        raise CellError(f"团队里没有工号 {employee_id}")
    dates = [d.date.isoformat() for d in inst.days]
    if day not in dates:
        raise CellError(f"{day} 不是 {month.inputs.month} 的日子")
    if code not in inst.shift_ids and code not in inst.rest_codes:
        raise CellError(f"不认识的排班代码“{code}”")
    p, d = ids.index(employee_id), dates.index(day)
    codes = [list(row) for row in assignment.codes]
    duty_days = [list(people) for people in assignment.duty] + [[] for _ in range(inst.n_days - len(assignment.duty))]
    codes[p][d] = code
    if duty and code in inst.shift_ids:
        duty_days[d] = [p] if inst.duty_on(d) <= 1 else sorted({*duty_days[d], p})
    else:
        duty_days[d] = [q for q in duty_days[d] if q != p]
    return Assignment(codes, duty_days)


def change_words(month: Month, before: Assignment, after: Assignment, first_day: int = 0) -> list[str]:
    """One line per changed cell and on-duty day, as `roster repair` prints them."""
    inst = month.instance
    return change_lines(inst, cell_changes(inst, before, after, first_day),
                        duty_changes(inst, before, after, first_day))


def day_index(month: Month, day: str) -> int:
    dates = [d.date.isoformat() for d in month.instance.days]
    if day not in dates:
        raise CellError(f"{day} 不是 {month.inputs.month} 的日子")
    return dates.index(day)


# ------------------------------------------------------------------ review: the instant re-check
@dataclass
class Review:
    """The validator's verdict on a roster, in the CLI's words, and what the grid and charts show."""

    report: Report
    violations: list[str]                     # one line per violated hard rule (as `roster check`)
    violation_summary: str | None             # 共 N 处违反硬约束，涉及 …
    soft_lines: list[str]                     # the soft summary of `roster check`
    fairness_line: str                        # 公平：…
    bad_cells: dict[tuple[int, int], list[str]]   # (person, day) -> the violations' words
    bad_people: dict[int, list[str]]          # person -> words of breaches without a day
    bad_days: dict[int, list[str]]            # day -> words of breaches without a person
    coverage: list[dict]                      # per shift: per day staffed, required, short
    fairness: list[dict]                      # per person: late shifts, weekend rests, duty days
    fair_shift: str | None


def review(month: Month, assignment: Assignment) -> Review:
    inst = month.instance
    report = check(inst, assignment, role_names=month.role_names)
    cells: dict[tuple[int, int], list[str]] = {}
    people: dict[int, list[str]] = {}
    days: dict[int, list[str]] = {}
    index = {p.id: i for i, p in enumerate(inst.people)}
    for v in report.violations:
        p = index.get(v.person) if v.person is not None else None
        d = v.day if v.day is not None and 0 <= v.day < inst.n_days else None
        if p is not None and d is not None:
            cells.setdefault((p, d), []).append(str(v))
            if v.rule_id == "succession" and d > 0:
                cells.setdefault((p, d - 1), []).append(str(v))
        elif p is not None:
            people.setdefault(p, []).append(str(v))
        elif d is not None:
            days.setdefault(d, []).append(str(v))
    rules = report.violated_rules()
    summary = f"共 {len(report.violations)} 处违反硬约束，涉及 {len(rules)} 条规则：{rule_list(rules)}" if rules else None
    return Review(report, [str(v) for v in report.violations], summary,
                  summary_lines(actionable(report.penalties, month.floors)),
                  f"公平：{fairness_figures(inst, assignment).line(inst.fair_shift)}", cells, people, days,
                  _coverage(inst, assignment, report), _fairness(inst, assignment), inst.fair_shift)


def _coverage(inst: Instance, a: Assignment, report: Report) -> list[dict]:
    """Per shift: each day's people on it against the covers' minimum (all roles), short when any cover of
    that day and shift is short (the validator's coverage breaches)."""
    short = {(v.day, v.figures.get("shift")) for v in report.violations if v.rule_id == "coverage"}
    short |= {(v.day, v.figures.get("shift")) for v in report.penalties
              if v.rule_id == "coverage" and v.figures.get("staffed", 0) < v.figures.get("minimum", 0)}
    out = []
    for s in inst.shift_ids:
        rows = []
        for d in range(inst.n_days):
            required = sum(c.minimum for c in inst.covers if c.day == d and c.shift == s)
            staffed = sum(1 for p in range(len(inst.people)) if a.codes[p][d] == s)
            rows.append({"day": d, "staffed": staffed, "required": required, "short": (d, s) in short})
        out.append({"shift": s, "days": rows})
    return out


def _fairness(inst: Instance, a: Assignment) -> list[dict]:
    totals = employee_totals(inst, a)
    late = inst.fair_shift
    return [{"id": t["employee_id"], "name": t["name"], "late": t.get(f"shift_{late}", 0) if late else 0,
             "weekend_rest": t["weekend_rest"], "duty": t["duty_days"],
             "employed": any(c != NA for c in a.codes[p])} for p, t in enumerate(totals)]


def grid_rows(month: Month, assignment: Assignment, checked: Review) -> list[dict]:
    """Per person: id, name, role and the cells (code, text as the workbook writes it, duty, problems)."""
    inst = month.instance
    on_duty = {(p, d) for d, ps in enumerate(assignment.duty) for p in ps}
    rows = []
    for p, person in enumerate(inst.people):
        cells = [{"code": code, "text": grid_text(code, (p, d) in on_duty, inst.leave), "duty": (p, d) in on_duty,
                  "problems": checked.bad_cells.get((p, d), [])} for d, code in enumerate(assignment.codes[p])]
        rows.append({"index": p, "id": person.id, "name": person.name,
                     "role": month.role_names.get(person.role, person.role), "cells": cells,
                     "problems": checked.bad_people.get(p, [])})
    return rows


def duty_row(month: Month, assignment: Assignment) -> list[str]:
    """The 值班 row under the grid: the on-duty people's names (their ids where a name is shared)."""
    people = month.instance.people
    names = [p.name for p in people]
    label = [p.name if p.name and names.count(p.name) == 1 else p.id for p in people]
    return ["、".join(label[p] for p in (assignment.duty[d] if d < len(assignment.duty) else []))
            for d in range(month.instance.n_days)]


# ------------------------------------------------------------------ solving in the background
@dataclass(frozen=True)
class SolveOrder:
    """What a background job plans: a whole month (`solve`) or from a day on (`repair`, keeping the days
    before it from `baseline_path`, the version shown)."""

    kind: str                                  # solve | repair
    inputs: MonthInputs
    time_limit: float = DEFAULT_TIME_LIMIT
    seed: int = 0
    workers: int = 2
    baseline_path: Path | None = None
    repair_from: str | None = None             # ISO date


@dataclass
class Outcome:
    """A finished job: the roster (codes, duty) and the solver's figures, or the reason there is none."""

    ok: bool
    headline: str
    lines: list[str] = field(default_factory=list)
    codes: list[list[str]] | None = None
    duty: list[list[int]] | None = None
    facts: RunFacts = field(default_factory=RunFacts)


def default_workers() -> int:
    """The solver's threads, as `roster solve` (this machine's cores, at most 8)."""
    return min(8, os.cpu_count() or 2)


def progress_words(elapsed: float, objective: float) -> str:
    """The CLI's progress line (roster.cli)."""
    return f"{elapsed:.1f} 秒  目前最好的排班扣 {objective:.0f} 分"


def plan(order: SolveOrder, progress: Callable[[float, float, float], None],
         started: Callable[[str], None] | None = None) -> Outcome:
    """Run one order as `roster solve` / `roster repair` do; `started(words)` once the month is loaded
    (as the CLI's "正在排 …" line), `progress(elapsed, objective, bound)` at each better roster. Runs in
    the job's process."""
    from roster.explain import explain_infeasible, hours_conflict
    from roster.hours import lawful_rest_words
    from roster.planner import Budget, SolverProfile
    from roster.planner import plan as plan_roster

    month = load_month(order.inputs)
    inst = month.instance
    profile = SolverProfile.from_policy(month.policy).with_options(seed=order.seed, workers=order.workers)

    def improved(step) -> None:
        if step.penalty is not None and step.words.startswith("目前最好"):
            progress(step.elapsed, step.penalty, step.bound)
    what = f"排班 {order.inputs.month}"
    if started is not None:
        started(f"正在排 {order.inputs.month}：{len(inst.people)} 人，{inst.n_days} 天，时间上限 {order.time_limit:g} 秒")
    notes = [*lawful_rest_words(inst), month.carry_line]     # what the plan took from earlier months
    conflict = hours_conflict(inst)
    if conflict is not None:
        return Outcome(False, f"{what}：硬约束无法同时满足，未保存。", list(conflict.lines))
    if order.kind == "solve":
        result = plan_roster(inst, Budget(order.time_limit), profile, improved)
        baseline, frozen = None, 0
    else:
        frozen = day_index(month, order.repair_from)
        what += f" 自 {order.repair_from} 起重排"
        baseline = read_roster_file(month, order.baseline_path, fill_from=frozen)
        result = plan_roster(inst, Budget(order.time_limit), profile, improved, baseline=baseline,
                             freeze_before=frozen)
    if result.status == "INFEASIBLE":
        if baseline is not None:
            return Outcome(False, f"{what}：硬约束无法同时满足，未保存。", _repair_conflict(month, order, profile, baseline, frozen))
        lines = explain_infeasible(inst, order.time_limit, profile, role_names=month.role_names).lines
        return Outcome(False, f"{what}：硬约束无法同时满足，未保存。", list(lines))
    if not result.ok:
        return Outcome(False, f"{what}：{order.time_limit:g} 秒内没有找到排班（求解状态 {result.status}），未保存；"
                              "请加大时间上限再试。")
    facts = RunFacts(order.kind, result.status, result.objective, result.bound, result.gap, result.wall_time, notes)
    if baseline is not None:
        changed = change_words(month, baseline, result.assignment, frozen)
        facts.notes = [f"自 {order.repair_from} 起重排：改动 {len(cell_changes(inst, baseline, result.assignment, frozen))} 格，"
                       f"值班人变动 {len(duty_changes(inst, baseline, result.assignment, frozen))} 天"] + changed + notes
    headline = f"{what}：{status_text(result.status, result.objective, result.bound)}，用时 {result.wall_time:.1f} 秒"
    return Outcome(True, headline, facts.notes, [list(r) for r in result.assignment.codes],
                   [list(d) for d in result.assignment.duty], facts)


def _repair_conflict(month: Month, order: SolveOrder, profile, baseline: Assignment, frozen: int) -> list[str]:
    """As `roster repair`: the kept cells that already break a hard rule, or the explainer's words with
    the days before the first day kept."""
    from roster.changes import kept_days_only
    from roster.explain import explain_infeasible

    inst = month.instance
    start = inst.days[frozen].date
    kept = kept_days_only(inst, baseline, frozen)
    breaks = [v for v in check(inst, kept, role_names=month.role_names).violations
              if v.day is not None and v.day < frozen]
    if breaks:
        return [f"{start} 之前保持不变的格子已经违反硬约束（先改正它们，或把重排的日子提前）："] + [str(v) for v in breaks]
    lines = explain_infeasible(inst, order.time_limit, profile, role_names=month.role_names, baseline=baseline,
                               freeze_before=frozen).lines
    return [f"{start} 之前的格子保持不变时："] + list(lines)


def _child(order: SolveOrder, queue) -> None:
    """The job's process: plan, sending ('started', words), ('progress', elapsed, objective) and one
    ('outcome', Outcome)."""
    try:
        os.setpgrp()                # its own process group: a stop ends the solver's helpers too
        os.nice(SOLVE_NICENESS)
    except (AttributeError, OSError):
        pass
    try:
        outcome = plan(order, lambda elapsed, objective, bound: queue.put(("progress", elapsed, objective)),
                       lambda words: queue.put(("started", words)))
    except InputError as err:
        outcome = Outcome(False, err.chinese())
    except Exception as err:       # noqa: BLE001 — the page must say something rather than wait forever
        outcome = Outcome(False, f"排班未完成：内部错误（{type(err).__name__}: {err}）")
    queue.put(("outcome", outcome))


@dataclass
class Job:
    id: int
    month: str
    kind: str
    by: str
    started: float
    state: str = "running"                      # running | done | failed | stopped
    events: list[dict] = field(default_factory=list)
    outcome: Outcome | None = None
    process: object = None
    finished: bool = False                      # the last event is in `events`
    started_at: str = field(default_factory=stamp)   # UTC, as the store keeps times

    def elapsed(self) -> float:
        return time.monotonic() - self.started


class Jobs:
    """The workspace's background solves. `start` returns at once; `finish(job, outcome)` (the page's
    callback: save the version) runs in the job's watcher thread when the process ends."""

    def __init__(self):
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")

    def start(self, order: SolveOrder, by: str, finish: Callable[[Job, Outcome], str]) -> Job:
        queue = self._context.Queue()
        # not a daemon: the library starts processes of its own (roster.background_bound)
        process = self._context.Process(target=_child, args=(order, queue),
                                        name=f"kefu-{order.kind}-{order.inputs.month}")
        with self._lock:
            job = Job(next(self._ids), order.inputs.month, order.kind, by, time.monotonic(), process=process)
            self._jobs[job.id] = job
        process.start()
        threading.Thread(target=self._watch, args=(job, queue, finish), daemon=True).start()
        return job

    def _watch(self, job: Job, queue, finish) -> None:
        outcome = None
        while outcome is None:
            try:
                message = queue.get(timeout=0.5)
            except Exception:       # noqa: BLE001 — queue.Empty, or the queue closed by a stop
                if not job.process.is_alive():
                    break
                continue
            if message[0] == "started":
                job.events.append({"type": "progress", "elapsed": 0.0, "objective": None, "text": message[1]})
            elif message[0] == "progress":
                job.events.append({"type": "progress", "elapsed": round(message[1], 1), "objective": message[2],
                                   "text": progress_words(message[1], message[2])})
            else:
                outcome = message[1]
        job.process.join(timeout=5)
        if job.state == "stopped":
            job.events.append({"type": "failed", "text": "已停止，未保存", "lines": []})
            job.finished = True
            return
        if outcome is None:
            outcome = Outcome(False, "排班进程意外退出，未保存")
        job.outcome = outcome
        if outcome.ok:
            try:
                text = finish(job, outcome)
            except Exception as err:   # noqa: BLE001 — e.g. web.roster_versions.Stale: said, not raised
                outcome.ok, outcome.headline = False, f"未保存：{err}"
            else:
                job.events.append({"type": "done", "text": text, "lines": outcome.lines})
                job.state, job.finished = "done", True
                return
        try:
            finish(job, outcome)
        finally:
            job.events.append({"type": "failed", "text": outcome.headline, "lines": outcome.lines})
            job.state, job.finished = "failed", True

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def of_month(self, month: str) -> Job | None:
        """The month's newest job (running or finished)."""
        found = [j for j in self._jobs.values() if j.month == month]
        return max(found, key=lambda j: j.id) if found else None

    def running(self) -> list[Job]:
        return [j for j in self._jobs.values() if j.state == "running"]

    def stop(self, job: Job) -> None:
        if job.state == "running":
            job.state = "stopped"
            try:
                os.killpg(job.process.pid, signal.SIGTERM)     # the job's process and its helpers
            except (AttributeError, OSError):
                pass
            job.process.terminate()

    def stop_all(self) -> None:
        for job in list(self._jobs.values()):
            self.stop(job)


def month_name(text: str) -> str | None:
    """'2026-12' (also '2026-1'), normalised; None when it is not a month."""
    try:
        year, mon = parse_month(text.strip())
    except InputError:
        return None
    return f"{year:04d}-{mon:02d}"


def previous_month(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def next_month(today: date) -> str:
    return f"{today.year + 1:04d}-01" if today.month == 12 else f"{today.year:04d}-{today.month + 1:02d}"


def assignment_of(codes: list[list[str]], duty: list[list[int]]) -> Assignment:
    return Assignment([list(r) for r in codes], [list(d) for d in duty])
