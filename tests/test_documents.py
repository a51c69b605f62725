"""documents.py: real PDF bytes (the replica's PDF writer), and DOCX/ODT files built here with zipfile."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from xml.sax.saxutils import escape

import pytest

from monitor import documents, office_text, pdf_text
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
    monkeypatch.setattr(office_text, "MAX_ZIP_MEMBER_BYTES", 100)
    with pytest.raises(DocumentError, match="inflates to more than 100 bytes"):
        extract_text(make_docx(["x" * 500]), "docx")
    monkeypatch.setattr(pdf_text, "MAX_PDF_PAGES", 1)
    two_pages = make_pdf([("p", f"paragraph {i} " + "word " * 40) for i in range(60)], title="long")
    text = extract_text(two_pages, "pdf")
    assert "Page 1 of" in text and "Page 2 of" not in text
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 50)
    assert len(extract_text(b"y" * 500, "text")) == 50


# --- hostile documents (tests/hostile_documents.py): each is read or refused, never a run's minutes ---
# No wall-clock assertion here (a busy machine makes those flaky): what is asserted is that each is
# refused for its own reason, by the limit made for it. bench/bench_documents.py gives the figures.

from tests import hostile_documents as hostile  # noqa: E402


@pytest.mark.parametrize("make, kind, reason", [
    (hostile.docx_bloated_member, "docx", "inflates more than 100 times"),
    (hostile.docx_bloated_paragraph, "docx", "inflates more than 100 times"),
    (hostile.docx_many_bloated_members, "docx", "members would inflate to 1,600,000,461 bytes"),
    (hostile.docx_lying_directory, "docx", "inflates to more than the 2,048 bytes its ZIP directory claims"),
    (hostile.docx_nested_paragraphs, "docx", "nests elements more than 256 deep"),
    (hostile.odt_nested_spans, "odt", "nests elements more than 256 deep"),
    (hostile.docx_billion_laughs, "docx", "declares a DTD"),
    (hostile.docx_quadratic_entity, "docx", "declares a DTD"),
    (hostile.docx_many_members, "docx", "lists 20,002 members"),
    (hostile.pdf_huge_content_stream, "pdf", "more than 100,000 text operators in one stream"),
    (hostile.pdf_xobject_fanout, "pdf", "form (object 6) draws more than 100,000"),
    (hostile.pdf_deep_page_tree, "pdf", "cannot be read"),
    (hostile.pdf_repeated_contents, "pdf", "page (object 4) draws more than 100,000 operators"),
    (hostile.pdf_page_draws_heavy_form, "pdf", "page (object 4) draws more than 100,000 operators"),
    (hostile.pdf_form_draws_itself, "pdf", "form (object 6) draws more than 100,000 operators"),
], ids=lambda v: getattr(v, "__name__", None))
def test_hostile_documents_are_refused_for_their_own_reason(make, kind, reason):
    with pytest.raises(DocumentError, match=re.escape(reason)):
        extract_text(make(), kind)


def test_a_cyclic_page_tree_and_a_hundred_thousand_pages_are_read_as_far_as_needed():
    # PDFium stops at the cycle, and loads the 100,000 pages' tree lazily: only MAX_PDF_PAGES are read.
    assert set(extract_text(hostile.pdf_cyclic_page_tree(), "pdf").split()) == {"plan"}
    text = extract_text(hostile.pdf_many_tiny_objects(), "pdf")
    assert text.split() == ["plan"] * pdf_text.MAX_PDF_PAGES


def test_the_limits_refuse_the_hostile_document_and_nothing_like_a_plan():
    # Just inside each limit, the same shapes are read: it is the limit that refuses them.
    assert "plan" in extract_text(hostile.docx_nested_paragraphs(depth=200), "docx")
    # (PDFium merges text drawn again at the same place, as a fake-bold effect: one "plan".)
    assert extract_text(hostile.pdf_xobject_fanout(levels=4, fanout=10), "pdf").split() == ["plan"]
    assert extract_text(hostile.pdf_huge_content_stream(inflated=500_000), "pdf").count("plan") == 50_000
    assert extract_text(hostile.pdf_repeated_contents(operators=100, times=10), "pdf").count("plan") >= 1
    assert extract_text(hostile.pdf_page_draws_heavy_form(operators=1000, times=10), "pdf").count("plan") >= 1


def test_a_member_is_judged_by_the_bytes_it_inflates_not_by_what_the_directory_claims(monkeypatch):
    # Each rule alone: the directory's claim, the member cap, the ratio of what is inflated so far.
    monkeypatch.setattr(office_text, "ZIP_RATIO_GRACE_BYTES", 10_000_000_000)
    monkeypatch.setattr(office_text, "MAX_ZIP_MEMBER_BYTES", 2_000_000)
    with pytest.raises(DocumentError, match="word/document.xml inflates to more than 2,000,000 bytes"):
        extract_text(hostile.docx_bloated_member(), "docx")
    with pytest.raises(DocumentError, match="inflates to more than the 2,048 bytes its ZIP directory claims"):
        extract_text(hostile.docx_lying_directory(), "docx")
    monkeypatch.setattr(office_text, "ZIP_RATIO_GRACE_BYTES", 100_000)
    with pytest.raises(DocumentError, match="inflates more than 100 times its compressed size"):
        extract_text(hostile.docx_bloated_member(inflated=1_000_000), "docx")
    # A member whose bytes are not what its directory says is damaged, whichever way it errs.
    body = bytearray(make_docx(["a plan"]))
    at = bytes(body).rfind(b"PK\x01\x02")  # the last central directory entry: word/document.xml
    struct.pack_into("<I", body, at + 16, 0xDEADBEEF)  # its CRC
    with pytest.raises(DocumentError, match="damaged"):
        extract_text(bytes(body), "docx")


def test_a_paragraph_inside_a_paragraph_keeps_its_own_text_in_document_order():
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>outer </w:t></w:r><w:r><w:txbxContent>'
           '<w:p><w:r><w:t>in the box</w:t></w:r></w:p></w:txbxContent></w:r><w:r><w:t>and after</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>next</w:t></w:r></w:p></w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    assert extract_text(buffer.getvalue(), "docx").splitlines() == ["outer and after", "in the box", "next"]


def _stored_docx(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _claiming_zip_version(body: bytes, version: int) -> bytes:
    out = bytearray(body)
    at = body.find(b"PK\x01\x02")
    struct.pack_into("<H", out, at + 6, version)  # "version needed to extract", in the central directory
    return bytes(out)


@pytest.mark.parametrize("body, message", [
    # Found by fuzzing: each escaped as another exception before.
    (_stored_docx(b'<?xml version="1.0" encoding="UTFi8"?><w:document/>'), "not valid XML (unknown encoding"),
    (_claiming_zip_version(_stored_docx(b"<w:document/>"), 196), "not a readable document (zip file version 19.6)"),
])
def test_damaged_documents_are_refused_as_documents(body, message):
    with pytest.raises(DocumentError, match=re.escape(message)):
        extract_text(body, "docx")
