"""Text out of plan documents (PDF, DOCX, ODT, plain text). Pure: bytes in, text out.

A document we cannot read is reported as such (DocumentError), never guessed at. Size is capped
twice: the fetcher stops reading a body at `max_document_bytes`, and here at most MAX_PDF_PAGES
pages and MAX_TEXT_CHARS characters are extracted, which is far more than recognising a plan needs.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from xml.etree import ElementTree

DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    # Text already extracted (or a plan published as plain text): verified as it is.
    "text/plain": "text",
}
DOCUMENT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".odt": "odt"}
# Media types that are pages whatever the URL says: a ".pdf" link answering an HTML "not found"
# page is a (soft) dead link, not a PDF we failed to read.
PAGE_TYPES = ("text/html", "application/xhtml+xml")
# Types that say nothing about the content, so the file name decides.
_GENERIC_TYPES = ("", "application/octet-stream", "binary/octet-stream", "application/zip",
                  "application/x-zip-compressed", "application/force-download", "application/download")
MAX_PDF_PAGES = 60
MAX_TEXT_CHARS = 1_000_000
MAX_ZIP_MEMBER_BYTES = 50_000_000
KIND_LABELS = {"pdf": "PDF", "docx": "Word document (DOCX)", "odt": "OpenDocument text (ODT)", "text": "plain text"}
# Kinds whose text takes reading out of a file format (and so is worth keeping between runs).
PACKED_KINDS = ("pdf", "docx", "odt")
# Bump when extract_text would give other text for the same file: texts kept by an earlier
# extractor are then read again.
EXTRACTOR_REVISION = 1


class DocumentError(Exception):
    """The bytes are not a document we can read."""


def document_kind(content_type: str | None, url_or_name: str, body: bytes = b"") -> str | None:
    """pdf, docx, odt, text or None (a page, or not a document), from the bytes first, then the
    content type, then the name."""
    if body.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        zipped = _zip_kind(body)
        if zipped:
            return zipped
    media = (content_type or "").split(";")[0].strip().lower()
    if media in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[media]
    if media in PAGE_TYPES or (media and media not in _GENERIC_TYPES):
        return None
    return kind_from_name(url_or_name)


def kind_from_name(url_or_name: str) -> str | None:
    """pdf, docx or odt from a link's path alone (before anything is fetched)."""
    lowered = url_or_name.lower()
    if not any(suffix in lowered for suffix in DOCUMENT_SUFFIXES):
        return None  # most links: no suffix anywhere, so none at the end of the path
    path = lowered.split("#", 1)[0].split("?", 1)[0]
    for suffix, kind in DOCUMENT_SUFFIXES.items():
        if path.endswith(suffix):
            return kind
    return None


def extract_text(body: bytes, kind: str) -> str:
    if kind == "pdf":
        text = _pdf_text(body)
    elif kind == "docx":
        text = _zipped_xml_text(body, "word/document.xml")
    elif kind == "odt":
        text = _zipped_xml_text(body, "content.xml")
    elif kind == "text":
        text = body.decode("utf-8", errors="replace")
    else:
        raise DocumentError(f"unsupported document type {kind!r}")
    if not text.strip():
        raise DocumentError(f"the {KIND_LABELS.get(kind, kind)} has no text")
    return text[:MAX_TEXT_CHARS]


def _zip_kind(body: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        return "odt"
    return None


def _pdf_text(body: bytes) -> str:
    # pypdf is imported here so that commands that never read a PDF start quickly.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every oddity it repairs ("EOF marker not found") as a warning; a PDF we cannot
    # read is reported through DocumentError instead, so the log lines are only noise on stderr.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
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
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError, RecursionError) as exc:
        # Malformed PDFs surface as any of these from inside pypdf: all mean "cannot read it".
        raise DocumentError(f"the PDF cannot be read ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(texts)
    if not text.strip():
        raise DocumentError("the PDF has no extractable text (a scanned image?)")
    return text


def _zipped_xml_text(body: bytes, member: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            info = archive.getinfo(member)
            if info.file_size > MAX_ZIP_MEMBER_BYTES:
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
        # DOCX paragraphs are w:p; ODT has text:p and text:h. Table cells hold paragraphs too,
        # so recommendation tables come out one cell per line.
        if tag in ("p", "h"):
            paragraphs.append(re.sub(r"[ \t]+", " ", "".join(element.itertext())).strip())
    return "\n".join(p for p in paragraphs if p)
