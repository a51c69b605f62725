"""A tiny PDF 1.4 writer (stdlib only): text in Helvetica, A4 pages, real xref offsets.

Enough for the action-plan documents force landing pages link: text extractors (pypdf, pdfminer)
read it like a PDF made by an office suite.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
STYLES = {  # kind -> (font resource, size, leading, space before)
    "title": ("F2", 18.0, 24.0, 0.0),
    "h": ("F2", 13.0, 18.0, 10.0),
    "p": ("F1", 10.5, 14.0, 4.0),
    "li": ("F1", 10.5, 14.0, 2.0),
    "small": ("F1", 8.5, 11.0, 4.0),
}


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")  # WinAnsiEncoding: cp1252 for our purposes
    out = bytearray()
    for byte in raw:
        if byte in (0x28, 0x29, 0x5C):  # ( ) \
            out += b"\\" + bytes([byte])
        elif byte < 0x20 or byte > 0x7E:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out)


def _wrap(text: str, size: float, width: float) -> list[str]:
    # Helvetica's average glyph is about half an em wide: good enough for ragged-right text.
    per_line = max(10, int(width / (size * 0.5)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) > per_line and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _layout(blocks: Iterable[tuple[str, str]]) -> list[bytes]:
    """Lay out blocks into one content stream per page."""
    pages: list[list[bytes]] = [[]]
    y = float(PAGE_HEIGHT - MARGIN)
    for kind, text in blocks:
        font, size, leading, before = STYLES[kind]
        indent = 14.0 if kind == "li" else 0.0
        width = PAGE_WIDTH - 2 * MARGIN - indent
        y -= before
        for i, line in enumerate(_wrap(text, size, width)):
            if y - leading < MARGIN:
                pages.append([])
                y = float(PAGE_HEIGHT - MARGIN)
            y -= leading
            shown = ("- " + line) if kind == "li" and i == 0 else line
            x = MARGIN + (indent if i or kind != "li" else indent - 9)
            pages[-1].append(b"BT /%s %.1f Tf 1 0 0 1 %.1f %.1f Tm (%s) Tj ET" % (
                font.encode(), size, x, y, _escape(shown)))
    streams = []
    for number, ops in enumerate(pages, start=1):
        footer = b"BT /F1 8 Tf 1 0 0 1 %d 36 Tm (Page %d of %d) Tj ET" % (PAGE_WIDTH - MARGIN - 50, number, len(pages))
        streams.append(b"\n".join([*ops, footer]) + b"\n")
    return streams


def make_pdf(
    blocks: Iterable[tuple[str, str]],
    *,
    title: str,
    author: str = "",
    compress: bool = True,
) -> bytes:
    """Build a PDF from (kind, text) blocks; kind is one of STYLES ("title", "h", "p", "li", "small")."""
    streams = _layout(blocks)
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    pages_obj = add(b"")
    font_regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font_bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    info = add(
        b"<< /Title (%s) /Author (%s) /Producer (replica pdf.py) /CreationDate (D:20250314093000Z) >>"
        % (_escape(title), _escape(author))
    )
    page_numbers = []
    for stream in streams:
        data = zlib.compress(stream) if compress else stream
        filters = b" /Filter /FlateDecode" if compress else b""
        content = add(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), filters, data))
        page_numbers.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (pages_obj, PAGE_WIDTH, PAGE_HEIGHT, content, font_regular, font_bold)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    kids = b" ".join(b"%d 0 R" % n for n in page_numbers)
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_numbers))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref_at)
    return bytes(out)
