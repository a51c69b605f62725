"""`publish DIR`: a static site any host can serve (GitHub Pages, a bucket, nginx).

What it holds: index.html (the headline, the problems first, a tile map of the forces), one page
per force (forces/ID.html), open data (status.json, status.csv, events.csv, daily.csv, each with
its licence and the time it was generated), Atom feeds of confirmed changes (feed.atom, and
forces/ID.atom for each force) and a shields.io endpoint badge (badge.json).

`build` reads the store and renders every file in memory through the shared templates
(presentation.py); `write` replaces the whole folder at once, so a web server never serves a mix
of two versions, and refuses a folder the monitor did not write.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import __version__
from .config import Settings
from .errors import MonitorError
from .history_models import ContentChange
from .models import Event, utc_iso
from .presentation import environment, force_row, local_time
from .report_html import status_page
from .report_json import overview_to_csv, overview_to_dict
from .report_words import overview_counts
from .store import Store
from .terminal import csv_cell

# Written into every site, so `publish` knows a folder is one it may replace.
MARKER = ".force-monitor-site"
# Atom entry ids: tag URIs (RFC 4151), stable whatever host the site moves to.
TAG = "tag:force-response-monitor,2024:"
FEED_ENTRIES = 100
HISTORY_DAYS = 90

EVENT_HEADERS = ("id", "force_id", "name", "from_status", "to_status", "at", "confirmed_at", "run_id", "reason")
DAILY_HEADERS = ("force_id", "name", "day", "published", "missing", "broken", "blocked", "checks")


def build(store: Store, settings: Settings, now: datetime) -> dict[str, bytes]:
    """Every file of the site, by its path relative to the site's folder."""
    forces = settings.forces
    ids = [f.id for f in forces]
    zone = ZoneInfo(settings.publish.timezone)
    generated = utc_iso(now)
    overview = store.overview(now, ids)
    rows = [force_row(state, forces, overview) for state in overview.states]
    html = environment(html=True, zone=zone, now=now)
    files: dict[str, str | bytes] = {
        "index.html": status_page(overview, forces, zone=settings.publish.timezone, site=True,
                                  licence=settings.publish.licence),
    }

    latest = store.latest_checks(ids)
    register = _recommendations()
    names = {f.id: f.name for f in forces}
    for row in rows:
        history = store.force_history(row.id, now, days=HISTORY_DAYS)
        check = latest.get(row.id)
        evidence = check.evidence if check is not None else {}
        files[f"forces/{row.id}.html"] = html.get_template("force.html.j2").render(
            r=row, version=__version__, generated_at=generated, days=HISTORY_DAYS,
            warnings=list(check.warnings) if check is not None else [],
            first_published=history.state.first_published,
            coverage=coverage_items(evidence, register), latest_update=evidence.get("latest_update"),
            events=history.events, content_changes=history.content_changes, link_changes=history.link_changes,
        )

    events = store.events()
    content = store.content_changes(diff_lines=12)
    files["feed.atom"] = atom_feed(
        settings, zone, generated, events, content, names, title="Stalking super-complaint responses: confirmed changes",
        feed_path="feed.atom", page_path="index.html", force_prefix="forces/")
    for force in forces:
        files[f"forces/{force.id}.atom"] = atom_feed(
            settings, zone, generated, [e for e in events if e.force_id == force.id],
            [c for c in content if c.force_id == force.id], names,
            title=f"{force.name}: confirmed changes", feed_path=f"forces/{force.id}.atom",
            page_path=f"forces/{force.id}.html", force_prefix="")

    licence = settings.publish.licence
    status = overview_to_dict(overview, forces)
    status = {"format": status["format"], "licence": licence, **status}
    files["status.json"] = json.dumps(status, indent=2, ensure_ascii=False) + "\n"
    head = _csv_head(licence, generated)
    files["status.csv"] = head + overview_to_csv(overview, forces)
    files["events.csv"] = head + _csv(EVENT_HEADERS, (
        (e.id, e.force_id, names.get(e.force_id, e.force_id), e.from_status.value if e.from_status else "",
         e.to_status.value, e.at, e.confirmed_at, e.run_id, csv_cell(e.reason)) for e in events))
    files["daily.csv"] = head + _csv(DAILY_HEADERS, (
        (d["force_id"], names.get(d["force_id"], d["force_id"]), d["day"], d["published"], d["missing"],
         d["broken"], d["blocked"], d["total"]) for d in store.daily_counts()))
    files["badge.json"] = json.dumps(badge(overview_counts(overview), len(overview.states))) + "\n"
    files[MARKER] = f"Written by force-response-monitor {__version__} `publish`; replaced whole on each publish.\n"
    return {path: value.encode("utf-8") if isinstance(value, str) else value for path, value in files.items()}


