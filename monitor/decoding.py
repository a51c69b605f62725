"""Pure text sniffing and decoding of fetched bodies: what the bytes are, and their text.

Apart from the HTTP package on purpose: the pipeline and the document readers use it on bytes
they already hold, and must not import the module that talks HTTP for it.
"""

from __future__ import annotations

import codecs


# Magic numbers of binary formats that turn up behind a text/html label.
_BINARY_MAGIC = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"\x1f\x8b", b"BM", b"RIFF", b"OggS",
    b"\x7fELF", b"MZ", b"\x00asm", b"Rar!", b"7z\xbc\xaf", b"\xfd7zXZ", b"wOFF", b"wOF2",
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")
# Every byte that is not a control byte a text page would not have (deleted to count those).
_NOT_CONTROLS = bytes(byte for byte in range(256) if byte >= 32 or byte in _TEXT_CONTROLS)


def looks_binary(head: bytes) -> bool:
    """Bytes no text page starts with: a NUL, a binary format's magic, or many control bytes."""
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # UTF-16 text is full of NULs
    if b"\x00" in head or head.startswith(_BINARY_MAGIC):
        return True
    controls = len(head.translate(None, _NOT_CONTROLS))  # what is left are the control bytes
    return controls > len(head) // 10


def sniff_content_type(header: str | None, body: bytes) -> str:
    """The media type, trusting the bytes over the header where they disagree."""
    declared = (header or "").split(";", 1)[0].strip().lower()
    head = body[:1024]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04") and declared in ("", "application/octet-stream", "application/zip", "text/html"):
        return "application/zip"
    if declared and declared not in ("application/octet-stream", "binary/octet-stream"):
        if (declared.startswith("text/") or declared in _TEXT_TYPES) and looks_binary(head):
            return "application/octet-stream"  # binary served as text
        return declared
    lowered = head.lower().lstrip()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "text/html"
    return declared or "application/octet-stream"


_TEXT_TYPES = ("application/xhtml+xml", "application/json", "application/xml")
# Wide encodings are only believed with a BOM: HTML's rule for a <meta> that claims UTF-16, and
# the only safe reading of a header that does (decoding ASCII as UTF-16 gives CJK nonsense).
_WIDE = ("utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "ucs-2", "ucs-4")


def decode_text(body: bytes, header: str | None, content_type: str) -> str | None:
    """Text for text types; wrong labels and invalid bytes survive, never an exception.

    Order: a BOM; valid UTF-8 (whatever a stale header says: ISO-8859-1 labels on UTF-8 pages are
    common); the declared charset (header, then <meta>); then UTF-8 with replacement characters if
    the bytes are mostly UTF-8 with a few bad ones, else Windows-1252 (what "latin-1" means on the
    web) for single-byte text mislabelled as UTF-8.
    """
    if not (content_type.startswith("text/") or content_type in _TEXT_TYPES):
        return None
    for bom, bom_codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(bom_codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for declared in (_charset(header), _meta_charset(body[:4096])):
        codec = _codec(declared)
        if codec is None or codec == "utf-8":
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    lenient = body.decode("utf-8", errors="replace")
    non_ascii = sum(1 for byte in body if byte >= 0x80)
    if lenient.count("\ufffd") * 2 < non_ascii:
        return lenient  # mostly valid UTF-8: keep it, with a few replacement characters
    return body.decode("cp1252", errors="replace")


def _codec(label: str | None) -> str | None:
    """A Python codec for a charset label, or None when it is unknown or not to be believed."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None
    if name in _WIDE or name.startswith(("utf-16", "utf-32")):
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # WHATWG: these labels mean windows-1252
    return name


def _charset(header: str | None) -> str | None:
    for part in (header or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _meta_charset(head: bytes) -> str | None:
    lowered = head.lower()
    index = lowered.find(b"charset=")
    if index < 0:
        return None
    value = lowered[index + 8 : index + 40].lstrip(b"\"' ")
    name = bytes(c for c in value.split(b'"')[0].split(b"'")[0].split(b";")[0].split(b" ")[0].split(b">")[0] if 32 < c < 127)
    return name.decode("ascii") or None

