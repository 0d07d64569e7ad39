"""The roster page's charts as inline SVG drawn on the server (no chart library, nothing from the internet):
coverage per day against requirement, one strip per shift, and fairness per person (late shifts, weekend
rests, on-duty days). Colours are presentation attributes, not style (the pages' Content-Security-Policy
allows no inline style); every text is escaped."""
from __future__ import annotations

from markupsafe import Markup, escape

BAR, SHORT, NEED, GRID, INK, MUTED = "#5b8fd0", "#d9534f", "#1f2328", "#e3e6ea", "#1f2328", "#5b6470"
SERIES = (("late", "#e8a33d"), ("weekend_rest", "#5aa469"), ("duty", "#c0504d"))


def _text(x: float, y: float, words: str, anchor: str = "middle", size: int = 11, fill: str = MUTED) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">'
            f'{escape(words)}</text>')


def coverage_chart(strips: list[dict], days: list[dict]) -> Markup:
    """Per shift a strip of bars (people on the shift each day) with a dark tick at the day's requirement;
    a short day's bar is red. `strips`: review.coverage; `days`: Month.days()."""
    n = len(days)
    col, left, strip_h, top_pad = 30, 56, 92, 8
    width = left + col * n + 10
    height = top_pad + strip_h * len(strips) + 34
    parts = [f'<svg class="chart" id="coverage-chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title>{escape("每天各班次到岗人数与需求")}</title>']
    for k, strip in enumerate(strips):
        y0 = top_pad + k * strip_h
        base = y0 + strip_h - 18
        most = max([1] + [max(r["staffed"], r["required"]) for r in strip["days"]])
        scale = (strip_h - 34) / most
        parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{GRID}"/>')
        parts.append(_text(left - 8, y0 + strip_h / 2, f"{strip['shift']}班", "end", 13, INK))
        for r in strip["days"]:
            x = left + r["day"] * col
            h = r["staffed"] * scale
            fill = SHORT if r["short"] else BAR
            label = f"{days[r['day']]['iso']} {strip['shift']}班：到岗 {r['staffed']} 人，需要 {r['required']} 人"
            parts.append(f'<rect class="{"short" if r["short"] else "bar"}" x="{x + 5}" y="{base - h:.1f}" '
                         f'width="{col - 10}" height="{h:.1f}" fill="{fill}"><title>{escape(label)}</title></rect>')
            if r["required"]:
                need_y = base - r["required"] * scale
                parts.append(f'<line x1="{x + 2}" y1="{need_y:.1f}" x2="{x + col - 2}" y2="{need_y:.1f}" '
                             f'stroke="{NEED}" stroke-width="2"/>')
            parts.append(_text(x + col / 2, base - h - 3, str(r["staffed"]), size=10,
                               fill=SHORT if r["short"] else MUTED))
            if k == len(strips) - 1:
                parts.append(_text(x + col / 2, base + 14, days[r["day"]]["label"], size=10))
    parts.append("</svg>")
    return Markup("".join(parts))


def fairness_chart(people: list[dict], fair_shift: str | None) -> Markup:
    """One row per person employed this month: three bars, late shifts, weekend rests and on-duty days,
    each with its count."""
    names = [("late", f"{fair_shift}班" if fair_shift else "晚班"), ("weekend_rest", "周末休息"), ("duty", "值班")]
    shown = [p for p in people if p["employed"]]
    row_h, left, col_w, head = 20, 150, 190, 26
    width = left + col_w * len(names) + 10
    height = head + row_h * len(shown) + 8
    most = {key: max([1] + [p[key] for p in shown]) for key, _ in names}
    parts = [f'<svg class="chart" id="fairness-chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title>{escape("每人的晚班、周末休息和值班天数")}</title>']
    for k, (key, title) in enumerate(names):
        parts.append(_text(left + k * col_w + 4, 16, f"{title}（{min(p[key] for p in shown) if shown else 0}–"
                                                   f"{most[key] if shown else 0}）", "start", 12, INK))
    colours = dict(SERIES)
    for i, p in enumerate(shown):
        y = head + i * row_h
        if i % 2:
            parts.append(f'<rect x="0" y="{y}" width="{width}" height="{row_h}" fill="#f6f7f9"/>')
        parts.append(_text(left - 8, y + 14, f"{p['id']} {p['name'] or ''}", "end", 12, INK))
        for k, (key, title) in enumerate(names):
            x = left + k * col_w + 4
            w = (col_w - 40) * p[key] / most[key]
            tip = escape(f"{p['id']} {p['name'] or ''} {title} {p[key]}")
            parts.append(f'<rect x="{x}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colours[key]}">'
                         f'<title>{tip}</title></rect>')
            parts.append(_text(x + w + 4, y + 14, str(p[key]), "start", 11))
    parts.append("</svg>")
    return Markup("".join(parts))
