"""Charts drawn on the server as SVG with reportlab's chart module (reportlab.graphics.charts, rendered by
renderSVG): the portal has no JavaScript and must read on a phone.

renderSVG writes every shape's paint as a `style` attribute, which the site's Content-Security-Policy
forbids inside an HTML page (style-src 'self', core/middleware.py); so a chart is its own response
(image/svg+xml) shown with <img src>, where the page's policy does not apply, and the page carries the
same figures as a table (the chart's text alternative).

Text is measured with the bundled Fandol font (lib/fonts, GB2312) so that the axis leaves room for
Chinese labels; the SVG then names the usual CJK system fonts, which a browser has."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "ZhifaFang"
_FONT_FILE = Path(__file__).resolve().parents[1] / "lib" / "fonts" / "FandolFang-Regular-GB2312.ttf"
_FAMILY = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif"
BAR = colors.HexColor("#1f5f99")
SECOND = colors.HexColor("#d08a1f")
WIDTH = 640


@cache
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(_FONT_FILE)))
    return FONT


def _svg(drawing: Drawing, title: str) -> str:
    out = renderSVG.drawToString(drawing)
    out = out.replace(f"font-family: {FONT}", f"font-family: {_FAMILY}")
    return out.replace("<title>...</title>", f"<title>{escape(title)}</title>").replace(
        "<desc>...</desc>", f"<desc>{escape(title)}</desc>"
    )


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bars(title: str, labels: Sequence[str], values: Sequence[int | Decimal], *, unit: str = "") -> str:
    """A horizontal bar chart, one bar per label (top to bottom in the given order), with the value at
    the end of each bar."""
    font = _font()
    n = max(len(labels), 1)
    row = 22
    height = 48 + n * row
    d = Drawing(WIDTH, height)
    d.add(String(8, height - 18, title + (f"（{unit}）" if unit else ""), fontName=font, fontSize=12))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 190, 16, WIDTH - 260, n * row
    # reportlab draws the first category at the bottom: reverse so the first label is on top.
    chart.data = [[float(v) for v in reversed(values)] or [0.0]]
    chart.categoryAxis.categoryNames = [_short(label) for label in reversed(labels)] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 10
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = _label_format
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 9
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return _svg(d, title)


def _label_format(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"


def months(title: str, series: Sequence[tuple[str, Sequence[int | Decimal]]], *, unit: str = "") -> str:
    """A vertical bar chart by month (1 … n), one colour per series."""
    font = _font()
    d = Drawing(WIDTH, 260)
    d.add(String(8, 240, title + (f"（{unit}）" if unit else ""), fontName=font, fontSize=12))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 50, 40, WIDTH - 80, 170
    chart.data = [[float(v) for v in values] or [0.0] for _, values in series] or [[0.0]]
    count = max((len(values) for _, values in series), default=1)
    chart.categoryAxis.categoryNames = [f"{m}月" for m in range(1, count + 1)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    palette = (BAR, SECOND)
    for i in range(len(chart.data)):
        chart.bars[i].fillColor = palette[i % len(palette)]
        chart.bars[i].strokeColor = None
    d.add(chart)
    x = 50.0
    for i, (name, _) in enumerate(series):  # the legend, under the axis
        d.add(String(x, 8, "■ " + name, fontName=font, fontSize=10, fillColor=palette[i % len(palette)]))
        x += 20 + pdfmetrics.stringWidth("■ " + name, font, 10)
    return _svg(d, title)
