"""A tiny Word (DOCX) writer (stdlib only): paragraphs and one table, as a force's plan document.

Only what text extraction reads: the package's content types and word/document.xml. Word opens
such a file; extractors read its paragraphs and table cells in document order.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def _entry(name: str) -> zipfile.ZipInfo:
    # A fixed timestamp: zipfile stamps each entry with the current time otherwise, and a plan
    # document whose bytes change every time the scenario is built looks like a new plan.
    info = zipfile.ZipInfo(name, date_time=(2024, 11, 22, 9, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def make_docx(paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> bytes:
    body = "".join(_p(text) for text in paragraphs)
    if table:
        rows = "".join("<w:tr>" + "".join(f"<w:tc>{_p(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in table)
        body += f"<w:tbl>{rows}</w:tbl>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            _entry("[Content_Types].xml"),
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{DOCX_TYPE}.main+xml"/></Types>',
        )
        archive.writestr(
            _entry("word/document.xml"),
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>{body}'
            "</w:body></w:document>",
        )
    return buffer.getvalue()
