"""Malformed links in the source and in redirects (issue 18, Why 5; issue 13, item 1).

- A source link with an impossible port is still the force's link: the force's link is broken,
  never "not linked" (missing).
- IPv6 literals, zone ids, bad IDNA and percent-encoded hosts never raise: they are the force's
  broken or refused link, and no "Task exception was never retrieved" is left behind.
- robots.txt is never asked for (nor its host looked up) for a URL the page fetch refuses.
"""

from __future__ import annotations

import asyncio
import json
import socket

import pytest

from monitor.config import DEFAULT_CONFIG, load_forces
from monitor.http import Fetcher, unfetchable
from monitor.models import ErrorKind
from monitor.source import extract_links, reconcile
from tests.faultkit import relink
from tests.test_cli import replica_config, run_cli

FORCES = load_forces(DEFAULT_CONFIG.parent / "forces.toml")
ROW = '<table><tr><th scope="row">{name}</th><td><a href="{href}">Read the response</a></td></tr></table>'


@pytest.mark.parametrize(("href", "kept", "fetchable"), [
    ("https://www.kent.police.uk:99999/stalking-response", "https://www.kent.police.uk:99999/", False),
    ("https://[::1]:8080/stalking-response", "https://[::1]:8080/", True),  # the guard refuses it, later
    ("https://[fe80::1%25lo]/stalking-response", "https://[fe80::1%25lo]/", False),
    ("https://xn--a.police.uk/stalking-response", "https://xn--a.police.uk/", False),
])
def test_a_malformed_source_link_stays_the_forces_link(href, kept, fetchable):
    links = extract_links(ROW.format(name="Kent Police", href=href), "https://www.gov.uk/x")
    reconciliation = reconcile(links, FORCES)
    assert "kent" in reconciliation.links_by_force, (links, reconciliation.unmatched)
    assert "kent" not in reconciliation.not_linked
    url = reconciliation.links_by_force["kent"][0].url
    assert url.startswith(kept)
    assert (unfetchable(url) is None) is fetchable


@pytest.mark.parametrize(("url", "why"), [
    ("https://www.kent.police.uk:99999/x", "port out of range"),
    ("https://[fe80::1%25lo]/x", "not a host name we can look up"),
    ("https://www.kent.police.uk%2f.evil.example/x", "not a host name we can look up"),
    ("https://xn--a.police.uk/x", "not a valid url"),
    ("mailto:someone@example.org", "a mailto: address"),
    ("data:text/html,hello", "a data: address"),
    ("javascript:alert(1)", "a javascript: address"),
    ("ftp://www.kent.police.uk/plan.pdf", "a ftp: address"),
    ("https://www.kent.police.uk/fine", None),
    ("https://[2a00:1450:4009:81f::200e]/fine", None),
])
def test_unfetchable_names_why(url, why):
    found = unfetchable(url)
    assert (found is None) if why is None else (why in (found or "").lower()), found


def test_robots_txt_is_never_looked_up_for_a_url_the_page_fetch_refuses(settings, monkeypatch, replica):
    asked: list[str] = []
    real = socket.getaddrinfo

    def recording(host, *args, **kwargs):
        asked.append(host.decode() if isinstance(host, bytes) else host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recording)
    url = "https://www.cheshire.police.uk%2f.evil.example/stalking"

    async def go():
        async with Fetcher(settings.http) as fetcher:
            allowed = await fetcher.allowed_by_robots(url)
            return allowed, await fetcher.fetch(url, respect_robots=True)

    allowed, result = asyncio.run(go())
    assert allowed is True  # nothing asked: the page fetch refuses the URL itself
    assert result.error_kind is ErrorKind.BAD_URL and "not a host name we can look up" in result.error
    assert asked == []
    assert not replica.access_log


def test_malformed_links_in_a_run_leave_no_unretrieved_task_exception(tmp_path, replica, scenario):
    relink(scenario, "cheshire", "https://xn--a.police.uk/response")
    relink(scenario, "dorset", "https://[fe80::1%25lo]/response")
    host = scenario.link_for("hampshire").split("/")[2]
    relink(scenario, "hampshire", f"https://{host}:99999/response")
    config = replica_config(tmp_path, replica)
    result = run_cli("check", "--config", str(config), "--db", str(tmp_path / "m.db"), "--json")
    assert result.returncode == 1, result.stderr
    assert "Task exception was never retrieved" not in result.stderr
    assert "Traceback" not in result.stderr
    forces = {f["id"]: f for f in json.loads(result.stdout)["forces"]}
    assert {fid: forces[fid]["status"] for fid in ("cheshire", "dorset", "hampshire")} == {
        "cheshire": "broken", "dorset": "broken", "hampshire": "broken"}
    assert "port out of range" in forces["hampshire"]["reason"].lower()
