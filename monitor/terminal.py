"""Text from the web made inert for terminals, logs and spreadsheets: the one place that does it.

A page's title, headings, link texts and URLs, and reasons that quote them, reach a person's
terminal through `check`, `--explain`, `history`, `status` and the log. Written raw, an OSC or
CSI sequence in a title sets the window title, clears the screen or prints a hyperlink; through
rich, `[/x]` raised MarkupError (the table and the summary never printed) and `[link=...]` made an
OSC 8 hyperlink. So:

- `inert(text)`: every control character (C0 but the newline where asked, DEL, C1) and every
  invisible reordering mark (bidi overrides and isolates, which make text display other than it
  reads) is shown as an escape (`\\x1b`, `\\u202e`), never sent to the terminal;
- `cell(text)`: a rich Text of the inert text: rich never reads markup in it;
- `csv_cell(value)`: a spreadsheet never runs a cell that starts with = + - @ (or a tab or
  carriage return): such a cell is prefixed with an apostrophe, as OWASP advises;
- `InertFormatter`: a logging formatter whose every line is inert.

HTML (Jinja2 autoescape) and email (the same templates) escape on their own.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# C0 controls, DEL and C1 controls; the bidi embeddings, overrides and isolates, the directional
# marks and the Arabic letter mark; line and paragraph separators (which some terminals honour).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEP_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def inert(text: Any, *, keep_newlines: bool = False) -> str:
    """`text` as a string with nothing a terminal would act on: control characters and bidi
    marks shown as escapes. Newlines stay when asked (our own multi-line output)."""
    value = text if isinstance(text, str) else str(text)
    return (_UNSAFE_KEEP_NEWLINE if keep_newlines else _UNSAFE).sub(_escape, value)


def cell(text: Any, style: str = "") -> Any:
    """A rich Text of the inert text, so rich never reads markup in it."""
    from rich.text import Text

    return Text(inert(text), style=style)


def csv_cell(value: Any) -> str:
    """A CSV cell no spreadsheet reads as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class InertFormatter(logging.Formatter):
    """Every log line inert: a URL or a page's words in a message cannot drive the terminal or a
    log viewer. Newlines stay (tracebacks)."""

    def format(self, record: logging.LogRecord) -> str:
        return inert(super().format(record), keep_newlines=True)
