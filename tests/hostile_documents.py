"""Hostile plan documents, built here byte by byte (deterministic: the same bytes every call).

Every document named in issues 13 and 18 ("zip members that inflate hugely", "a ZIP directory that
lies about sizes", "an 894-byte DOCX that takes 54 s", "a 2.3 KB ODT that runs for minutes", "PDFs of
14-36 KB that keep pypdf busy", "billion laughs") has a generator below. None is a checked-in binary:
each is made from a few lines of Python, so a reader of the test sees what the document does.

Public names (other modules import these; keep them stable):

| function | kind | what it does to a naive reader |
|---|---|---|
| `docx_bloated_member()` | docx | word/document.xml honestly declared just under the old 50 MB member cap, all empty paragraphs: 1000:1, millions of elements in a tree |
| `docx_bloated_paragraph()` | docx | one paragraph of ~45 MB of text, 1000:1: copied several times over by join and re.sub |
| `docx_many_bloated_members()` | docx | a sane document.xml beside 40 members of 40 MB each (1.6 GB in all): only a total budget refuses it |
| `docx_lying_directory()` | docx | the directory (central and local) says document.xml is 2 KB; it inflates to 1.5 GB, which `ZipFile.read` inflates in one call |
| `docx_nested_paragraphs()` | docx | < 1 KB: paragraphs nested thousands deep; text per paragraph by itertext is quadratic |
| `odt_nested_spans()` | odt | ~2 KB: text:p/text:span nested deep with text at every level; quadratic time and memory |
| `docx_billion_laughs()` | docx | an internal DTD whose entities expand exponentially |
| `docx_quadratic_entity()` | docx | one big entity referenced many times (no nesting: passes naive "depth" guards) |
| `docx_many_members()` | docx | 20,000 empty members: the central directory alone costs memory and time |
| `pdf_huge_content_stream()` | pdf | ~30 KB: one Flate content stream inflating to 15 MB of text-showing operators |
| `pdf_xobject_fanout()` | pdf | ~2 KB: form XObjects that each draw the next level 10 times, 8 levels deep (10**7 draws of the last) |
| `pdf_deep_page_tree()` | pdf | ~250 KB: a page tree nested 20,000 Pages deep |
| `pdf_cyclic_page_tree()` | pdf | a page tree whose Kids point back at an ancestor |
| `pdf_repeated_contents()` | pdf | ~7 KB: a page whose /Contents lists one 10,000-operator stream 1,000 times (PDFium aborts at 1.5 GB) |
| `pdf_page_draws_heavy_form()` | pdf | ~2 KB: a page that draws one 50,000-operator form 100 times |
| `pdf_form_draws_itself()` | pdf | ~1 KB: a form with no resources of its own draws "/X", which its page names as that form (0.8 KB; PDFium aborted at a 1 GB limit, and a fuzzed variant grew past 22 GB unlimited) |
| `pdf_many_tiny_objects()` | pdf | ~1 MB: 100,000 page objects packed in an object stream |

`HOSTILE_DOCUMENTS` maps a short name to (kind, generator) for tables of cases, and `media_type(kind)`
gives the Content-Type a server would send. Sizes are parameters with defaults of the magnitude the
issues report; results are cached, since some take a second to build.
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Callable, Iterable

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
MEDIA_TYPES = {"docx": DOCX_TYPE, "odt": ODT_TYPE, "pdf": "application/pdf"}
CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 f'<Override PartName="/word/document.xml" ContentType="{DOCX_TYPE}.main+xml"/></Types>').encode()
DOCX_HEAD = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
             '<w:p><w:r><w:t>Stalking super-complaint action plan</w:t></w:r></w:p>').encode()
DOCX_TAIL = b"</w:body></w:document>"
ODT_HEAD = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{OFFICE_NS}" '
            f'xmlns:text="{TEXT_NS}"><office:body><office:text>').encode()
ODT_TAIL = b"</office:text></office:body></office:document-content>"
MB = 1_000_000


def media_type(kind: str) -> str:
    return MEDIA_TYPES[kind]


# --- ZIP, written by hand so that sizes and directories can say what we like ---------------------

class _Member:
    """One zip member: raw deflate data, and what the directory will claim about it."""

    def __init__(self, name: str, data: bytes, crc: int, size: int, *, claimed_size: int | None = None,
                 claimed_compressed: int | None = None, method: int = 8) -> None:
        self.name, self.data, self.crc, self.size, self.method = name.encode(), data, crc, size, method
        self.claimed_size = size if claimed_size is None else claimed_size
        self.claimed_compressed = len(data) if claimed_compressed is None else claimed_compressed


def _deflated(name: str, content: bytes) -> _Member:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return _Member(name, packer.compress(content) + packer.flush(), zlib.crc32(content), len(content))


def _stored(name: str, content: bytes) -> _Member:
    return _Member(name, content, zlib.crc32(content), len(content), method=0)


@functools.lru_cache(maxsize=16)
def _repeated_block(chunk: bytes) -> bytes:
    """Raw deflate bytes for `chunk` after a full flush: the same bytes each time, so a stream of
    N copies of chunk is those bytes N times (no need to compress gigabytes to make a bomb)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    second = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    assert first == second, "a full flush resets the window, so identical input packs identically"
    return second


