"""Text files from users (the TOML policy, CSV rosters and sheets) in whatever encoding they were saved.

Notepad and Excel on a Chinese Windows save UTF-8 with a byte-order mark, or GBK/GB18030 (Excel's
"CSV" on a Chinese system); editors elsewhere save plain UTF-8. All three are read as the same text.
A file in none of them is one clear InputError, never a UnicodeDecodeError traceback.
"""
from __future__ import annotations

from pathlib import Path

from kefu.errors import InputError

# GB18030 is a superset of GBK and GB2312: one try reads all three.
ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: str | Path, what: str = "文件", what_en: str = "the file") -> str:
    """The file's text, decoded as UTF-8 (with or without BOM) or GB18030/GBK."""
    path = Path(path)
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"cannot read {what_en}: it is neither UTF-8 nor GBK (save it as UTF-8)", file=path,
                     zh=f"无法识别{what}的编码：既不是 UTF-8 也不是 GBK（请另存为 UTF-8）")
