"""documents.py: real PDF bytes (the replica's PDF writer), and DOCX/ODT files built here with zipfile."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pytest

from monitor import documents
from monitor.documents import DocumentError, document_kind, extract_text, kind_from_name
from monitor.replica.content import plan_blocks
from monitor.replica.pdf import make_pdf
from monitor.replica.scenario import ReplicaForce

FORCE = ReplicaForce(id="dorset", name="Dorset Police", domain="dorset.police.uk")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_docx(paragraphs: list[str], table: list[list[str]] = ()) -> bytes:
    """A minimal Word document: what Word writes, less everything text extraction ignores."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>"
            for row in table
        )
        body += f"<w:tbl>{rows}</w:tbl>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         f'<Override PartName="/word/document.xml" ContentType="{DOCX_TYPE}.main+xml"/></Types>')
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def make_odt(heading: str, paragraphs: list[str]) -> bytes:
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    body = f'<text:h text:outline-level="1">{escape(heading)}</text:h>' + "".join(
        f"<text:p>{escape(p)}<text:span> </text:span></text:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
                         f'xmlns:text="{text_ns}"><office:body><office:text>{body}</office:text></office:body></office:document-content>')
    return buffer.getvalue()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_text_comes_out_of_real_pdf_bytes():
    pdf = make_pdf(plan_blocks(FORCE), title="Dorset Police stalking super-complaint action plan")
    assert document_kind("application/pdf", "https://x.police.uk/plan.pdf", pdf) == "pdf"
    text = extract_text(pdf, "pdf")
    assert "stalking super-complaint action plan" in text
    assert "Suzy Lamplugh Trust" in " ".join(text.split())
    assert "Recommendation 7: Crime recording" in text and "7.2 - Evidence requirements of progress/completion" in text


def test_the_bytes_decide_before_the_content_type_and_the_name():
    pdf = make_pdf([("p", "hello")], title="t")
    # Mislabelled servers are common: a PDF sent as text/html, or as octet-stream with no suffix.
    assert document_kind("text/html", "https://x.police.uk/download?id=7", pdf) == "pdf"
    assert document_kind("application/octet-stream", "https://x.police.uk/download", make_docx(["a"])) == "docx"
    assert document_kind(None, "plan", make_odt("h", ["p"])) == "odt"


def test_an_html_answer_at_a_pdf_url_is_a_page_not_a_broken_pdf():
    page = b"<!doctype html><html><body><h1>Page not found</h1></body></html>"
    assert document_kind("text/html; charset=utf-8", "https://x.police.uk/media/plan.pdf", page) is None
    # With nothing to go on but the name, the name decides.
    assert document_kind("application/octet-stream", "https://x.police.uk/media/plan.PDF?v=2", b"") == "pdf"
    assert document_kind(None, "https://x.police.uk/media/plan.docx#page=2", b"") == "docx"
    assert kind_from_name("/media/plan.odt") == "odt" and kind_from_name("/about/plan/") is None


def test_plain_text_is_a_document_of_its_own():
    assert document_kind("text/plain; charset=utf-8", "https://x.police.uk/plan.txt", b"text") == "text"
    assert extract_text("Cynllun gweithredu – uwch-gŵyn".encode(), "text") == "Cynllun gweithredu – uwch-gŵyn"


def test_docx_paragraphs_and_table_cells_are_read():
    body = make_docx(["Stalking super-complaint: action plan", "Recommendations to chief constables"],
                     table=[["Recommendation", "Owner", "Status"], ["1. Crime recording", "Force Crime Registrar", "Complete"]])
    assert document_kind(DOCX_TYPE, "plan.docx", body) == "docx"
    text = extract_text(body, "docx")
    lines = text.splitlines()
    assert lines[:2] == ["Stalking super-complaint: action plan", "Recommendations to chief constables"]
    assert "Force Crime Registrar" in lines and "Complete" in lines


def test_odt_headings_and_paragraphs_are_read():
    body = make_odt("Cynllun gweithredu / Action plan", ["Argymhelliad 1: cofnodi troseddau", "Recommendation 1: crime recording"])
    text = extract_text(body, "odt")
    assert text.splitlines() == ["Cynllun gweithredu / Action plan", "Argymhelliad 1: cofnodi troseddau",
                                 "Recommendation 1: crime recording"]


@pytest.mark.parametrize("body, kind, message", [
    (b"%PDF-1.4\nthis is not really a PDF", "pdf", "cannot be read"),
    (b"PK\x03\x04 truncated zip", "docx", "not a readable document"),
    (b"", "text", "has no text"),
    (b"anything", "rtf", "unsupported document type"),
])
def test_unreadable_documents_raise_document_error(body, kind, message):
    with pytest.raises(DocumentError, match=message):
        extract_text(body, kind)


def test_a_pdf_without_text_says_so():
    with pytest.raises(DocumentError, match="no extractable text"):
        extract_text(blank_pdf(), "pdf")


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    body = buffer.getvalue()
    assert document_kind(None, "plan.docx", body) == "docx"  # named so, and the zip cannot say otherwise
    with pytest.raises(DocumentError, match="not a readable document"):
        extract_text(body, "docx")


def test_a_docx_with_broken_xml_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(DocumentError, match="not valid XML"):
        extract_text(buffer.getvalue(), "docx")


def test_size_caps(monkeypatch):
    monkeypatch.setattr(documents, "MAX_ZIP_MEMBER_BYTES", 100)
    with pytest.raises(DocumentError, match="implausibly large"):
        extract_text(make_docx(["x" * 500]), "docx")
    monkeypatch.setattr(documents, "MAX_PDF_PAGES", 1)
    two_pages = make_pdf([("p", f"paragraph {i} " + "word " * 40) for i in range(60)], title="long")
    text = extract_text(two_pages, "pdf")
    assert "Page 1 of" in text and "Page 2 of" not in text
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 50)
    assert len(extract_text(b"y" * 500, "text")) == 50