def _inflating(name: str, head: bytes, chunk: bytes, copies: int, tail: bytes) -> _Member:
    """A member whose content is head + chunk * copies + tail, deflated without ever building it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    closer = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = closer.compress(tail) + closer.flush()
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return _Member(name, start + _repeated_block(chunk) * copies + end, crc, len(head) + len(chunk) * copies + len(tail))


def _zip(members: Iterable[_Member]) -> bytes:
    out = bytearray()
    directory = bytearray()
    count = 0
    for m in members:
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, m.method, 0, 0x21, m.crc, m.claimed_compressed,
                           m.claimed_size, len(m.name), 0) + m.name + m.data
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, m.method, 0, 0x21, m.crc,
                                 m.claimed_compressed, m.claimed_size, len(m.name), 0, 0, 0, 0, 0, offset) + m.name
        count += 1
    start = len(out)
    out += directory
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0)
    return bytes(out)


def _docx(document: _Member, *others: _Member) -> bytes:
    return _zip([_deflated("[Content_Types].xml", CONTENT_TYPES), document, *others])


def _odt(content: _Member) -> bytes:
    return _zip([_stored("mimetype", ODT_TYPE.encode()), content])


# --- ZIP-based documents -------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def docx_bloated_member(inflated: int = 49 * MB) -> bytes:
    """document.xml of `inflated` bytes, honest directory, nearly all `<w:p/>`: ~50 KB on the wire."""
    chunk = b"<w:p/>" * 100_000
    return _docx(_inflating("word/document.xml", DOCX_HEAD, chunk, inflated // len(chunk), DOCX_TAIL))


@functools.lru_cache(maxsize=None)
def docx_bloated_paragraph(inflated: int = 45 * MB) -> bytes:
    """One paragraph holding `inflated` bytes of text."""
    chunk = b"stalking " * 100_000
    head = DOCX_HEAD + b"<w:p><w:r><w:t>"
    return _docx(_inflating("word/document.xml", head, chunk, inflated // len(chunk),
                            b"</w:t></w:r></w:p>" + DOCX_TAIL))


@functools.lru_cache(maxsize=None)
def docx_many_bloated_members(members: int = 40, each: int = 40 * MB) -> bytes:
    """A readable document beside `members` media files of `each` bytes of zeros."""
    document = _deflated("word/document.xml", DOCX_HEAD + DOCX_TAIL)
    chunk = b"\0" * MB
    media = [_inflating(f"word/media/image{i}.bin", b"", chunk, each // MB, b"") for i in range(members)]
    return _docx(document, *media)


@functools.lru_cache(maxsize=None)
def docx_lying_directory(inflated: int = 1500 * MB, claimed: int = 2048) -> bytes:
    """document.xml claims `claimed` bytes in both headers; its data inflates to `inflated` bytes.
    (The CRC is of the full content: a reader that stops at the claim fails its CRC check.)"""
    chunk = b" " * MB
    member = _inflating("word/document.xml", DOCX_HEAD, chunk, inflated // MB, DOCX_TAIL)
    member.claimed_size = claimed
    return _docx(member)


@functools.lru_cache(maxsize=None)
def docx_nested_paragraphs(depth: int = 20_000) -> bytes:
    """Paragraphs nested `depth` deep, each with a word of its own: under 1 KB deflated."""
    inner = b"<w:p><w:r><w:t>plan</w:t></w:r>" * depth + b"</w:p>" * depth
    return _docx(_deflated("word/document.xml", DOCX_HEAD + inner + DOCX_TAIL))


@functools.lru_cache(maxsize=None)
def odt_nested_spans(depth: int = 24_000) -> bytes:
    """text:p and text:span alternating `depth` deep, with text at every level: about 2 KB."""
    opening = b"<text:p>stalking plan <text:span>response " * (depth // 2)
    closing = b"</text:span></text:p>" * (depth // 2)
    return _odt(_deflated("content.xml", ODT_HEAD + opening + closing + ODT_TAIL))


@functools.lru_cache(maxsize=None)
def docx_billion_laughs(levels: int = 10) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(entities)}]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol{levels - 1};</w:t></w:r></w:p>'
           "</w:body></w:document>").encode()
    return _docx(_deflated("word/document.xml", xml))


@functools.lru_cache(maxsize=None)
def docx_quadratic_entity(size: int = 100_000, uses: int = 20_000) -> bytes:
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY big "{"x" * size}">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{"&big;" * uses}</w:t></w:r></w:p>'
           "</w:body></w:document>").encode()
    return _docx(_deflated("word/document.xml", xml))


@functools.lru_cache(maxsize=None)
def docx_many_members(members: int = 20_000) -> bytes:
    document = _deflated("word/document.xml", DOCX_HEAD + DOCX_TAIL)
    return _docx(document, *(_stored(f"customXml/item{i}.xml", b"") for i in range(members)))


# --- PDF ------------------------------------------------------------------------------------------

def _pdf(objects: dict[int, bytes], root: int, *, packed: Iterable[int] = ()) -> bytes:
    """A PDF of numbered objects. Objects in `packed` go into one object stream, with a
    cross-reference stream (PDF 1.5); otherwise a classic xref table."""
    packed = sorted(set(packed))
    in_stream = set(packed)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        if number in in_stream:
            continue
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    if not packed:
        size = max(objects) + 1
        xref_at = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref_at)
        return bytes(out)
    stream_number = max(objects) + 1
    index, bodies, position = [], [], 0
    for number in packed:
        body = objects[number] + b"\n"
        index.append(b"%d %d" % (number, position))
        bodies.append(body)
        position += len(body)
    head = b" ".join(index) + b"\n"
    data = zlib.compress(head + b"".join(bodies), 9)
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n" % (
        stream_number, len(packed), len(head), len(data), data)
    xref_number = stream_number + 1
    offsets[xref_number] = len(out)
    where = {n: i for i, n in enumerate(packed)}
    rows = bytearray(b"\x00\x00\x00\x00\x00\x00\x00\xff\xff")
    for number in range(1, xref_number + 1):
        if number in where:
            rows += struct.pack(">BII", 2, stream_number, where[number])
        elif number in offsets:
            rows += struct.pack(">BII", 1, offsets[number], 0)
        else:
            rows += b"\x00\x00\x00\x00\x00\x00\x00\xff\xff"
    data = zlib.compress(bytes(rows), 9)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root %d 0 R /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n" % (
        xref_number, xref_number + 1, root, len(data), data)
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
PAGE = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 3 0 R >>%s >> >>"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream" % (len(packed), extra, packed)


def _one_page(content: bytes, *, resources: bytes = b"", more: dict[int, bytes] | None = None) -> bytes:
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", 3: FONT,
               4: PAGE % (2, 5, resources), 5: content, **(more or {})}
    return _pdf(objects, 1)


@functools.lru_cache(maxsize=None)
def pdf_huge_content_stream(inflated: int = 15 * MB) -> bytes:
    """One page whose content stream inflates to `inflated` bytes of `(plan) Tj` operators."""
    ops = b"BT /F1 10 Tf 72 700 Td\n" + b"(plan) Tj\n" * (inflated // 10) + b"ET\n"
    return _one_page(_stream(ops))


@functools.lru_cache(maxsize=None)
def pdf_xobject_fanout(levels: int = 8, fanout: int = 10) -> bytes:
    """Form XObject X<i> draws X<i+1> `fanout` times; the last shows a word. The page draws X0."""
    first = 6
    more = {}
    for level in range(levels):
        number = first + level
        if level == levels - 1:
            body, resources = b"BT /F1 10 Tf 72 700 Td (plan) Tj ET\n", b"/Font << /F1 3 0 R >>"
        else:
            body = b"/X Do\n" * fanout
            resources = b"/XObject << /X %d 0 R >>" % (number + 1)
        more[number] = _stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << %s >>" % resources)
    return _one_page(_stream(b"/X Do\n"), resources=b" /XObject << /X %d 0 R >>" % first, more=more)


@functools.lru_cache(maxsize=None)
def pdf_repeated_contents(operators: int = 10_000, times: int = 1000) -> bytes:
    """One page whose /Contents array lists the same stream `times` times."""
    ops = b"BT /F1 10 Tf 72 700 Td\n" + b"(plan) Tj\n" * operators + b"ET\n"
    refs = b" ".join([b"5 0 R"] * times)
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", 3: FONT,
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [%s] "
                  b"/Resources << /Font << /F1 3 0 R >> >> >>" % refs,
               5: _stream(ops)}
    return _pdf(objects, 1)


@functools.lru_cache(maxsize=None)
def pdf_page_draws_heavy_form(operators: int = 50_000, times: int = 100) -> bytes:
    """The page's content draws form X `times` times; X shows `operators` words. The page's
    resources are one reference away (object 7), as many producers write them."""
    form = _stream(b"BT /F1 10 Tf 72 700 Td\n" + b"(plan) Tj\n" * operators + b"ET\n",
                   b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>")
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", 3: FONT,
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources 7 0 R >>",
               5: _stream(b"/X Do\n" * times), 6: form,
               7: b"<< /Font << /F1 3 0 R >> /XObject << /X 6 0 R >> >>"}
    return _pdf(objects, 1)


@functools.lru_cache(maxsize=None)
def pdf_form_draws_itself(times: int = 3) -> bytes:
    """Form 6 has no /Resources, so PDFium resolves its "/X Do" in the page's resources: form 6
    again, `times` times a level (found by fuzzing; PDFium grew past 22 GB before it was killed)."""
    form = _stream(b"/X Do\n" * times + b"BT /F1 10 Tf 72 700 Td (plan) Tj ET\n",
                   b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]")
    return _one_page(_stream(b"/X Do\n"), resources=b" /XObject << /X 6 0 R >>", more={6: form})


@functools.lru_cache(maxsize=None)
def pdf_deep_page_tree(depth: int = 20_000) -> bytes:
    """Pages nodes nested `depth` deep above one page (objects 10..10+depth are the Pages chain)."""
    objects = {1: b"<< /Type /Catalog /Pages 10 0 R >>", 3: FONT,
               5: _stream(b"BT /F1 10 Tf 72 700 Td (plan) Tj ET\n")}
    for level in range(depth):
        number = 10 + level
        parent = b" /Parent %d 0 R" % (number - 1) if level else b""
        objects[number] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (number + 1, parent)
    leaf = 10 + depth
    objects[leaf] = PAGE % (leaf - 1, 5, b"")
    return _pdf(objects, 1, packed=[n for n in objects if n >= 10])


@functools.lru_cache(maxsize=None)
def pdf_cyclic_page_tree() -> bytes:
    """The root Pages lists a page and a Pages node whose Kids lead back to the root."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 3 >>", 3: FONT,
               4: PAGE % (2, 5, b""), 5: _stream(b"BT /F1 10 Tf 72 700 Td (plan) Tj ET\n"),
               6: b"<< /Type /Pages /Parent 2 0 R /Kids [7 0 R] /Count 2 >>",
               7: b"<< /Type /Pages /Parent 6 0 R /Kids [2 0 R] /Count 1 >>"}
    return _pdf(objects, 1)


