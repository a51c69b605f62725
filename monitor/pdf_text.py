"""Text out of PDF files: PDFium (pypdfium2) reads them, after a linear scan of the file decides it
can do so within bounds.

The scan (_PdfScan) inflates the content streams (within a budget) and refuses any stream, form or
page that would make PDFium draw more than MAX_PDF_DRAW_OPERATORS text and form operators, forms
counted each time they are drawn: that is where PDFium's time and memory go, and past about 1.5 GB
it aborts the whole process."""

from __future__ import annotations

import re
import zlib

from .errors import DocumentError

MAX_PDF_PAGES = 60


# PDF limits: a dense page of real plan text draws some thousands of text operators.
MAX_PDF_INFLATED_BYTES = 64_000_000


MAX_PDF_DRAW_OPERATORS = 100_000


MAX_PDF_FORM_DEPTH = 32


MAX_PDF_DO_NAMES = 1000


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


def pdf_text(body: bytes, *, max_chars: int) -> str:
    """The text of the first MAX_PDF_PAGES pages, up to about `max_chars`, after the scan has
    found nothing that would make PDFium draw without end."""
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
            if chars > max_chars:
                break
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"the PDF cannot be read (page {len(texts) + 1}: {exc})") from exc
    finally:
        document.close()
    text = "\n".join(texts)
    if not text.strip():
        raise DocumentError("the PDF has no extractable text (a scanned image?)")
    return text
