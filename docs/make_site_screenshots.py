"""Make the README's screenshots of the published site from real runs against the offline replica.

Ten daily runs (a fixed clock) of the bundled replica with its planted faults; Merseyside's page
starts answering 404 on the seventh day. Then `publish` writes the site and headless Chromium
(Debian's package) photographs its index and Merseyside's page at desktop and phone widths into
docs/site-*.png. Run: python docs/make_site_screenshots.py

tests/test_site_browser.py uses `screenshot` from here on the site its own tests publish.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
DESKTOP = (1280, 1500)
PHONE = (390, 1500)
# Chromium as root needs --no-sandbox; the rest keep a headless run quiet and self-contained.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio")


def chromium() -> str | None:
    """The browser to use: $CHROMIUM, or Debian's chromium on PATH."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(page: Path, out: Path, size: tuple[int, int], *, scale: float = 1.0, browser: str | None = None,
               timeout: float = 120) -> Path:
    """Render a local HTML file in headless Chromium at `size` (width, height, CSS pixels) into a
    PNG; `scale` is the device pixel ratio (0.5: a picture half as wide, quicker to read back)."""
    exe = browser or chromium()
    if exe is None:
        raise RuntimeError("chromium not found: apt-get install -y chromium (or set CHROMIUM)")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        result = subprocess.run(
            [exe, *FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
             f"--force-device-scale-factor={scale}", f"--screenshot={out}", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not out.exists():
        raise RuntimeError(f"chromium wrote no screenshot (exit {result.returncode}): {result.stderr[-500:]}")
    return out


def main() -> None:
    from monitor import publish
    from monitor.config import load_settings
    from monitor.http import Fetcher
    from monitor.run import run_once
    from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL, Expected, Replica, ReplicaForce, behaviours, default_scenario
    from monitor.store import Store

    base = load_settings()
    forces = [ReplicaForce(id=f.id, name=f.name, domain=f.domains[0]) for f in base.forces]
    scenario = default_scenario(forces)
    start = datetime(2026, 11, 18, 6, 0, tzinfo=timezone.utc)
    with Replica(scenario) as replica, tempfile.TemporaryDirectory() as tmp:
        settings = base.replace(
            source={"content_api_url": CONTENT_API_URL, "page_url": NPCC_PAGE_URL},
            http={"connect_to": replica.connect_to, "ca_bundle": replica.ca_path, "retry_backoff": 0.1},
            store={"path": str(Path(tmp) / "sample.db")},
        )

        def run(moment: datetime) -> None:
            async def go() -> None:
                async with Fetcher(settings.http) as fetcher:
                    with Store(settings.store.path) as store:
                        await run_once(settings, fetcher, store, clock=lambda: moment, trigger="schedule")
            asyncio.run(go())

        for day in range(10):
            if day == 6:
                scenario.replace("merseyside", behaviours.page("<h1>Page not found</h1>", status=404), Expected("broken"))
            run(start + timedelta(days=day))
        site = Path(tmp) / "site"
        with Store(settings.store.path) as store:
            files = publish.build(store, settings, start + timedelta(days=9, hours=2))
        publish.write(site, files)
        for name, page in (("index", site / "index.html"), ("force", site / "forces" / "merseyside.html")):
            for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
                out = screenshot(page, HERE / f"site-{name}-{label}.png", size)
                print(out.relative_to(HERE.parent))


if __name__ == "__main__":
    main()
