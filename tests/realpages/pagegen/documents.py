"""Plan documents as forces attach them: a PDF exported from a word processor (a real table with
ruled cells whose text wraps inside each column) and a DOCX with a Word table. Stdlib only, and
byte-for-byte deterministic (no timestamps, no random ids)."""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.sax.saxutils import escape

# A document is a list of parts: ("title", text) ("h", text) ("p", text) ("table", rows)

PAGE_W, PAGE_H, MARGIN = 842, 595, 40  # A4 landscape, as forces print wide plan tables


def _pdf_escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    out = bytearray()
    for byte in raw:
        if byte in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([byte])
        elif byte < 0x20 or byte > 0x7E:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out)


def _wrap(text: str, size: float, width: float) -> list[str]:
    per_line = max(6, int(width / (size * 0.5)))
    lines: list[str] = []
    for para in text.split("\n\n"):
        current = ""
        for word in para.split():
            candidate = f"{current} {word}" if current else word
            if len(candidate) > per_line and current:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines or [""]


class _Pages:
    def __init__(self) -> None:
        self.pages: list[list[bytes]] = [[]]
        self.y = PAGE_H - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.pages.append([])
            self.y = PAGE_H - MARGIN

    def text(self, x: float, y: float, font: str, size: float, text: str) -> None:
        self.pages[-1].append(b"BT /%s %.1f Tf 1 0 0 1 %.1f %.1f Tm (%s) Tj ET" % (
            font.encode(), size, x, y, _pdf_escape(text)))

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.pages[-1].append(b"%.1f %.1f %.1f %.1f re S" % (x, y, w, h))


def make_pdf(parts: list[tuple], *, widths: tuple[float, ...] = ()) -> bytes:
    out = _Pages()
    usable = PAGE_W - 2 * MARGIN
    for part in parts:
        kind = part[0]
        if kind in ("title", "h", "p"):
            font, size, lead = {"title": ("F2", 16, 22), "h": ("F2", 12, 17), "p": ("F1", 9.5, 13)}[kind]
            for line in _wrap(part[1], size, usable):
                out.need(lead)
                out.y -= lead
                out.text(MARGIN, out.y, font, size, line)
            out.y -= 4
        elif kind == "table":
            rows = part[1]
            cols = len(rows[0])
            share = widths if len(widths) == cols else tuple(1.0 for _ in range(cols))
            col_w = [usable * s / sum(share) for s in share]
            for index, row in enumerate(rows):
                font, size, lead = ("F2", 8.5, 11) if index == 0 else ("F1", 8.5, 11)
                wrapped = [_wrap(cell, size, w - 8) for cell, w in zip(row, col_w)]
                height = max(len(w) for w in wrapped) * lead + 6
                out.need(height)
                x = MARGIN
                for lines, w in zip(wrapped, col_w):
                    out.rect(x, out.y - height, w, height)
                    for n, line in enumerate(lines):
                        out.text(x + 4, out.y - 3 - lead * (n + 1) + 2, font, size, line)
                    x += w
                out.y -= height
            out.y -= 8
    streams = []
    for number, ops in enumerate(out.pages, start=1):
        footer = b"BT /F1 8 Tf 1 0 0 1 %d 20 Tm (Page %d of %d) Tj ET" % (PAGE_W - MARGIN - 50, number, len(out.pages))
        streams.append(b"0.5 w\n" + b"\n".join([*ops, footer]) + b"\n")
    return _pdf_objects(streams)


def _pdf_objects(streams: list[bytes]) -> bytes:
    n = len(streams)
    # 1 catalog, 2 pages, 3 F1, 4 F2, then page/content pairs
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(n)) + b"] /Count %d >>" % n,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, stream in enumerate(streams):
        packed = zlib.compress(stream, 9)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                       b"/Contents %d 0 R >>" % (PAGE_W, PAGE_H, 6 + 2 * i))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")
    buf = io.BytesIO()
    buf.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(buf.tell())
        buf.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = buf.tell()
    buf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        buf.write(b"%010d 00000 n \n" % offset)
    buf.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return buf.getvalue()


# -- DOCX -----------------------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _para(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def make_docx(parts: list[tuple]) -> bytes:
    body = []
    for part in parts:
        kind = part[0]
        if kind == "title":
            body.append(_para(part[1], "Title"))
        elif kind == "h":
            body.append(_para(part[1], "Heading1"))
        elif kind == "p":
            body.append(_para(part[1]))
        elif kind == "table":
            rows = []
            for row in part[1]:
                cells = "".join("<w:tc>" + "".join(_para(p) for p in cell.split("\n\n")) + "</w:tc>" for cell in row)
                rows.append(f"<w:tr>{cells}</w:tr>")
            body.append('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>' + "".join(rows) + "</w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>'
                + "".join(body) + "<w:sectPr/></w:body></w:document>")
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": document,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 11, 21, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buf.getvalue()
