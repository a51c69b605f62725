"""Text out of DOCX and ODT files: a ZIP read within limits, and the XML inside read as a stream.

- ZIP: the member count and the central directory's size are checked before anything is
  inflated; members are inflated in small pieces and counted by the bytes actually inflated, never by
  the sizes the directory claims: per member, in all, and against the compressed size (ratio).
- XML inside: read by a streaming parser (expat) without building a tree, refusing DTDs (so entity
  bombs), nesting deeper than MAX_XML_DEPTH and more than MAX_XML_ELEMENTS elements; each character
  is handled once, so deeply nested paragraphs cost no more than flat ones."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

from .errors import DocumentError

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


class _Enough(Exception):
    """MAX_TEXT_CHARS reached: the rest of the document is not needed."""


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


def office_kind(body: bytes) -> str | None:
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


class _Paragraphs:
    """Paragraph texts of a DOCX or ODT body, in document order, from a stream of XML bytes.

    DOCX paragraphs are w:p; ODT has text:p and text:h. Table cells hold paragraphs too, so
    recommendation tables come out one cell per line. A paragraph inside another (a text box)
    keeps its own text: each character belongs to the innermost open paragraph only.
    """

    def __init__(self, member: str, max_chars: int) -> None:
        self.member = member
        self.max_chars = max_chars
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
        if self.chars > self.max_chars:
            raise _Enough
        self.open[-1][1].append(data)


def zipped_xml_text(body: bytes, member: str, *, max_chars: int) -> str:
    """The paragraphs of one XML member of a DOCX or ODT file, one a line, up to about `max_chars`."""
    # Only the directory is taken from zipfile; the member is inflated by _inflated_chunks.
    with _open_zip(body) as archive:
        reader = _Paragraphs(member, max_chars)
        try:
            for chunk in _inflated_chunks(body, archive, member):
                reader.feed(chunk)
        except _Enough:
            return reader.text()
        try:
            return reader.close()
        except _Enough:
            return reader.text()
