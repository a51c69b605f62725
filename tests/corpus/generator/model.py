"""The page record shared by the positive and negative page lists."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

from .chrome import Force

Body = Callable[[random.Random, Force], str]
Doc = Callable[[random.Random, Force], str]


@dataclass
class Page:
    file: str  # relative to tests/corpus/
    expected: str  # published | not_response | soft_404 | broken
    force: str  # force id
    category: str
    note: str
    url: str  # final URL the page was served at
    title: str
    body: Body | None  # None: `raw` renders the whole document (JS shells, login pages)
    template: str = "soh"
    heading: str | None = None
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    lang: str = "en"
    requested_url: str | None = None
    http_status: int = 200
    documents: dict[str, Doc] = field(default_factory=dict)  # file -> extracted text builder
    missing_documents: list[str] = field(default_factory=list)  # document URLs that answered 404
    updated: str | None = None
    raw: Callable[[random.Random, Force], str] | None = None
    site_name: str | None = None  # chrome for a site that is not the force's own (a PCC's)
    site_domain: str | None = None
