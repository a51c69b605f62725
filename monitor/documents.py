"""Text out of plan documents (PDF, DOCX, ODT). Pure: bytes in, text out.

A document we cannot read is reported as such (DocumentError), never guessed at.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}
DOCUMENT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".odt": "odt"}
# Extracting text from every page of a 500-page PDF is not needed to recognise a plan.
MAX_PDF_PAGES = 60


class DocumentError(Exception):
    """The bytes are not a document we can read."""


def document_kind(content_type: str | None, url_or_name: str, body: bytes = b"") -> str | None:
    """pdf, docx, odt or None, from the bytes first, then the content type, then the name."""
    if body.startswith(b"%PDF-"):
        return "pdf"
    kind = DOCUMENT_TYPES.get((content_type or "").split(";")[0].strip().lower())
    if kind:
        return kind
    path = url_or_name.lower().split("?", 1)[0].split("#", 1)[0]
    for suffix, kind in DOCUMENT_SUFFIXES.items():
        if path.endswith(suffix):
            return kind
    return None


def extract_text(body: bytes, kind: str) -> str:
    if kind == "pdf":
        return _pdf_text(body)
    if kind == "docx":
        return _zipped_xml_text(body, "word/document.xml")
    if kind == "odt":
        return _zipped_xml_text(body, "content.xml")
    raise DocumentError(f"unsupported document type {kind!r}")


def _pdf_text(body: bytes) -> str:
    # pypdf is imported here so that commands that never read a PDF start quickly.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for encryption it cannot open
                raise DocumentError(f"the PDF is encrypted ({exc})") from exc
        texts = [(page.extract_text() or "") for page in reader.pages[:MAX_PDF_PAGES]]
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
        raise DocumentError(f"the PDF cannot be read ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(texts)
    if not text.strip():
        raise DocumentError("the PDF has no extractable text (a scanned image?)")
    return text


def _zipped_xml_text(body: bytes, member: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            info = archive.getinfo(member)
            if info.file_size > 50_000_000:
                raise DocumentError(f"{member} is implausibly large ({info.file_size} bytes)")
            xml = archive.read(member)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise DocumentError(f"not a readable document ({exc})") from exc
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise DocumentError(f"{member} is not valid XML ({exc})") from exc
    paragraphs = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("p", "h"):
            paragraphs.append("".join(element.itertext()))
    return re.sub(r"[ \t]+", " ", "\n".join(paragraphs)).strip()
