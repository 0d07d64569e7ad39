"""排班 (the supervisor): a month's roster — solve and repair in a background process with live progress
(server-sent events), the grid coloured like the workbook with ★ duty, a cell changed by a click and
re-checked at once by the validator (violated hard rules on the grid and in the CLI's words), coverage and
fairness charts, downloads of the workbook and CSV, and the month's versions with restore.

Supervisors and admins change rosters; HR views them; finance has no roster pages. Every call into the
roster library goes through web.roster_jobs; every save is a version (web.roster_versions) and an entry
in the audit log.
"""
from __future__ import annotations

import asyncio
import json
import threading
from collections import OrderedDict
from dataclasses import asdict
from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from web import roster_jobs as rj
from web.accounts import Session
from web.guard import audit, changer, done, viewer, workspace
from web.messages import Problem, as_problem
from web.render import BEIJING, render
from web.roster_charts import coverage_chart, fairness_chart
from web.roster_versions import Stale, Version, Versions
from web.uploads import UploadError, forget_upload, save_upload
from web.workspace import Workspace

router = APIRouter()
VIEWERS = ("supervisor", "hr", "admin")         # finance has no roster pages
CHANGERS = ("supervisor", "admin")              # HR views rosters, never changes them
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def versions_of(request: Request) -> Versions:
    return request.app.state.roster_versions


def jobs_of(request: Request) -> rj.Jobs:
    return request.app.state.roster_jobs


def _month(text: str) -> str:
    key = rj.month_name(text)
    if key is None:
        raise Problem(f"月份应写成 2026-12 这样，现为“{text}”")
    return key


def month_inputs(ws: Workspace, versions: Versions, month: str) -> rj.MonthInputs:
    """The workspace's current team and policy, and every earlier month's newest roster version (as
    `roster solve --history` reads a folder of them). The key names each of them (and the workspace, and
    when the version's file was last written), so a new version or a restore of any earlier month — or its
    file put back by hand — re-loads this one."""
    team_file, policy_file = ws.store.latest("team"), ws.store.latest("policy")
    team_path = ws.path_of(team_file) if team_file else None
    policy_path = ws.path_of(policy_file) if policy_file else None
    if team_path is None or policy_path is None:
        raise Problem("还没有团队工作簿和策略文件：请先在“团队”页上传")
    earlier = []
    for other, number, _, _ in sorted(versions.months()):
        if other >= month:
            break
        version = versions.get(other, number)
        path = versions.path(version) if version else None
        if path is None:
            raise Problem(f"{other} 第 {number} 版的文件不见了（{version.csv_path if version else ''}），"
                          f"{month} 无法计入以往月份的排班：请从工作区的备份放回这个文件")
        earlier.append(rj.EarlierRoster(other, number, path))
    key = (str(ws.root), team_file.id, policy_file.id, tuple((e.month, e.number, _written(e.path)) for e in earlier))
    return rj.MonthInputs(month, team_path, policy_path, tuple(earlier), key)


def _written(path) -> tuple[int, int]:
    """When and how long a file was written (a file changed in place has another)."""
    with as_problem():
        found = path.stat()
    return found.st_mtime_ns, found.st_size


def _load(request: Request, month: str) -> rj.Month:
    inputs = month_inputs(workspace(request), versions_of(request), month)
    with as_problem():
        return rj.load_month(inputs)


def _roster(request: Request, loaded: rj.Month, version: Version):
    path = versions_of(request).path(version)
    if path is None:
        raise Problem(f"第 {version.number} 版的文件不见了（{version.csv_path}）")
    with as_problem():
        return rj.read_roster_file(loaded, path)


# ------------------------------------------------------------------ pages
@router.get("/roster")
def roster_index(request: Request, session: Session = Depends(viewer(*VIEWERS))):
    months = versions_of(request).months()
    suggested = rj.next_month(datetime.now(BEIJING).date())
    return render(request, "roster_index.html", session, months=months, suggested=suggested,
                  can_change=session.user.role in CHANGERS)


@router.get("/roster/open")
def open_month(request: Request, month: str = "", session: Session = Depends(viewer(*VIEWERS))):
    try:
        key = _month(month)
    except Problem as problem:
        return render(request, "roster_index.html", session, status=400, error=problem.message,
                      months=versions_of(request).months(), suggested=month, can_change=session.user.role in CHANGERS)
    return RedirectResponse(f"/roster/{key}", status_code=303)


@router.get("/roster/{month}")
def month_page(request: Request, month: str, v: str = "", session: Session = Depends(viewer(*VIEWERS))):
    return _page(request, session, month, v)


