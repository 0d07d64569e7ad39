"""团队: upload the team workbook and the policy, read by the same readers as the CLI (roster.policy,
kefu.team); the team shown as a table, and a wrong cell as the CLI's one-line message. The workbook
and policy last read without error are the workspace's current team, which pay runs use."""
from __future__ import annotations

from fastapi import APIRouter, Depends, File, Request, UploadFile

from kefu.team import REQUEST_KINDS, read_team
from roster.policy import load_policy
from web.accounts import Session
from web.guard import audit, changer, done, viewer, workspace
from web.messages import Problem, as_problem
from web.render import render
from web.uploads import UploadError, forget_upload, save_upload
from web.workspace import Workspace

router = APIRouter()
TEAM_ROLES = ("supervisor", "hr", "admin")      # finance never changes the team


def current_team(ws: Workspace):
    """(team record, policy record, policy, team) of the latest uploads, or None before the first."""
    team_file, policy_file = ws.store.latest("team"), ws.store.latest("policy")
    if team_file is None or policy_file is None:
        return None
    team_path, policy_path = ws.path_of(team_file), ws.path_of(policy_file)
    if team_path is None or policy_path is None:
        return None
    with as_problem():
        policy = load_policy(policy_path)
        return team_file, policy_file, policy, read_team(team_path, policy.team, tuple(policy.roster.shifts))


def _page(request: Request, session: Session, error: str | None = None, status: int = 200):
    ws = workspace(request)
    try:
        current = current_team(ws)
    except Problem as problem:
        current, error = None, error or problem.message
    context = {}
    if current is not None:
        team_file, policy_file, policy, team = current
        roles = {k: r.name for k, r in policy.team.roles.items()}
        shops = {k: f"{k}（{s.channel}）" for k, s in policy.team.shops.items()}
        kinds = {**{code: team.leave.name(code) for code in team.leave.codes},
                 **{kind: names[0] for kind, names in REQUEST_KINDS.items()}}
        context = {"team_file": team_file, "policy_file": policy_file, "team": team, "roles": roles,
                   "shops": shops, "kinds": kinds}
    return render(request, "team.html", session, status=status, error=error, can_change=session.user.role in TEAM_ROLES,
                  **context)


@router.get("/team")
def team_page(request: Request, session: Session = Depends(viewer(*TEAM_ROLES))):
    return _page(request, session)


@router.post("/team")
def upload_team(request: Request, team: UploadFile = File(...), policy: UploadFile | None = File(None),
                session: Session = Depends(changer(*TEAM_ROLES))):
    ws = workspace(request)
    kept = []
    try:
        kept.append(save_upload(ws, "team", team.filename, team.file, session.user.name))
        if policy is not None and policy.filename:
            kept.append(save_upload(ws, "policy", policy.filename, policy.file, session.user.name))
        elif ws.store.latest("policy") is None:
            raise UploadError("第一次上传团队工作簿时要同时上传策略文件（policy.toml）")
        current_team(ws)
    except (UploadError, Problem) as err:
        for record in kept:
            forget_upload(ws, record)
        message = err.message if isinstance(err, Problem) else str(err)
        audit(request, session, "上传团队（被拒绝）", message)
        return _page(request, session, error=message, status=400)
    names = "、".join(r.name for r in kept)
    audit(request, session, "上传团队", names)
    return done(request, "/team", f"已读入 {names}")
