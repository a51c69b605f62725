"""Text out of plan documents (PDF, DOCX, ODT, plain text). Pure: bytes in, text out.

A document we cannot read is reported as such (DocumentError), never guessed at. Documents come from
the web, so every reader does work linear in the bytes it is given and holds bounded memory, whatever
the file claims about itself (tests/hostile_documents.py has the files that taught us each limit):

- ZIP (DOCX, ODT): the member count and the central directory's size are checked before anything is
  inflated; members are inflated in small pieces and counted by the bytes actually inflated, never by
  the sizes the directory claims: per member, in all, and against the compressed size (ratio).
- XML inside: read by a streaming parser (expat) without building a tree, refusing DTDs (so entity
  bombs), nesting deeper than MAX_XML_DEPTH and more than MAX_XML_ELEMENTS elements; each character
  is handled once, so deeply nested paragraphs cost no more than flat ones.
- PDF: read by PDFium (pypdfium2), which is fast; before it parses a page, a linear scan of the file
  (_PdfScan) inflates the content streams (within a budget) and refuses any stream, form or page
  that would make it draw more than MAX_PDF_DRAW_OPERATORS text and form operators, forms counted
  each time they are drawn: that is where PDFium's time and memory go, and past about 1.5 GB it
  aborts the whole process.
- At most MAX_PDF_PAGES pages and MAX_TEXT_CHARS characters are extracted, which is far more than
  recognising a plan needs.

Limits of time and memory for a whole process (a crash or a loop in a C library) are the workers'
(workers.py); the limits here make every document we know of read or refused within a second or two.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

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
# ZIP limits. A 300-page Word plan's document.xml is about 5 MB; POI (Apache's Office reader) refuses
# members that inflate more than 100 times beyond a grace size, and so do we.
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_DIRECTORY_BYTES = 1_000_000
MAX_ZIP_MEMBER_BYTES = 30_000_000
MAX_ZIP_TOTAL_BYTES = 60_000_000
MAX_ZIP_RATIO = 100
ZIP_RATIO_GRACE_BYTES = 1_000_000
ZIP_READ_CHUNK = 64 * 1024
# XML limits: Word nests tables in tables, still well under 100 levels; a page holds some
# thousands of elements.
MAX_XML_DEPTH = 256
MAX_XML_ELEMENTS = 2_000_000
# PDF limits: a dense page of real plan text draws some thousands of text operators.
MAX_PDF_INFLATED_BYTES = 64_000_000
MAX_PDF_DRAW_OPERATORS = 100_000
MAX_PDF_FORM_DEPTH = 32
MAX_PDF_DO_NAMES = 1000
KIND_LABELS = {"pdf": "PDF", "docx": "Word document (DOCX)", "odt": "OpenDocument text (ODT)", "text": "plain text"}
# Kinds whose text takes reading out of a file format (and so is worth keeping between runs).
PACKED_KINDS = ("pdf", "docx", "odt")
# Bump when extract_text would give other text for the same file: texts kept by an earlier
# extractor are then read again.
EXTRACTOR_REVISION = 2  # 2: PDFium for PDFs, streaming XML for DOCX/ODT


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


class _Enough(Exception):
    """MAX_TEXT_CHARS reached: the rest of the document is not needed."""


# --- ZIP -----------------------------------------------------------------------------------------

def _zip_directory_problem(body: bytes) -> str | None:
    """What is wrong with a ZIP's end-of-directory record, read before zipfile builds an object
    for every member (20,000 empty members cost it seconds and megabytes)."""
    at = body.rfind(b"PK\x05\x06", max(0, len(body) - 65_557))
    if at < 0 or len(body) < at + 22:
        return "not a readable document (no ZIP directory)"
    entries, directory_bytes = struct.unpack_from("<HI", body, at + 10)
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
        return "the ZIP uses 64-bit sizes, which no document of a few megabytes needs"
    if entries > MAX_ZIP_MEMBERS or directory_bytes > MAX_ZIP_DIRECTORY_BYTES:
        return f"the ZIP lists {entries:,} members in {directory_bytes:,} bytes (at most {MAX_ZIP_MEMBERS:,} are read)"
    return None


def _open_zip(body: bytes) -> zipfile.ZipFile:
    problem = _zip_directory_problem(body)
    if problem:
        raise DocumentError(problem)
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error, NotImplementedError) as exc:
        # NotImplementedError: a directory that claims a ZIP version zipfile does not know.
        raise DocumentError(f"not a readable document ({exc})") from exc
    claimed = sum(info.file_size for info in archive.infolist())
    if claimed > MAX_ZIP_TOTAL_BYTES:
        archive.close()
        raise DocumentError(f"the ZIP's members would inflate to {claimed:,} bytes (at most {MAX_ZIP_TOTAL_BYTES:,} are read)")
    return archive


def _inflated_chunks(body: bytes, archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in small pieces, inflated here and counted as they come out. The
    directory's sizes are claims: zipfile's read() of a member that claims 2 KB inflates up to 2 GB in
    one call, and its ratio is only known at the end. Here the ratio is of the bytes inflated so far
    to the compressed bytes they came from, so a bomb is stopped after its first megabyte."""
    try:
        info = archive.getinfo(member)
    except KeyError as exc:
        raise DocumentError(f"not a readable document ({exc})") from exc
    if info.flag_bits & 0x1:
        raise DocumentError(f"{member} is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise DocumentError(f"{member} is compressed with method {info.compress_type}, which office suites do not use")
    header = body[info.header_offset:info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise DocumentError(f"not a readable document ({member} has no local header)")
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    start = info.header_offset + 30 + name_length + extra_length
    packed = memoryview(body)[start:start + info.compress_size]
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    inflated = consumed = 0
    crc = 0
    try:
        for at in range(0, len(packed), 16 * 1024):
            tail: bytes | memoryview = packed[at:at + 16 * 1024]
            consumed += len(tail)
            while len(tail):
                if inflater is None:
                    chunk, tail = bytes(tail), b""
                else:
                    chunk = inflater.decompress(tail, ZIP_READ_CHUNK)
                    tail = inflater.unconsumed_tail
                inflated += len(chunk)
                used = consumed - len(tail)
                if inflated > info.file_size:
                    raise DocumentError(f"{member} inflates to more than the {info.file_size:,} bytes its ZIP "
                                        "directory claims (a ZIP bomb?)")
                if inflated > MAX_ZIP_MEMBER_BYTES:
                    raise DocumentError(f"{member} inflates to more than {MAX_ZIP_MEMBER_BYTES:,} bytes")
                if inflated > ZIP_RATIO_GRACE_BYTES and inflated > MAX_ZIP_RATIO * max(used, 1):
                    raise DocumentError(f"{member} inflates more than {MAX_ZIP_RATIO} times its compressed size "
                                        "(a ZIP bomb?)")
                crc = zlib.crc32(chunk, crc)
                if chunk:
                    yield chunk
                elif inflater is not None and inflater.eof:
                    break
    except zlib.error as exc:
        raise DocumentError(f"not a readable document ({member}: {exc})") from exc
    if inflated != info.file_size or crc != info.CRC:
        raise DocumentError(f"not a readable document ({member} is damaged: its size or checksum is not what the "
                            "ZIP directory says)")


def _zip_kind(body: bytes) -> str | None:
    try:
        with _open_zip(body) as archive:
            names = set(archive.namelist())
    except DocumentError:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        return "odt"
    return None


# --- XML -----------------------------------------------------------------------------------------

class _Paragraphs:
    """Paragraph texts of a DOCX or ODT body, in document order, from a stream of XML bytes.

    DOCX paragraphs are w:p; ODT has text:p and text:h. Table cells hold paragraphs too, so
    recommendation tables come out one cell per line. A paragraph inside another (a text box)
    keeps its own text: each character belongs to the innermost open paragraph only.
    """

    def __init__(self, member: str) -> None:
        self.member = member
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        # No DOCX or ODT part has a DTD: one here is an entity bomb, or an external entity.
        self.parser.StartDoctypeDeclHandler = self._refuse_dtd
        self.parser.EntityDeclHandler = self._refuse_dtd
        self.depth = 0
        self.elements = 0
        self.chars = 0
        self.lines: list[str] = []
        self.open: list[tuple[int, list[str]]] = []  # (its line's index, its text so far)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except (expat.ExpatError, LookupError, ValueError) as exc:
            # LookupError: an XML declaration naming an encoding Python does not know.
            raise DocumentError(f"{self.member} is not valid XML ({exc})") from exc

    def close(self) -> str:
        self.feed(b"", final=True)
        return self.text()

    def text(self) -> str:
        while self.open:  # stopped early: what the open paragraphs hold so far
            self._close_paragraph()
        return "\n".join(line for line in self.lines if line)

    def _refuse_dtd(self, *args: object) -> None:
        raise DocumentError(f"{self.member} declares a DTD (entities), which office documents never do")

    def _start(self, name: str, attrs: object) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_XML_DEPTH:
            raise DocumentError(f"{self.member} nests elements more than {MAX_XML_DEPTH} deep")
        if self.elements > MAX_XML_ELEMENTS:
            raise DocumentError(f"{self.member} has more than {MAX_XML_ELEMENTS:,} elements")
        if name.rsplit("}", 1)[-1] in ("p", "h"):
            self.lines.append("")
            self.open.append((len(self.lines) - 1, []))

    def _end(self, name: str) -> None:
        self.depth -= 1
        if self.open and name.rsplit("}", 1)[-1] in ("p", "h"):
            self._close_paragraph()

    def _close_paragraph(self) -> None:
        index, parts = self.open.pop()
        self.lines[index] = re.sub(r"[ \t]+", " ", "".join(parts)).strip()

    def _text(self, data: str) -> None:
        if not self.open:
            return
        self.chars += len(data)
        if self.chars > MAX_TEXT_CHARS:
            raise _Enough
        self.open[-1][1].append(data)


def _zipped_xml_text(body: bytes, member: str) -> str:
    # Only the directory is taken from zipfile; the member is inflated by _inflated_chunks.
    with _open_zip(body) as archive:
        reader = _Paragraphs(member)
        try:
            for chunk in _inflated_chunks(body, archive, member):
                reader.feed(chunk)
        except _Enough:
            return reader.text()
        try:
            return reader.close()
        except _Enough:
            return reader.text()


# --- PDF -----------------------------------------------------------------------------------------

_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_OBJECT_HEAD = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_XOBJECTS = re.compile(rb"/XObject\s*(<<.*?>>|\d+\s+\d+\s+R\b)", re.S)
_RESOURCES = re.compile(rb"/Resources\s*(?:(\d+)\s+\d+\s+R\b|<<)")
_NAMED_REFERENCE = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*(\d+)\s+\d+\s+R\b")
_DO_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R\b)")
# What marks a dictionary the scan keeps: a page's contents, or resources naming XObjects.
_PAGE_MARKERS = (b"/Contents", b"/XObject")
_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R\b")
_FILTER = re.compile(rb"/(\w+Decode)\b")
# Streams whose bytes are never drawn as page content: images, fonts, metadata, packed objects.
_NOT_CONTENT = (b"/Image", b"/Length1", b"/Length2", b"/Length3", b"/Type1C", b"/CIDFontType0C", b"/OpenType",
                b"/ObjStm", b"/XRef", b"/Metadata", b"/EmbeddedFile", b"/ICCBased", b"/N ")
_DRAWING = (b"Tj", b"TJ", b"'", b'"', b"Do")


class _Content:
    """One content stream (a page's, or a form XObject's): what it draws, counted while inflating."""

    def __init__(self, number: int, form: bool, dictionary: bytes) -> None:
        self.number, self.form, self.dictionary = number, form, dictionary
        self.operators = 0
        self.draws = 0  # "Do": each draws an image or a form (whose own operators then count again)
        self.names: set[bytes] = set()  # the XObject names its Do operators use


class _PdfScan:
    """What a PDF would make PDFium draw, from one linear pass over the file: its content streams
    (inflated within a budget, their operators counted) and the dictionaries that say which page
    draws which streams and forms (plain objects and those packed in object streams).

    A heuristic, and an upper bound where it can tell: streams it cannot inflate (other filters,
    encryption) and resources a page inherits from its parents are left to PDFium and the worker's
    limits. It exists because PDFium, fast as it is, holds every text object of a page in memory: a
    6 KB page that lists one 10,000-operator stream 1,000 times in /Contents made it abort the
    process for want of memory at 1.5 GB.
    """

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.budget = MAX_PDF_INFLATED_BYTES
        self.contents: dict[int, _Content] = {}
        self.dictionaries: dict[int, bytes] = {}  # objects that may hold /Contents or /XObject
        self.totals: dict[int, int] = {}
        self._inherited: dict[bytes, set[int]] | None = None
        self._streams()
        self._plain_objects()

    # -- reading ---------------------------------------------------------------------------------

    def _streams(self) -> None:
        body = self.body
        position = 0
        for match in _STREAM_START.finditer(body):
            if match.start() < position:
                continue  # inside the previous stream's data
            end = body.find(b"endstream", match.end())
            end = len(body) if end < 0 else end
            position = end
            window = body[max(0, match.start() - 4096):match.start()]
            heads = list(_OBJECT_HEAD.finditer(window))
            if not heads:
                continue
            number, dictionary = int(heads[-1].group(1)), window[heads[-1].end():]
            filters = _FILTER.findall(dictionary)
            if filters not in ([], [b"FlateDecode"]):
                continue  # rare in content streams; PDFium decodes them within the worker's limits
            data = body[match.end():end]
            if b"/ObjStm" in dictionary:
                self._object_stream(dictionary, data, bool(filters))
                continue
            if any(marker in dictionary for marker in _NOT_CONTENT):
                continue
            content = _Content(number, b"/Form" in dictionary, dictionary)
            self._count(data, bool(filters), content)
            if content.operators > MAX_PDF_DRAW_OPERATORS:
                raise DocumentError(f"the PDF draws more than {MAX_PDF_DRAW_OPERATORS:,} text operators in one stream "
                                    f"(object {number}): too costly to read")
            self.contents[number] = content

    def _plain_objects(self) -> None:
        body = self.body
        for marker in _PAGE_MARKERS:
            start = 0
            while (at := body.find(marker, start)) >= 0:
                head = body.rfind(b" obj", max(0, at - 65_536), at)
                end = body.find(b"endobj", at)
                start = at + len(marker)
                if head < 0 or end < 0:
                    continue
                number = None
                for number in _OBJECT_HEAD.finditer(body, max(0, head - 24), head + 4):
                    pass  # the last head before the marker is its object's
                if number is not None:
                    self.dictionaries.setdefault(int(number.group(1)), body[head + 4:end])
                start = max(start, end)

    def _object_stream(self, dictionary: bytes, data: bytes, deflated: bool) -> None:
        first = re.search(rb"/First\s+(\d+)", dictionary)
        if first is None:
            return
        packed = self._inflate(data) if deflated else data
        if packed is None:
            return
        numbers = packed[:int(first.group(1))].split()
        pairs = [(int(numbers[i]), int(numbers[i + 1])) for i in range(0, len(numbers) - 1, 2)
                 if numbers[i].isdigit() and numbers[i + 1].isdigit()]
        offset = int(first.group(1))
        for index, (number, at) in enumerate(pairs):
            end = pairs[index + 1][1] if index + 1 < len(pairs) else len(packed) - offset
            text = packed[offset + at:offset + end]
            if any(marker in text for marker in _PAGE_MARKERS):
                self.dictionaries.setdefault(number, text)

    def _inflate(self, data: bytes) -> bytes | None:
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(data, self.budget + 1)
        except zlib.error:
            return None
        self._spend(len(out))
        return out

    def _count(self, data: bytes, deflated: bool, content: _Content) -> None:
        """Count the drawing operators in a stream, a megabyte at a time."""
        if not deflated:
            content.operators = sum(data.count(op) for op in _DRAWING)
            content.draws = data.count(b"Do")
            content.names.update(_DO_NAME.findall(data)[:MAX_PDF_DO_NAMES])
            self._spend(len(data))
            return
        inflater = zlib.decompressobj()
        tail = data
        try:
            while tail and not inflater.eof and content.operators <= MAX_PDF_DRAW_OPERATORS:
                piece = inflater.decompress(tail, 1_000_000)
                tail = inflater.unconsumed_tail
                self._spend(len(piece))
                content.operators += sum(piece.count(op) for op in _DRAWING)
                content.draws += piece.count(b"Do")
                if len(content.names) < MAX_PDF_DO_NAMES:
                    content.names.update(_DO_NAME.findall(piece)[:MAX_PDF_DO_NAMES])
        except zlib.error:
            pass  # damaged or encrypted: PDFium decides

    def _spend(self, inflated: int) -> None:
        self.budget -= inflated
        if self.budget < 0:
            raise DocumentError(f"the PDF's content streams inflate to more than {MAX_PDF_INFLATED_BYTES:,} bytes")

    # -- judging ---------------------------------------------------------------------------------

    def _xobjects(self, dictionary: bytes) -> dict[bytes, set[int]] | None:
        """Name -> objects of the XObjects a page or form names in its resources (inline, or one
        reference away); None when it names none, so that it uses the resources it inherits."""
        resources = _RESOURCES.search(dictionary)
        if resources is None:
            return None  # (an /XObject elsewhere, under a damaged key, is not what PDFium reads)
        if resources.group(1):
            dictionary = self.dictionaries.get(int(resources.group(1)), b"")
        else:
            dictionary = dictionary[resources.end():]
        found: dict[bytes, set[int]] | None = None
        for xobjects in _XOBJECTS.finditer(dictionary):
            value = xobjects.group(1)
            if not value.startswith(b"<<"):
                value = self.dictionaries.get(int(_REFERENCE.match(value).group(1)), b"")  # type: ignore[union-attr]
            found = found if found is not None else {}
            for name, number in _NAMED_REFERENCE.findall(value):
                found.setdefault(name, set()).add(int(number))
        return found

    def _inherited_xobjects(self) -> dict[bytes, set[int]]:
        """Every name any page, form or resource dictionary gives an XObject: what a form without
        resources of its own may draw (PDFium lets it use its page's, or a form's own, again)."""
        if self._inherited is None:
            self._inherited = {}
            for dictionary in [*self.dictionaries.values(), *(c.dictionary for c in self.contents.values())]:
                for name, numbers in (self._xobjects(dictionary) or {}).items():
                    self._inherited.setdefault(name, set()).update(numbers)
        return self._inherited

    def forms_drawn(self, names: set[bytes], dictionary: bytes) -> list[int]:
        """The forms that the Do operators of a stream (its XObject `names`) may draw."""
        named = self._xobjects(dictionary)
        if named is None:
            named = self._inherited_xobjects()
        return sorted({n for name in names for n in named.get(name, ()) if n in self.contents and self.contents[n].form})

    def total(self, number: int, depth: int = 0) -> int:
        """Operators a form draws, the forms it draws included (each time it draws them)."""
        if number in self.totals:
            return self.totals[number]
        if depth > MAX_PDF_FORM_DEPTH:
            raise DocumentError(f"the PDF nests forms more than {MAX_PDF_FORM_DEPTH} deep")
        self.totals[number] = MAX_PDF_DRAW_OPERATORS + 1  # a form that draws itself draws without end
        content = self.contents[number]
        inner = max((self.total(child, depth + 1) for child in self.forms_drawn(content.names, content.dictionary)),
                    default=0)
        self.totals[number] = content.operators + content.draws * inner
        return self.totals[number]

    def check(self) -> None:
        """Refuse what would draw more than MAX_PDF_DRAW_OPERATORS on one page or in one form: ten
        forms nested eight deep, each drawing the next ten times, are 2 KB and ten million draws."""
        for number, content in self.contents.items():
            if content.form and self.total(number) > MAX_PDF_DRAW_OPERATORS:
                raise DocumentError(f"the PDF's form (object {number}) draws more than {MAX_PDF_DRAW_OPERATORS:,} "
                                    "operators with the forms inside it: too costly to read")
        judged: set[bytes] = set()  # pages alike but for their number (a 100,000-page tree) are judged once
        for number, dictionary in self.dictionaries.items():
            listed = _CONTENTS.search(dictionary)
            if listed is None or dictionary in judged:
                continue
            judged.add(dictionary)
            streams = [self.contents[int(n)] for n in _REFERENCE.findall(listed.group(1)) if int(n) in self.contents]
            names = set().union(*(s.names for s in streams)) if streams else set()
            inner = max((self.total(form) for form in self.forms_drawn(names, dictionary)), default=0)
            drawn = sum(s.operators + s.draws * inner for s in streams)
            if drawn > MAX_PDF_DRAW_OPERATORS:
                raise DocumentError(f"the PDF's page (object {number}) draws more than {MAX_PDF_DRAW_OPERATORS:,} "
                                    "operators: too costly to read")


def _pdf_text(body: bytes) -> str:
    _PdfScan(body).check()
    # PDFium is imported here so that commands that never read a PDF start quickly.
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError(f"the PDF is encrypted ({exc})") from exc
        raise DocumentError(f"the PDF cannot be read ({exc})") from exc
    texts: list[str] = []
    chars = 0
    try:
        for index in range(min(len(document), MAX_PDF_PAGES)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
            finally:
                page.close()
            texts.append(text.replace("\r\n", "\n").replace("\r", "\n"))
            chars += len(text)
            if chars > MAX_TEXT_CHARS:
                break
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"the PDF cannot be read (page {len(texts) + 1}: {exc})") from exc
    finally:
        document.close()
    text = "\n".join(texts)
    if not text.strip():
        raise DocumentError("the PDF has no extractable text (a scanned image?)")
    return text
