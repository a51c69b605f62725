"""The published site in a real browser: headless Chromium (Debian's package) renders index.html
and a force page at desktop and phone widths, through docs/make_site_screenshots.py's
`screenshot`, and the pictures show the tile map in its status colours at the width asked for."""

from __future__ import annotations

import importlib.util
import struct
import zlib
from pathlib import Path

import pytest

from monitor.presentation import COLOUR
from tests.test_publish import site, site_db  # noqa: F401  (fixtures: the same published site)

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_site_screenshots", ROOT / "docs" / "make_site_screenshots.py")
shots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shots)

pytestmark = pytest.mark.skipif(shots.chromium() is None, reason="chromium is not installed (apt-get install -y chromium)")


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG, with the standard library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    channels = 3 if colour_type == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line) if channels == 3 else bytes(b for j in range(0, stride, 4) for b in line[j:j + 3]))
        previous = line
    return width, height, rows


def pixels_of(rows: list[bytes], hex_colour: str) -> int:
    rgb = bytes.fromhex(hex_colour.lstrip("#"))
    return sum(row[i:i + 3] == rgb for row in rows for i in range(0, len(row), 3))


# The top of each page at desktop and phone width, photographed at half resolution (a quarter of
# the pixels to read back in Python; the tiles and the badge are large flat areas of colour).
SIZES = {"desktop": (shots.DESKTOP[0], 900), "phone": (shots.PHONE[0], 1200)}
SCALE = 0.5


def shoot(page: Path, out: Path, size: tuple[int, int]) -> list[bytes]:
    width, height, rows = read_png(shots.screenshot(page, out, size, scale=SCALE))
    assert (width, height) == (int(size[0] * SCALE), int(size[1] * SCALE))
    return rows


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_index_renders_the_tile_map_in_status_colours(site, tmp_path, size):  # noqa: F811
    rows = shoot(site / "index.html", tmp_path / "index.png", size)
    # 39 published tiles, Kent's broken one and Essex's blocked one: each at least 40 x 40 CSS
    # pixels (20 x 20 here) of flat colour.
    assert pixels_of(rows, COLOUR["ok"]) > 39 * 300
    assert pixels_of(rows, COLOUR["broken"]) > 300
    assert pixels_of(rows, COLOUR["unverified"]) > 300


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_a_force_page_renders_its_status_badge(site, tmp_path, size):  # noqa: F811
    rows = shoot(site / "forces" / "kent.html", tmp_path / "kent.png", size)
    assert pixels_of(rows, COLOUR["broken"]) > 150  # the badge (white text on the status colour)
    assert pixels_of(rows, COLOUR["ok"]) < pixels_of(rows, COLOUR["broken"])  # no tile map here
