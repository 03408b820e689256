"""QR codes (ISO/IEC 18004) with reportlab's encoder: a drawing for a PDF page, an SVG for a web page.

Pure module: text in, a reportlab Drawing or SVG text out, no Django. Error-correction level M (15 %):
a printed code that is folded or smudged at a corner still scans, and a URL of ~60 characters stays a
version-4 symbol (33 × 33 modules), large enough to scan from A4 at 2 cm. The quiet zone of four modules
that the standard requires is part of the drawing (reportlab's `barBorder`). Deterministic: the same
text always gives the same drawing (and the same SVG bytes)."""

from __future__ import annotations

from reportlab.graphics import renderSVG
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

__all__ = ["qr_drawing", "qr_rectangles", "qr_svg"]

LEVEL = "M"


def qr_drawing(text: str, size: float) -> Drawing:
    """A square drawing `size` points wide holding the QR code of `text` (quiet zone included)."""
    if not text:
        raise ValueError("a QR code needs some text")
    widget = QrCodeWidget(text, barLevel=LEVEL, barWidth=size, barHeight=size)
    drawing = Drawing(size, size)
    drawing.add(widget)
    return drawing


def qr_rectangles(text: str, size: float) -> list[tuple[float, float, float, float]]:
    """The dark modules of the QR code of `text` in a `size`-point square, as (x, y, width, height)
    rectangles from its lower left corner (runs of modules merged by reportlab). For drawing straight
    on a canvas: rendering the Drawing through renderPDF declares a Helvetica font on the page, which
    a document whose every font is embedded (lib.officialdoc) does not want."""
    widget = qr_drawing(text, size).contents[0]
    group = widget.draw()  # type: ignore[attr-defined]
    if tuple(group.transform) != (1, 0, 0, 1, 0, 0):
        raise ValueError("unexpected transform in reportlab's QR widget")
    dark = [r for r in group.contents if getattr(r, "fillColor", None) is not None]
    return [(r.x, r.y, r.width, r.height) for r in dark]


def qr_svg(text: str, size: float = 160.0) -> str:
    """The QR code of `text` as a standalone SVG document, `size` CSS pixels wide. Serve it as an image
    (`image/svg+xml`, in an <img>): it carries style attributes, which a page's Content-Security-Policy
    without 'unsafe-inline' would refuse if it were inlined in the HTML."""
    svg: str = renderSVG.drawToString(qr_drawing(text, size))
    return svg
