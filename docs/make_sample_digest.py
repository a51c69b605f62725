"""Make the README's sample digest from real runs against the offline replica.

Four runs over two days (a fixed clock), Merseyside's page starts answering 404 after the first
digest; writes docs/sample-digest.txt, .html and .eml. Run: python docs/make_sample_digest.py
"""

from __future__ import annotations

import asyncio
import email.policy
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.config import load_settings  # noqa: E402
from monitor.digest_data import collect  # noqa: E402
from monitor.digest_mail import compose  # noqa: E402
from monitor.http import Fetcher  # noqa: E402
from monitor.run import run_once  # noqa: E402
from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL, Expected, Replica, ReplicaForce, behaviours, default_scenario  # noqa: E402
from monitor.store import Store  # noqa: E402

HERE = Path(__file__).resolve().parent


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=timezone.utc)


def main() -> None:
    base = load_settings()
    forces = [ReplicaForce(id=f.id, name=f.name, domain=f.domains[0]) for f in base.forces]
    scenario = default_scenario(forces)
    with Replica(scenario) as replica, tempfile.TemporaryDirectory() as tmp:
        settings = base.replace(
            source={"content_api_url": CONTENT_API_URL, "page_url": NPCC_PAGE_URL},
            http={"connect_to": replica.connect_to, "ca_bundle": replica.ca_path,
                  "retry_backoff": 0.1},
            store={"path": str(Path(tmp) / "sample.db")},
            digest={"to": ("campaigns@example.org",)},
        )

        def run(moment: datetime) -> None:
            async def go() -> None:
                async with Fetcher(settings.http) as fetcher:
                    with Store(settings.store.path) as store:
                        await run_once(settings, fetcher, store, clock=lambda: moment, trigger="schedule")
            asyncio.run(go())

        run(at(27, 1))
        run(at(27, 7))
        with Store(settings.store.path) as store:
            bookmark = store.last_event_id()
        scenario.replace("merseyside", behaviours.page("<h1>Page not found</h1>", status=404), Expected("broken"))
        run(at(28, 1))
        run(at(28, 7))
        with Store(settings.store.path) as store:
            data = collect(store, settings, now=datetime(2026, 11, 28, 7, 30, tzinfo=timezone.utc),
                           since=datetime(2026, 11, 27, 7, 30, tzinfo=timezone.utc), after_event_id=bookmark)
        message = compose(data, settings.digest)
    (HERE / "sample-digest.txt").write_text(message.get_body(("plain",)).get_content())
    (HERE / "sample-digest.html").write_text(message.get_body(("html",)).get_content())
    (HERE / "sample-digest.eml").write_bytes(message.as_bytes(policy=email.policy.SMTP))
    print(message["Subject"])


if __name__ == "__main__":
    main()
