"""Charts for the editors' desk: inline SVG drawn on the server, no script, no other host.

Each chart is an image in a figure, named by the figure's caption (`role="img"`, `aria-labelledby`) and
described by its `<desc>`; it always stands beside a table with the same figures, which is what screen
readers and keyboard users read. Everything is drawn in `currentColor`, the text colour of the page: full
contrast in the normal theme and in every low-vision scheme alike. No style attribute (the
Content-Security-Policy has no 'unsafe-inline' for styles); sizes come from the viewBox, so the chart
shrinks with its column at 200 % zoom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

WIDTH = 480  # user units; drawn about as wide in pixels, so the text is about FONT pixels high
FONT = 14
LABEL_CHARS = 48  # a longer title is cut with «…» (the table beside has it in full)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    lang: str = ""  # the label's language when it is not the page's (a Russian title on an English page)


def _frame(chart_id: str, title: str, description: str, height: float, body: list[Markup]) -> Markup:
    """The chart in a figure: its name is the visible caption, its description the SVG's own <desc>."""
    head = Markup(
        '<figure class="desk-figure"><figcaption class="desk-figure__caption" id="{id}-title">{title}</figcaption>'
        '<svg class="desk-chart" id="{id}" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        'height="{height}" aria-labelledby="{id}-title" aria-describedby="{id}-desc" fill="currentColor" '
        'font-size="{font}"><desc id="{id}-desc">{description}</desc>'
    ).format(id=chart_id, width=WIDTH, height=f"{height:.0f}", font=FONT, title=title, description=description)
    return head + Markup("").join(body) + Markup("</svg></figure>")


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") if value != int(value) else str(int(value))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def day_columns(
    points: Sequence[tuple[dt.date, int]], *, chart_id: str, title: str, description: str, height: int = 220
) -> Markup:
    """A column per day (views, searches): the highest value and zero on the left, dates under the axis."""
    left, right, top, bottom = 48, 8, 12, 28
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    highest = max((value for _, value in points), default=0)
    scale = plot_h / highest if highest else 0.0
    step = plot_w / max(len(points), 1)
    axis = top + plot_h
    body = [
        Markup('<text x="{}" y="{:.1f}" text-anchor="end">{}</text>').format(left - 6, top + FONT / 2, highest),
        Markup('<text x="{}" y="{}" text-anchor="end">0</text>').format(left - 6, axis),
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>').format(left, axis, WIDTH - right, axis),
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>').format(left, top, left, axis),
    ]
    for index, (_day, value) in enumerate(points):
        bar_h = value * scale
        if bar_h:
            x = left + index * step + step * 0.15
            body.append(
                Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/>').format(
                    x, axis - bar_h, step * 0.7, bar_h
                )
            )
    labelled = {0, len(points) - 1, (len(points) - 1) // 2} if points else set()
    for index in sorted(labelled):
        day = points[index][0]
        x = left + index * step + step / 2
        anchor = "start" if index == 0 else "end" if index == len(points) - 1 else "middle"
        if len(points) == 1:
            anchor = "middle"
        label = Markup('<text x="{:.1f}" y="{}" text-anchor="{}">{}</text>')
        body.append(label.format(x, height - 8, anchor, day.strftime("%d.%m")))
    return _frame(chart_id, title, description, height, body)


def horizontal_bars(
    bars: Sequence[Bar], *, maximum: float, chart_id: str, title: str, description: str, unit: str = ""
) -> Markup:
    """A bar per row, its label above it and its value at its end, on a scale from 0 to `maximum`."""
    left, right, row = 4, 64, 44
    height = max(len(bars), 1) * row + 8
    plot_w = WIDTH - left - right
    body: list[Markup] = []
    for index, bar in enumerate(bars):
        y = index * row + 8
        width = plot_w * min(max(bar.value, 0.0), maximum) / maximum if maximum else 0.0
        # The label is HTML in the SVG: an SVG element has no `lang` of its own, an HTML span has.
        lang = Markup(' lang="{}"').format(bar.lang) if bar.lang else ""
        label = Markup(
            '<foreignObject x="{}" y="{}" width="{}" height="18"><span class="desk-chart__label"{}>{}</span>'
        )
        body.append(label.format(left, y, WIDTH - left, lang, _short(bar.label)) + Markup("</foreignObject>"))
        rect = Markup('<rect x="{}" y="{}" width="{:.1f}" height="16"/>')
        body.append(rect.format(left, y + 20, max(width, 1.0)))
        value = Markup('<text x="{:.1f}" y="{}">{}</text>')
        body.append(value.format(left + width + 6, y + 33, _number(round(bar.value, 1)) + unit))
    return _frame(chart_id, title, description, height, body)