@functools.lru_cache(maxsize=None)
def pdf_many_tiny_objects(pages: int = 100_000) -> bytes:
    """`pages` page objects sharing one content stream, packed into an object stream."""
    first = 10
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               3: FONT, 5: _stream(b"BT /F1 10 Tf 72 700 Td (plan) Tj ET\n")}
    for i in range(pages):
        objects[first + i] = PAGE % (2, 5, b"")
    # The Kids array itself is the biggest object: packed too, it deflates like the rest.
    return _pdf(objects, 1, packed=[2, *range(first, first + pages)])


HOSTILE_DOCUMENTS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx-bloated-member": ("docx", docx_bloated_member),
    "docx-bloated-paragraph": ("docx", docx_bloated_paragraph),
    "docx-many-bloated-members": ("docx", docx_many_bloated_members),
    "docx-lying-directory": ("docx", docx_lying_directory),
    "docx-nested-paragraphs": ("docx", docx_nested_paragraphs),
    "odt-nested-spans": ("odt", odt_nested_spans),
    "docx-billion-laughs": ("docx", docx_billion_laughs),
    "docx-quadratic-entity": ("docx", docx_quadratic_entity),
    "docx-many-members": ("docx", docx_many_members),
    "pdf-huge-content-stream": ("pdf", pdf_huge_content_stream),
    "pdf-xobject-fanout": ("pdf", pdf_xobject_fanout),
    "pdf-deep-page-tree": ("pdf", pdf_deep_page_tree),
    "pdf-cyclic-page-tree": ("pdf", pdf_cyclic_page_tree),
    "pdf-repeated-contents": ("pdf", pdf_repeated_contents),
    "pdf-page-draws-heavy-form": ("pdf", pdf_page_draws_heavy_form),
    "pdf-form-draws-itself": ("pdf", pdf_form_draws_itself),
    "pdf-many-tiny-objects": ("pdf", pdf_many_tiny_objects),
}