def _page(request: Request, session: Session, month: str, v: str = "", error: str | None = None, status: int = 200):
    context: dict = {"month": month, "can_change": False}
    try:
        month = _month(month)
        context["month"] = month
        versions = versions_of(request)
        latest = versions.latest(month)
        shown = latest
        if v:
            shown = versions.get(month, int(v)) if v.isdigit() else None
            if shown is None:
                raise Problem(f"{month} 没有第 {v} 版")
        job = jobs_of(request).of_month(month)
        if job is not None and job.finished and (job.state == "done" or (latest and latest.saved_at >= job.started_at)):
            job = None          # said once (the page's message); a failure stays until the next save
        context.update(latest=latest, version=shown, job=job, job_json=_job_json(job),
                       can_change=session.user.role in CHANGERS)
        loaded = _load(request, month)
        context.update(days=loaded.days(), codes=loaded.codes(), legend=loaded.legend(),
                       classes=_classes(loaded), notices=loaded.notices, carry_line=loaded.carry_line,
                       duty_shift=loaded.instance.duty_shift if loaded.instance.duty_per_day else None)
        if shown is not None:
            context.update(_reviewed(request, loaded, shown))
    except Problem as problem:
        error, status = error or problem.message, status if error else 400 if context.get("latest") is None else 200
    return render(request, "roster.html", session, status=status, error=error, **context)


_reviews: OrderedDict[tuple, dict] = OrderedDict()
_reviews_lock = threading.Lock()
REVIEWS_KEPT = 16


def _reviewed(request: Request, loaded: rj.Month, version: Version) -> dict:
    """The version's grid, re-check and charts; a version never changes, so they are kept per version and
    month inputs (the same team, policy and previous month)."""
    key = (str(workspace(request).root), loaded.inputs.month, loaded.inputs.key, version.number, version.saved_at)
    with _reviews_lock:
        if key in _reviews:
            _reviews.move_to_end(key)
            return _reviews[key]
    assignment = _roster(request, loaded, version)
    checked = rj.review(loaded, assignment)
    found = {"review": checked, "rows": rj.grid_rows(loaded, assignment, checked),
             "duty_row": rj.duty_row(loaded, assignment),
             "coverage_svg": coverage_chart(checked.coverage, loaded.days()),
             "fairness_svg": fairness_chart(checked.fairness, checked.fair_shift)}
    with _reviews_lock:
        _reviews[key] = found
        while len(_reviews) > REVIEWS_KEPT:
            _reviews.popitem(last=False)
    return found


def _classes(loaded: rj.Month) -> dict[str, str]:
    return {code: f"k{i}" for i, (code, _) in enumerate(loaded.codes())}


def _job_json(job: rj.Job | None) -> dict | None:
    if job is None:
        return None
    return {"id": job.id, "kind": job.kind, "by": job.by, "state": job.state, "elapsed": round(job.elapsed()),
            "events": job.events[-12:], "outcome": job.outcome.headline if job.outcome else None,
            "lines": job.outcome.lines if job.outcome else []}


@router.get("/roster/{month}/colours.css")
def colours(request: Request, month: str, session: Session = Depends(viewer(*VIEWERS))):
    """The grid's colours, exactly the workbook's fills (roster.excel), as classes k0, k1, …"""
    try:
        loaded = _load(request, _month(month))
    except Problem:
        return Response("", media_type="text/css")
    fills = loaded.colours()
    css = "".join(f"td.cell.{cls}, .swatch.{cls} {{ background: #{fills[code]}; }}\n"
                  for code, cls in _classes(loaded).items() if code in fills)
    return Response(css, media_type="text/css", headers={"Cache-Control": "no-cache"})


@router.get("/roster/{month}/versions")
def versions_page(request: Request, month: str, session: Session = Depends(viewer(*VIEWERS))):
    try:
        key = _month(month)
    except Problem as problem:
        return render(request, "message.html", session, status=404, error=problem.message)
    found = versions_of(request).of_month(key)
    return render(request, "roster_versions.html", session, month=key, versions=found,
                  latest=found[0] if found else None, can_change=session.user.role in CHANGERS)