def coverage_items(evidence: dict[str, Any], register: dict[str, Any]) -> list[dict[str, Any]]:
    """The verdict's coverage evidence as the force page lists it: each recommendation with its
    label ('Recommendation 7' or its title), the response's words and where they were found."""
    items = evidence.get("coverage")
    if not isinstance(items, list):
        return []
    shown = []
    for item in items:
        if not isinstance(item, dict):
            continue
        rec_id = str(item.get("recommendation") or "")
        known = register.get(rec_id)
        number = item.get("number", getattr(known, "number", None))
        title = item.get("title") or getattr(known, "title", None) or rec_id
        shown.append({"label": f"Recommendation {number}" if number is not None else title, "title": title,
                      "quote": item.get("quote") or "", "where": item.get("where") or ""})
    return shown


def _recommendations() -> dict[str, Any]:
    """The recommendations register by id, when this release has one (titles for coverage)."""
    try:
        from . import recommendations
    except ImportError:
        return {}
    try:
        return {r.id: r for r in recommendations.bundled()}
    except (MonitorError, OSError, AttributeError):
        return {}


def badge(counts: dict[str, int], total: int) -> dict[str, Any]:
    """A shields.io endpoint badge: '39/43 published', green only when every force is."""
    published = counts.get("published", 0)
    broken = counts.get("broken", 0) + counts.get("soft_404", 0) + counts.get("unreachable", 0)
    colour = "brightgreen" if total and published == total else "red" if broken else "orange"
    return {"schemaVersion": 1, "label": "stalking responses", "message": f"{published}/{total} published",
            "color": colour}


def atom_feed(settings: Settings, zone: ZoneInfo, generated: str, events: Sequence[Event],
              content: Sequence[ContentChange], names: dict[str, str], *, title: str, feed_path: str,
              page_path: str, force_prefix: str) -> str:
    """An Atom feed of confirmed changes and changes of a response's text, newest first."""
    base = settings.publish.base_url
    if base and not base.endswith("/"):
        base += "/"

    def page(force_id: str) -> str:
        return f"{base}forces/{force_id}.html" if base else f"{force_prefix}{force_id}.html"

    entries = []
    for e in events:
        name = names.get(e.force_id, e.force_id)
        was = f" (was {e.from_status.label})" if e.from_status else " (first confirmed state)"
        entries.append({
            "id": f"{TAG}event-{e.id}", "updated": e.confirmed_at, "published": e.at,
            "title": f"{name}: {e.to_status.label}{was}", "link": page(e.force_id),
            "summary": f"{name}: {e.to_status.label} since {local_time(e.at, zone)}{was}; confirmed "
                       f"{local_time(e.confirmed_at, zone)}." + (f" {e.reason}" if e.reason else ""),
        })
    for c in content:
        if c.first:
            continue
        name = names.get(c.force_id, c.force_id)
        entries.append({
            "id": f"{TAG}content-{c.id}", "updated": c.at, "published": c.at,
            "title": f"{name}: the response's text changed", "link": page(c.force_id),
            "summary": "\n".join(c.diff) if c.diff else "The verified text changed (no diff: the earlier text was not kept).",
        })
    entries.sort(key=lambda entry: entry["updated"], reverse=True)
    entries = entries[:FEED_ENTRIES]
    env = environment(html=True, zone=zone)
    return env.get_template("feed.atom.j2").render(
        feed_id=f"{TAG}{feed_path}", title=title, version=__version__,
        updated=entries[0]["updated"] if entries else generated, entries=entries,
        self_url=f"{base}{feed_path}" if base else None, alternate_url=f"{base}{page_path}" if base else None,
    )


def _csv_head(licence: str, generated: str) -> str:
    # One comment line, then the header: tools skip it with skiprows=1 (pandas) or skip = 1 (R).
    return f"# {licence}. Generated {generated} by force-response-monitor {__version__}.\n"


def _csv(headers: Sequence[str], rows: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


# -- writing the folder at once ----------------------------------------------------------------


def write(directory: Path, files: dict[str, bytes]) -> None:
    """Replace `directory` with exactly these files, at once.

    The new site is written beside it, then swapped in with one atomic exchange of the two
    folders (Linux renameat2); elsewhere with two renames, a gap of microseconds. A folder that
    exists, is not empty and was not written by `publish` is refused: never delete someone's files.
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise MonitorError(f"{directory}: not a folder", hint="Pass the folder the site should be written to")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise MonitorError(f"{directory}: has files that `publish` did not write; refusing to replace them",
                           hint="Publish into a new or empty folder (it is replaced whole on each publish)")
    parent = directory.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{directory.name}.new-"))
    except OSError as exc:
        raise MonitorError(f"{directory}: cannot write the site ({exc.strerror})",
                           hint="Check the folder's path and permissions") from exc
    try:
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            os.chmod(path, 0o644)
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)
        if not directory.exists():
            os.rename(staging, directory)
            return
        if not _exchange(staging, directory):
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{directory.name}.old-"))
            os.rename(directory, old / "site")
            os.rename(staging, directory)
            staging = old
        shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise MonitorError(f"{directory}: cannot write the site ({exc.strerror})",
                           hint="Check the folder's path, permissions and free space") from exc


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (renameat2 RENAME_EXCHANGE); False where that is not offered."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
