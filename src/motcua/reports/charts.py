"""Dashboard charts as inline SVG drawn on the server (as `reform.charts`, ADR 0004, 0005).

No JavaScript: the charts work on slow links, print, and go into the PDF unchanged. Every chart
has a table with the same figures beside it on the page, and every figure drills down, so a chart
is never the only carrier of a number. Colours are those of the status badges: green = early,
blue = on time, red = late / overdue, amber = paused, grey = other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

GREEN, BLUE, RED, AMBER, GREY, DARK = "#198754", "#0d6efd", "#dc3545", "#e0a800", "#adb5bd", "#343a40"


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    colour: str


def _svg_open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="mc-chart" width="100%" style="max-width:{width}px">',
        f"<title>{escape(title)}</title>",
    ]


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def share_bar(*, title: str, segments: Sequence[Segment], width: int = 440) -> str:
    """Return a 100 % horizontal bar split into segments, with a legend giving counts and shares."""
    total = sum(s.value for s in segments)
    height = 30 + 22 * len(segments)
    parts = _svg_open(width, height, title)
    if total == 0:
        parts.append(f'<rect x="0" y="0" width="{width}" height="20" fill="#f1f3f5"/>')
    x = 0.0
    for s in segments:
        if total and s.value:
            w = width * s.value / total
            parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="20" fill="{s.colour}"/>')
            x += w
    for i, s in enumerate(segments):
        y = 30 + 22 * i
        share = f"{100 * s.value / total:.1f}".replace(".", ",") + " %" if total else "–"
        parts.append(f'<rect x="0" y="{y}" width="12" height="12" fill="{s.colour}"/>')
        parts.append(
            f'<text x="18" y="{y + 11}" font-size="13" fill="{DARK}">{escape(s.label)}: '
            f"{_fmt(s.value)} ({share})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Bar:
    label: str
    segments: Sequence[Segment]
    marker: int | None = None  # e.g. dossiers received, drawn as a dark tick


def stacked_columns(
    *, title: str, bars: Sequence[Bar], marker_label: str = "", width: int = 720, height: int = 260
) -> str:
    """Return vertical stacked columns (e.g. resolved per month by timeliness) with an optional marker."""
    left, right, top, bottom = 52, 12, 12, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([1, *(sum(s.value for s in b.segments) for b in bars), *((b.marker or 0) for b in bars)])
    parts = _svg_open(width, height, title)
    for frac in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e9ecef"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#6c757d">'
            f"{_fmt(round(peak * frac))}</text>"
        )
    n = max(len(bars), 1)
    slot = plot_w / n
    bar_w = min(44.0, slot * 0.6)
    for i, b in enumerate(bars):
        cx = left + slot * (i + 0.5)
        y = top + plot_h
        for s in b.segments:
            if not s.value:
                continue
            h = plot_h * s.value / peak
            y -= h
            parts.append(
                f'<rect x="{cx - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{s.colour}"><title>{escape(b.label)} – {escape(s.label)}: '
                f"{_fmt(s.value)}</title></rect>"
            )
        if b.marker is not None:
            my = top + plot_h * (1 - b.marker / peak)
            parts.append(
                f'<line x1="{cx - bar_w / 2 - 4:.1f}" y1="{my:.1f}" '
                f'x2="{cx + bar_w / 2 + 4:.1f}" y2="{my:.1f}" '
                f'stroke="{DARK}" stroke-width="3"><title>{escape(b.label)} – {escape(marker_label)}: '
                f"{_fmt(b.marker)}</title></line>"
            )
        parts.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 16}" font-size="11" text-anchor="middle" fill="#495057">'
            f"{escape(b.label)}</text>"
        )
    legend: list[tuple[str, str]] = []
    for b in bars[:1]:
        legend = [(s.label, s.colour) for s in b.segments]
    if marker_label:
        legend.append((marker_label, DARK))
    x = float(left)
    for label, colour in legend:
        parts.append(f'<rect x="{x:.1f}" y="{height - 22}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 16:.1f}" y="{height - 12}" font-size="12" fill="{DARK}">{escape(label)}</text>'
        )
        x += 26 + 7.2 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def rate_bars(
    *, title: str, items: Sequence[tuple[str, float | None]], width: int = 560, unit: str = "%"
) -> str:
    """Return horizontal bars of a rate (0–100) per unit, worst first as given; "–" when no rate."""
    label_w, row_h = 230, 22
    height = 8 + row_h * max(len(items), 1)
    plot_w = width - label_w - 60
    parts = _svg_open(width, height, title)
    for i, (label, value) in enumerate(items):
        y = 4 + row_h * i
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 14}" font-size="12" text-anchor="end" fill="{DARK}">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{plot_w}" height="14" fill="#f1f3f5"/>')
        if value is None:
            parts.append(f'<text x="{label_w + 6}" y="{y + 14}" font-size="12" fill="#6c757d">–</text>')
            continue
        colour = GREEN if value >= 95 else AMBER if value >= 80 else RED
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{plot_w * min(value, 100) / 100:.1f}" height="14" '
            f'fill="{colour}"/>'
        )
        text = f"{value:.2f}".replace(".", ",") + f" {unit}"
        parts.append(
            f'<text x="{label_w + plot_w + 6}" y="{y + 14}" font-size="12" fill="{DARK}">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
