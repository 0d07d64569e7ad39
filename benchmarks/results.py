"""Appending a measurement to benchmarks/RESULTS.md: command, machine, date and load, then the table."""
from __future__ import annotations

import os
import platform
import sys
from datetime import datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.node() or 'this machine'}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load:.2f} when the run started")


def append(title: str, lines: list[str], notes: str = "") -> None:
    """One section at the end of RESULTS.md: the title, the command as run, machine and date, notes,
    then the lines (a Markdown table)."""
    command = "python " + " ".join(sys.argv)
    head = [f"\n## {title} ({datetime.now():%Y-%m-%d %H:%M})", "", f"`{command}` — {machine()}."]
    if notes:
        head += ["", notes]
    with open(RESULTS, "a", encoding="utf-8") as out:
        out.write("\n".join(head + [""] + lines) + "\n")
