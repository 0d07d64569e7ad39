"""Uploaded files: size-limited, accepted only as .xlsx or .csv (the policy as .toml) and checked by their
content before they are kept under the workspace's uploads folder with a record in the store.

An .xlsx must be a zip holding [Content_Types].xml (what every Excel workbook is); a .csv or .toml must be
text in UTF-8 or GBK without NUL bytes. The readers of the CLI then parse it (web.pages), so a wrong cell
is the same one-line message as on the command line.
"""
from __future__ import annotations

import io
import re
import secrets
import zipfile
from pathlib import Path
from typing import BinaryIO

from kefu.text_files import ENCODINGS
from web.store import FileRecord
from web.workspace import Workspace

# what each kind of input may be
SUFFIXES = {"team": (".xlsx",), "policy": (".toml",), "kpi": (".xlsx", ".csv"), "clock_in": (".xlsx", ".csv"),
            "roster": (".xlsx", ".csv")}
KIND_NAMES = {"team": "团队工作簿", "policy": "策略文件", "kpi": "月度考核表", "clock_in": "打卡表",
              "roster": "排班表", "payroll": "工资输出", "bank": "代发文件", "slips": "工资条"}
CHUNK = 1024 * 1024


class UploadError(Exception):
    """An upload refused; the message is one Chinese line for the user."""


def clean_name(filename: str | None, kind: str) -> str:
    """The file's own name without any folder part or control characters (a `../` cannot leave the
    upload's folder), at most 100 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ord(ch) >= 32 and ch not in '<>:"|?*').strip().lstrip(".")
    return name[-100:] or f"{kind}{SUFFIXES[kind][0]}"


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """The stream's bytes; UploadError as soon as it holds more than `limit` bytes."""
    buffer = io.BytesIO()
    while chunk := stream.read(CHUNK):
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise UploadError(too_large(limit))
    return buffer.getvalue()


def too_large(limit: int) -> str:
    return f"文件太大：上传的文件最大 {limit // (1024 * 1024)} MB"


def check_content(name: str, data: bytes, kind: str) -> None:
    suffix = Path(name).suffix.lower()
    allowed = SUFFIXES[kind]
    if suffix not in allowed:
        raise UploadError(f"{name}：{KIND_NAMES[kind]}只接受 {' 或 '.join(allowed)} 文件")
    if not data:
        raise UploadError(f"{name}：文件是空的")
    if suffix == ".xlsx":
        if not _is_workbook(data):
            raise UploadError(f"{name}：不是 Excel 工作簿（.xlsx）；请在 Excel 里另存为 .xlsx 后再上传")
        return
    if b"\x00" in data or not _is_text(data):
        raise UploadError(f"{name}：不是文本文件（UTF-8 或 GBK 编码的 {suffix}）")


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_text(data: bytes) -> bool:
    for encoding in ENCODINGS:
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def save_upload(ws: Workspace, kind: str, filename: str | None, stream: BinaryIO, by: str,
                month: str | None = None) -> FileRecord:
    """Check the upload and keep it as uploads/<random>/<name>; its record in the store."""
    name = clean_name(filename, kind)
    data = read_limited(stream, ws.max_upload_bytes)
    check_content(name, data, kind)
    folder = ws.uploads / secrets.token_hex(8)
    folder.mkdir(parents=True)
    target = folder / name
    partial = folder / f".{name}.part"
    partial.write_bytes(data)
    partial.replace(target)
    return ws.store.add_file(kind, name, ws.relative(target), len(data), month, by)


def forget_upload(ws: Workspace, record: FileRecord) -> None:
    """Remove a file that failed to parse, so it cannot be chosen later (its record stays out of lists)."""
    path = ws.path_of(record)
    if path is not None:
        path.unlink()
        path.parent.rmdir()
    ws.store.drop_file(record.id)
