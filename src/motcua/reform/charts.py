"""The province's trajectory in an index against its targets, drawn as inline SVG on the server.

Drawing on the server keeps the page free of JavaScript, works on slow links, prints, and the same
SVG goes into the PDF (WeasyPrint renders SVG). The chart plots the national rank per year (rank 1
at the top: higher is better) with the targets as red diamonds; the page shows the same figures
in a table, so the chart is never the only carrier of the data (see ADR 0004).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 20, 36


@dataclass(frozen=True)
class Point:
    year: int
    rank: int


def rank_chart(
    *,
    title: str,
    results: Sequence[Point],
    targets: Sequence[Point],
    ranked_count: int = 63,
    rank_label: str = "Hạng",
    target_label: str = "Mục tiêu",
) -> str:
    """Return an SVG line chart of national rank per year with the targets; empty string without data."""
    years = sorted({p.year for p in results} | {p.year for p in targets})
    if not years:
        return ""
    worst = max([ranked_count, *(p.rank for p in results), *(p.rank for p in targets)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        if len(years) == 1:
            return LEFT + plot_w / 2
        return LEFT + (year - years[0]) * plot_w / (years[-1] - years[0])

    def y(rank: int) -> float:
        return TOP + (rank - 1) * plot_h / max(worst - 1, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="mc-chart" width="100%" style="max-width:{WIDTH}px">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#ccc"/>',
    ]
    ticks = {t for t in (1, 10, 20, 30, 40, 50, 60) if t <= worst - 5} | {worst}
    for tick in sorted(ticks):
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{LEFT + plot_w}" y2="{ty:.1f}" stroke="#eee"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#555">{tick}</text>'
        )
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle" '
            f'fill="#555">{year}</text>'
        )
    parts.append(
        f'<text x="12" y="{TOP + plot_h / 2:.1f}" font-size="11" fill="#555" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})" text-anchor="middle">{escape(rank_label)}</text>'
    )
    ordered = sorted(results, key=lambda p: p.year)
    if len(ordered) > 1:
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x(p.year):.1f},{y(p.rank):.1f}" for i, p in enumerate(ordered)
        )
        parts.append(f'<path d="{path}" fill="none" stroke="#8b1a1a" stroke-width="2.5"/>')
    for p in ordered:
        parts.append(f'<circle cx="{x(p.year):.1f}" cy="{y(p.rank):.1f}" r="4" fill="#8b1a1a"/>')
        parts.append(
            f'<text x="{x(p.year):.1f}" y="{y(p.rank) - 8:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#8b1a1a">{p.rank}</text>'
        )
    for p in targets:
        cx, cy = x(p.year), y(p.rank)
        parts.append(
            f'<path d="M{cx:.1f},{cy - 6:.1f} L{cx + 6:.1f},{cy:.1f} '
            f'L{cx:.1f},{cy + 6:.1f} L{cx - 6:.1f},{cy:.1f} Z" '
            f'fill="none" stroke="#d9534f" stroke-width="2"/>'
        )
        # Near the right edge the label goes to the left of the diamond, so it is never clipped.
        left = cx > LEFT + plot_w * 0.8
        parts.append(
            f'<text x="{cx - 9 if left else cx + 9:.1f}" y="{cy + 16:.1f}" font-size="10" fill="#d9534f" '
            f'text-anchor="{"end" if left else "start"}">{escape(target_label)} ≤ {p.rank}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