@router.get("/roster/{month}/download/{name}")
def download(request: Request, month: str, name: str, session: Session = Depends(viewer(*VIEWERS))):
    """roster-YYYY-MM-vN.xlsx (written on first download with the CLI's writer) or .csv of a version."""
    versions = versions_of(request)
    stem, _, suffix = name.rpartition(".")
    number = stem.rpartition("-v")[2]
    key = rj.month_name(month)
    version = versions.get(key, int(number)) if key and number.isdigit() and suffix in ("xlsx", "csv") else None
    if version is None or stem != version.stem:
        return render(request, "message.html", session, status=404, error="没有这个文件")
    try:
        if suffix == "csv":
            path = versions.path(version)
            if path is None:
                raise Problem(f"第 {version.number} 版的文件不见了")
        else:
            path = _workbook(request, version)
    except Problem as problem:
        return render(request, "message.html", session, status=400, error=problem.message)
    audit(request, session, "下载", f"{version.stem}.{suffix}（{key} 第 {version.number} 版）")
    return FileResponse(path, media_type=XLSX if suffix == "xlsx" else "text/csv",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(path.name)}"})


def _workbook(request: Request, version: Version):
    versions = versions_of(request)
    target = versions.workbook_path(version)
    if target.is_file():
        return target
    loaded = _load(request, version.month)
    assignment = _roster(request, loaded, version)
    facts = rj.RunFacts(**{k: version.facts.get(k) for k in ("status", "objective", "bound", "gap", "wall_time")
                           if k in version.facts})
    facts.command = version.action if version.action in ("solve", "repair") else "web"
    facts.status = facts.status or ""
    facts.notes = [f"第 {version.number} 版（{version.action_name}，{version.saved_by}）：{version.summary}",
                   *version.lines]
    with as_problem():
        rj.write_workbook(loaded, assignment, target, facts)
    ws = workspace(request)
    ws.store.keep_output("roster", ws.relative(target), target.stat().st_size, version.month, version.saved_by)
    return target


# ------------------------------------------------------------------ changes
def _refuse(request: Request, session: Session, month: str, action: str, message: str, status: int = 400):
    audit(request, session, f"{action}（被拒绝）", f"{month}：{message}")
    return _page(request, session, month, error=message, status=status)


