"""Reading a response body: capped, and decompressed by hand with a bounded output (gzip bombs).

One growing buffer: peak memory is about the cap, never the body. A body over its cap is never
verified, so only its first TRUNCATED_KEEP bytes are kept (for sniffing and evidence).
"""

from __future__ import annotations

import zlib

import httpx

from ..models import ErrorKind

CHUNK = 64 * 1024
# Of a body over its cap, this much is kept: enough to sniff and show, never 25 MB held for nothing.
TRUNCATED_KEEP = 64 * 1024


class BodyError(Exception):
    """The body could not be read as HTTP says it should be (a corrupt compressed stream)."""

    def __init__(self, kind: ErrorKind, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


async def read_capped(response: httpx.Response, cap: int) -> tuple[bytes, bool]:
    """Read at most `cap` decoded bytes; decompress by hand so a bomb cannot outgrow the cap.

    One growing buffer: peak memory is about the cap, never the body. A body over the cap is
    never verified, so only its first TRUNCATED_KEEP bytes are kept (for sniffing and evidence).
    """
    encoding = response.headers.get("content-encoding", "").lower().strip()
    inflater = _Inflater(encoding, response.status_code) if encoding in _INFLATED else None
    body = bytearray()
    async for raw in response.aiter_raw():  # as read (64 KB at most): no re-chunking
        if inflater is None:
            body += raw
        else:
            inflater.feed(raw, body, cap + 1 - len(body))
        if len(body) > cap:
            return bytes(body[:TRUNCATED_KEEP]), True
    if inflater is not None:
        inflater.finish(body, cap + 1 - len(body))
        if len(body) > cap:
            return bytes(body[:TRUNCATED_KEEP]), True
    return bytes(body), False


_INFLATED = ("gzip", "x-gzip", "deflate")


class _Inflater:
    """gzip or deflate with a bound on the output of every call (zlib's max_length)."""

    def __init__(self, encoding: str, status: int) -> None:
        self._status = status
        self._raw_deflate_tried = encoding != "deflate"
        wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._decoder = zlib.decompressobj(wbits)

    def feed(self, data: bytes, out: bytearray, room: int) -> None:
        try:
            while data and room > 0:
                piece = self._decoder.decompress(data, min(room, CHUNK * 4))
                out += piece
                room -= len(piece)
                data = self._decoder.unconsumed_tail
        except zlib.error as exc:
            if not self._raw_deflate_tried and not out:
                # "deflate" is zlib-wrapped by the RFC, raw by some servers (old IIS): try raw once.
                self._raw_deflate_tried = True
                self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                self.feed(data, out, room)
                return
            raise BodyError(ErrorKind.PROTOCOL, f"the compressed body is corrupt ({exc})", self._status) from exc

    def finish(self, out: bytearray, room: int) -> None:
        if room > 0:
            try:
                out += self._decoder.flush(room)
            except zlib.error as exc:
                raise BodyError(ErrorKind.PROTOCOL, f"the compressed body is corrupt ({exc})", self._status) from exc

