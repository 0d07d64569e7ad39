"""Reading the finance workbook back the way a person reads it: the pay slips of 工资条 by employee."""
from __future__ import annotations

import re
from typing import Any

SLIP_TITLE = re.compile(r"^\d{4}-\d{2} 工资条　工号 (\S+)　")


def slips_by_employee(ws) -> dict[str, dict[str, Any]]:
    """工号 -> {item label: value} of every slip, its rows of items joined; '依据' holds the words under it."""
    rows = [r for r in ws.iter_rows(values_only=True)]
    slips: dict[str, dict[str, Any]] = {}
    i = 0
    while i < len(rows):
        title = rows[i][0] if rows[i] else None
        match = SLIP_TITLE.match(title) if isinstance(title, str) else None
        if not match:
            i += 1
            continue
        items: dict[str, Any] = {"标题": title}
        words: list[str] = []
        i += 1
        while i < len(rows) and rows[i] and rows[i][0] is not None and not SLIP_TITLE.match(str(rows[i][0])):
            if "：" in str(rows[i][0]):                     # the words under the items
                words.append(rows[i][0])
                i += 1
                continue
            labels, values = rows[i], rows[i + 1]
            items.update({k: v for k, v in zip(labels, values) if k is not None})
            i += 2
        items["依据"] = words
        slips[match.group(1)] = items
    return slips