def _base(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _changes(request: Request, loaded: rj.Month, current: Version | None, after) -> tuple[list[str], str | None]:
    """The lines of the cells changed from the current version to `after`, and None; or, when the current
    version's file cannot be read (e.g. it holds a shift the policy no longer has: a restore or an upload is
    how that is put right, so it is saved all the same), one line with the reason and the words 第 N 版读不出."""
    if current is None:
        return [], None
    try:
        before = _roster(request, loaded, current)
    except Problem as problem:
        return [f"第 {current.number} 版读不出，未比较：{problem.message}"], f"第 {current.number} 版读不出，未比较"
    return rj.change_words(loaded, before, after), None


def _recheck_words(loaded: rj.Month, version: Version, request: Request) -> str:
    checked = rj.review(loaded, _roster(request, loaded, version))
    return checked.violation_summary or "所有硬约束均满足"


@router.post("/roster/{month}/cell")
def change_cell(request: Request, month: str, person: str = Form(""), day: str = Form(""), code: str = Form(""),
                duty: str = Form(""), base: str = Form(""), session: Session = Depends(changer(*CHANGERS))):
    versions = versions_of(request)
    try:
        key = _month(month)
        loaded = _load(request, key)
        current = versions.latest(key)
        if current is None:
            raise Problem(f"{key} 还没有排班：先排班或上传一份")
        if _base(base) != current.number:
            raise Stale(f"你看到的是第 {_base(base)} 版，这期间 {current.saved_by} 已保存了第 {current.number} 版；"
                        "未保存你的改动，请看过新版本后再改")
        before = _roster(request, loaded, current)
        try:
            after = rj.apply_cell(loaded, before, person.strip(), day.strip(), code.strip(), duty == "1")
        except rj.CellError as err:
            raise Problem(str(err)) from None
        lines = rj.change_words(loaded, before, after)
        if not lines:
            return done(request, f"/roster/{key}#grid", "没有改动")
        version = versions.add(key, "edit", session.user.name, f"改 {len(lines)} 处：{'；'.join(lines[:3])}", lines,
                               lambda path: rj.write_csv(loaded, after, path), base=current.number)
    except (Problem, Stale) as err:
        message = err.message if isinstance(err, Problem) else str(err)
        return _refuse(request, session, month, "改排班", message, 409 if isinstance(err, Stale) else 400)
    words = _recheck_words(loaded, version, request)
    audit(request, session, "改排班", f"{key} 第 {version.number} 版：{'；'.join(lines)}")
    return done(request, f"/roster/{key}#grid", f"已保存为第 {version.number} 版（{'；'.join(lines)}）；重新核对：{words}")


@router.post("/roster/{month}/restore")
def restore(request: Request, month: str, number: str = Form(""), base: str = Form(""),
            session: Session = Depends(changer(*CHANGERS))):
    versions = versions_of(request)
    try:
        key = _month(month)
        old = versions.get(key, int(number)) if number.isdigit() else None
        if old is None:
            raise Problem(f"{key} 没有第 {number} 版")
        loaded = _load(request, key)
        restored = _roster(request, loaded, old)
        current = versions.latest(key)
        lines, unreadable = _changes(request, loaded, current, restored)
        version = versions.add(key, "restore", session.user.name,
                               f"恢复为第 {old.number} 版（{unreadable or f'改回 {len(lines)} 处'}）",
                               lines, lambda path: rj.write_csv(loaded, restored, path), base=_base(base),
                               facts=old.facts)
    except (Problem, Stale) as err:
        message = err.message if isinstance(err, Problem) else str(err)
        return _refuse(request, session, month, "恢复排班", message, 409 if isinstance(err, Stale) else 400)
    audit(request, session, "恢复排班", f"{key} 第 {version.number} 版 = 第 {old.number} 版")
    return done(request, f"/roster/{key}", f"已把第 {old.number} 版恢复为新的第 {version.number} 版；"
                                           f"重新核对：{_recheck_words(loaded, version, request)}")


@router.post("/roster/{month}/upload")
def upload(request: Request, month: str, file: UploadFile = File(...), base: str = Form(""),
           session: Session = Depends(changer(*CHANGERS))):
    """A roster edited in Excel (the grid workbook or the long CSV) becomes the month's next version."""
    ws, versions = workspace(request), versions_of(request)
    record = None
    try:
        key = _month(month)
        loaded = _load(request, key)
        record = save_upload(ws, "roster", file.filename, file.file, session.user.name, month=key)
        with as_problem():
            uploaded = rj.read_roster_file(loaded, ws.path_of(record))
        current = versions.latest(key)
        lines, unreadable = _changes(request, loaded, current, uploaded)
        version = versions.add(key, "upload", session.user.name,
                               f"上传 {record.name}（{unreadable or f'改动 {len(lines)} 处'}）", lines,
                               lambda path: rj.write_csv(loaded, uploaded, path), base=_base(base))
    except (Problem, Stale, UploadError) as err:
        if record is not None:
            forget_upload(ws, record)
        message = err.message if isinstance(err, Problem) else str(err)
        return _refuse(request, session, month, "上传排班", message, 409 if isinstance(err, Stale) else 400)
    audit(request, session, "上传排班", f"{key} 第 {version.number} 版：{record.name}")
    return done(request, f"/roster/{key}", f"已读入 {record.name}，保存为第 {version.number} 版；"
                                           f"重新核对：{_recheck_words(loaded, version, request)}")


# ------------------------------------------------------------------ solve and repair in the background
def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise Problem(f"时间上限应为秒数，现为“{text}”") from None
    if not 1 <= value <= rj.MOST_TIME_LIMIT:
        raise Problem(f"时间上限应在 1 到 {rj.MOST_TIME_LIMIT:g} 秒之间，现为“{text}”")
    return value


def _seed(text: str) -> int:
    if not text.strip().isdigit() or int(text) >= 2 ** 31:
        raise Problem(f"随机种子应为不小于 0 的整数，现为“{text}”")
    return int(text)


def _start(request: Request, session: Session, key: str, order: rj.SolveOrder, base: int | None):
    jobs, versions, ws = jobs_of(request), versions_of(request), workspace(request)
    what = "排班" if order.kind == "solve" else "重排"
    by = session.user.name

    def finish(job: rj.Job, outcome: rj.Outcome) -> str:
        if not outcome.ok:
            ws.store.audit(by, f"{what}（未成）", f"{key}：{outcome.headline}")
            return outcome.headline
        loaded = rj.load_month(order.inputs)
        assignment = rj.assignment_of(outcome.codes, outcome.duty)
        version = versions.add(key, order.kind, by, outcome.headline, outcome.lines,
                               lambda path: rj.write_csv(loaded, assignment, path), facts=asdict(outcome.facts),
                               base=base)
        ws.store.audit(by, what, f"{key} 第 {version.number} 版：{outcome.headline}")
        return f"已保存为第 {version.number} 版。{outcome.headline}"

    running = jobs.of_month(key)
    if running is not None and running.state == "running":
        raise Problem(f"{key} 正在{'排班' if running.kind == 'solve' else '重排'}（{running.by} 开始的）；"
                      "等它结束或停止后再开始")
    job = jobs.start(order, by, finish)
    audit(request, session, f"{what}（开始）", f"{key}：时间上限 {order.time_limit:g} 秒"
          + (f"，自 {order.repair_from} 起，基于第 {base} 版" if order.kind == "repair" else ""))
    return done(request, f"/roster/{key}", f"{what}已在后台开始（第 {job.id} 号任务）")


@router.post("/roster/{month}/solve")
def solve(request: Request, month: str, time_limit: str = Form(str(rj.DEFAULT_TIME_LIMIT)), seed: str = Form("0"),
          session: Session = Depends(changer(*CHANGERS))):
    try:
        key = _month(month)
        inputs = month_inputs(workspace(request), versions_of(request), key)
        with as_problem():
            rj.load_month(inputs)          # a wrong team or policy is said now, not by the job
        latest = versions_of(request).latest(key)
        order = rj.SolveOrder("solve", inputs, _seconds(time_limit), _seed(seed), rj.default_workers())
        return _start(request, session, key, order, latest.number if latest else 0)
    except Problem as problem:
        return _refuse(request, session, month, "排班", problem.message)


@router.post("/roster/{month}/repair")
def repair(request: Request, month: str, start: str = Form(""), base: str = Form(""),
           time_limit: str = Form(str(rj.DEFAULT_TIME_LIMIT)), seed: str = Form("0"),
           session: Session = Depends(changer(*CHANGERS))):
    versions = versions_of(request)
    try:
        key = _month(month)
        inputs = month_inputs(workspace(request), versions, key)
        with as_problem():
            loaded = rj.load_month(inputs)
        current = versions.latest(key)
        if current is None:
            raise Problem(f"{key} 还没有排班，无从重排：先排班")
        if _base(base) != current.number:
            raise Problem(f"你看到的是第 {_base(base)} 版，这期间 {current.saved_by} 已保存了第 {current.number} 版；"
                          "请看过新版本后再重排")
        try:
            rj.day_index(loaded, start.strip())
        except rj.CellError as err:
            raise Problem(f"重排的起始日：{err}") from None
        order = rj.SolveOrder("repair", inputs, _seconds(time_limit), _seed(seed), rj.default_workers(),
                              baseline_path=versions.path(current), repair_from=start.strip())
        return _start(request, session, key, order, current.number)
    except Problem as problem:
        return _refuse(request, session, month, "重排", problem.message)


@router.post("/roster/{month}/stop")
def stop(request: Request, month: str, job: str = Form(""), session: Session = Depends(changer(*CHANGERS))):
    found = jobs_of(request).get(int(job)) if job.isdigit() else None
    key = rj.month_name(month)
    if found is None or found.month != key or found.state != "running":
        return _refuse(request, session, month, "停止排班", "没有正在进行的这项排班")
    jobs_of(request).stop(found)
    audit(request, session, "停止排班", f"{key}：第 {found.id} 号任务（{found.by} 开始的）")
    return done(request, f"/roster/{key}", f"已停止第 {found.id} 号任务，未保存")


@router.get("/roster/{month}/jobs/{job_id}/events")
async def events(request: Request, month: str, job_id: str, session: Session = Depends(viewer(*VIEWERS))):
    """Server-sent events of a job: each better roster ('progress'), a tick a second with the time spent,
    and at the end 'done' (saved as a version) or 'failed' (the reason, in the CLI's words)."""
    job = jobs_of(request).get(int(job_id)) if job_id.isdigit() and len(job_id) < 12 else None
    if job is None or job.month != rj.month_name(month):
        return Response("没有这项排班任务", status_code=404, media_type="text/plain; charset=utf-8")
    start = int(request.headers.get("last-event-id", "-1")) + 1 if request.headers.get(
        "last-event-id", "").isdigit() else 0

    async def stream():
        sent, ticked = start, 0.0
        yield "retry: 2000\n\n"
        while True:
            fresh = job.events[sent:]
            for event in fresh:
                yield f"id: {sent}\nevent: {event['type']}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"
                sent += 1
            if job.finished and sent >= len(job.events):
                return
            if job.elapsed() - ticked >= 1:
                ticked = job.elapsed()
                yield f"event: tick\ndata: {json.dumps({'elapsed': round(ticked)})}\n\n"
            if await request.is_disconnected():
                return
            await asyncio.sleep(0.25)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
