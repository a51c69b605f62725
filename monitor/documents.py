"""Text out of plan documents (PDF, DOCX, ODT, plain text). Pure: bytes in, text out.

A document we cannot read is reported as such (DocumentError), never guessed at. Documents come from
the web, so every reader does work linear in the bytes it is given and holds bounded memory, whatever
the file claims about itself (tests/hostile_documents.py has the files that taught us each limit):

- ZIP (DOCX, ODT), in office_text.py: the directory checked before anything is inflated, members
  inflated in small counted pieces, the XML inside read as a stream with limits on depth and size.
- PDF, in pdf_text.py: read by PDFium, after a linear scan refuses what would make it draw without
  end (that is where its time and memory go; past about 1.5 GB it aborts the whole process).
- At most MAX_PDF_PAGES pages and MAX_TEXT_CHARS characters are extracted, which is far more than
  recognising a plan needs.

Limits of time and memory for a whole process (a crash or a loop in a C library) are the workers'
(workers.py); the limits here make every document we know of read or refused within a second or two.
"""

from __future__ import annotations

from .errors import DocumentError
from .office_text import office_kind, zipped_xml_text
from .pdf_text import pdf_text

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
MAX_TEXT_CHARS = 1_000_000
KIND_LABELS = {"pdf": "PDF", "docx": "Word document (DOCX)", "odt": "OpenDocument text (ODT)", "text": "plain text"}
# Kinds whose text takes reading out of a file format (and so is worth keeping between runs).
PACKED_KINDS = ("pdf", "docx", "odt")
# Bump when extract_text would give other text for the same file: texts kept by an earlier
# extractor are then read again.
EXTRACTOR_REVISION = 2  # 2: PDFium for PDFs, streaming XML for DOCX/ODT


def document_kind(content_type: str | None, url_or_name: str, body: bytes = b"") -> str | None:
    """pdf, docx, odt, text or None (a page, or not a document), from the bytes first, then the
    content type, then the name."""
    if body.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        zipped = office_kind(body)
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
        text = pdf_text(body, max_chars=MAX_TEXT_CHARS)
    elif kind == "docx":
        text = zipped_xml_text(body, "word/document.xml", max_chars=MAX_TEXT_CHARS)
    elif kind == "odt":
        text = zipped_xml_text(body, "content.xml", max_chars=MAX_TEXT_CHARS)
    elif kind == "text":
        text = body.decode("utf-8", errors="replace")
    else:
        raise DocumentError(f"unsupported document type {kind!r}")
    if not text.strip():
        raise DocumentError(f"the {KIND_LABELS.get(kind, kind)} has no text")
    return text[:MAX_TEXT_CHARS]


# --- ZIP -----------------------------------------------------------------------------------------


