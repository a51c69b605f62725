"""The hostile-web table (issue 13): one bad page never spoils a run.

Each case plants hostile pages, links or documents in one or a few forces of the replica, then
runs a whole check in a fresh process (tests/hostile_run.py, the CLI's way in: store, lock,
verify workers), and asserts:
- each planted force's status and reason;
- every other force is as the replica planted it;
- the run's peak memory (its own high-water mark plus its verify worker's) is under PEAK_MB;
- the run finished within its deadline ([http] run_timeout) plus DEADLINE_SLACK, measured by the
  run itself: the bound is the deadline the run enforces, not a guess at how fast the machine is.

Budgets are CPU time (a busy machine does not eat into them), and generous against what the
normal pages take (well under 0.1 s of CPU each), so a loaded machine does not flake them.
Figures (status, peak memory, wall time) are printed per case with `-s`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL, Replica, Scenario, behaviours
from monitor.replica.scenario import split_url
from tests.faultkit import original_behaviour, relink
from tests.hostile_web import backtracking_page, heavy_docx, hostile_title_page, many_links_page

ROOT = Path(__file__).resolve().parent.parent
PEAK_MB = 250
DEADLINE_SLACK = 10.0  # seconds past run_timeout: start-up, closing the workers, writing the run
# Timeouts far above what the replica's pages take (Essex's, the slowest, answers after 1.2 s),
# because the run shares two cores with the test and whatever else the machine is doing.
HTTP = {
    "connect_timeout": 3.0,
    "read_timeout": 6.0,
    "total_timeout": 8.0,
    "run_timeout": 40.0,
    "retries": 1,
    "retry_backoff": 0.05,
    "per_host_delay": 0.0,
    "allow_networks": [],  # the guard refuses every internal address; the replica is reached by connect_to
}
VERIFY = {"workers": 1, "cpu_seconds": 3.0, "memory_mb": 128}  # the shipped memory ceiling
# Forces the replica serves plainly (no fault of its own), to plant in.
PLAIN = ("cheshire", "city-of-london", "devon-and-cornwall", "dorset", "hampshire", "merseyside",
         "north-yorkshire", "northumbria", "nottinghamshire", "thames-valley", "west-midlands")


@dataclass(frozen=True)
class Planted:
    force: str
    status: str
    reason: str  # lower-case text its reason must contain


@dataclass(frozen=True)
class Case:
    id: str
    plant: Callable[[Scenario, Sequence[str]], list[Planted]]  # plants in the first of the forces given
    http: dict = field(default_factory=dict)
    verify: dict = field(default_factory=dict)


def _rewrite(scenario: Scenario, force: str, fn: Callable[[bytes], bytes]) -> None:
    scenario.replace(force, behaviours.rewrite(original_behaviour(scenario, force), fn))


def _redirect(scenario: Scenario, force: str, location: str) -> None:
    scenario.replace(force, behaviours.redirect(location, 302))


def odd_scheme_redirects(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    planted = []
    for force, location in zip(forces, ("mailto:stalking@example.org", "tel:+441234567890", "javascript:alert(1)",
                                       "data:text/html,<h1>hi</h1>")):
        _redirect(scenario, force, location)
        scheme = location.split(":", 1)[0]
        planted.append(Planted(force, "broken", f"redirects to a {scheme}: address"))
    return planted


def ipv6_literal_links(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    cases = [
        ("http://[::1]:8080/x", "unreachable", "address guard"),
        ("https://[2001:db8::1]/response", "unreachable", "documentation prefix"),
        ("https://[::ffff:127.0.0.1]/response", "unreachable", "ipv4-mapped form of 127.0.0.1"),
        ("https://[fe80::1%25lo]/response", "broken", "not a host name we can look up"),
    ]
    for force, (url, _, _) in zip(forces, cases):
        relink(scenario, force, url)
    return [Planted(force, status, reason) for force, (_, status, reason) in zip(forces, cases)]


def bad_idna(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    relink(scenario, forces[0], "https://xn--a.police.uk/response")  # no force's domain: matched by its row
    _redirect(scenario, forces[1], "https://xn--a.example/response")
    return [Planted(forces[0], "broken", "not a valid url"), Planted(forces[1], "broken", "redirects to")]


def internal_address_forms(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    forms = ["::7f00:1", "::a9fe:a9fe", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a9fe:a9fe", "::ffff:0:a9fe:a9fe",
             "2002:7f00:1::1", "2002:a9fe:a9fe::1"]
    planted = []
    for force, form in zip(forces, forms):
        relink(scenario, force, f"http://[{form}]/latest/meta-data/")
        planted.append(Planted(force, "unreachable", "the guard refuses it"))
    for force, address in zip(forces[len(forms):], ("192.0.0.192", "168.63.129.16", "192.88.99.1", "100.100.100.200")):
        relink(scenario, force, f"http://{address}/metadata")
        planted.append(Planted(force, "unreachable", "the guard refuses it"))
    return planted


def invalid_port_link(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    url = scenario.link_for(forces[0])
    host, path = split_url(url)
    relink(scenario, forces[0], f"https://{host}:99999{path}")
    return [Planted(forces[0], "broken", "port out of range")]


def backtracking(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    _rewrite(scenario, forces[0], backtracking_page)
    return [Planted(forces[0], "blocked", "not verified: the page took longer than")]


def many_links(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    _rewrite(scenario, forces[0], many_links_page)
    return [Planted(forces[0], "blocked", "not verified: the page")]


def hostile_titles(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    _rewrite(scenario, forces[0], hostile_title_page)
    return [Planted(forces[0], "published", "")]


SLOW_FORCE = "avon-and-somerset"  # a landing page and its PDF plan: page, probe and plan, one after another


def slow_site(scenario: Scenario, forces: Sequence[str], answer: float | None = None,
              plan_answer: float | None = None) -> list[Planted]:
    """Every answer from the site is slow (its plan, a PDF, slower still when asked)."""
    answer = SLOW_ANSWER if answer is None else answer
    site = scenario.sites[split_url(scenario.link_for(SLOW_FORCE))[0]]
    for path, behaviour in list(site.routes.items()):
        slow = plan_answer if plan_answer is not None and path.lower().endswith(".pdf") else answer
        site.routes[path] = behaviours.delayed(slow, behaviour)
    site.not_found = behaviours.delayed(answer, site.not_found)
    return [Planted(SLOW_FORCE, "unreachable", "the run's deadline passed")]


# Each answer takes 6.5 s: robots.txt is given up at a quarter of the 16 s per-URL deadline (4 s),
# the page arrives at about 10.5 s, and its plan would at about 17 s: past the run's 14 s deadline,
# which comes before the page's own (which started with robots.txt). Every other force has 14 s.
SLOW_ANSWER = 6.5
SLOW_HTTP = {"read_timeout": 16.0, "total_timeout": 16.0, "run_timeout": 14.0}

CASES = [
    Case("redirect-to-odd-schemes", odd_scheme_redirects),
    Case("ipv6-literal-links", ipv6_literal_links),
    Case("bad-idna", bad_idna),
    Case("internal-address-forms", internal_address_forms),
    Case("invalid-port", invalid_port_link),
    Case("backtracking-page", backtracking),
    Case("300000-links", many_links),
    Case("hostile-title", hostile_titles),
    Case("slow-site", slow_site, http=SLOW_HTTP),
]


def run_in_child(tmp_path: Path, replica: Replica, http: dict, verify: dict) -> dict:
    """One check run in a fresh process against the replica; its figures (see hostile_run.py)."""
    lines = [
        "[source]",
        f'content_api_url = "{CONTENT_API_URL}"',
        f'page_url = "{NPCC_PAGE_URL}"',
        "[store]",
        f'path = "{(tmp_path / "monitor.db").as_posix()}"',
        "[http]",
        f'ca_bundle = "{Path(replica.ca_path).as_posix()}"',
        *(f"{key} = {json.dumps(value)}" for key, value in http.items()),
        "[http.connect_to]",
        *(f'"{key}" = "{value}"' for key, value in replica.connect_to.items()),
        "[verify]",
        *(f"{key} = {json.dumps(value)}" for key, value in verify.items()),
        "[register]",
        f'path = "{(ROOT / "config" / "forces.toml").as_posix()}"',
    ]
    config = tmp_path / "monitor.toml"
    config.write_text("\n".join(lines) + "\n")
    out = tmp_path / "run.json"
    # A hard stop far past any bound below, so a regression fails instead of hanging the suite.
    subprocess.run([sys.executable, "-m", "tests.hostile_run", str(config), str(out)], cwd=ROOT, check=True,
                   timeout=300)
    return json.loads(out.read_text())


def check_case(planted: list[Planted], scenario: Scenario, run: dict, http: dict, label: str) -> None:
    assert run["state"] == "complete"
    checks = run["checks"]
    assert len(checks) == 43
    for plant in planted:
        got = checks[plant.force]
        assert (got["status"], plant.reason in got["reason"].lower()) == (plant.status, True), (plant.force, got)
    mine = {p.force for p in planted}
    wrong = {fid: (c["status"], scenario.expected[fid].status, c["reason"][:120])
             for fid, c in checks.items() if fid not in mine and c["status"] != scenario.expected[fid].status}
    assert not wrong, f"other forces were not checked as planted: {wrong}"
    assert run["peak_mb"] < PEAK_MB, f"peak memory {run['peak_mb']:.0f} MB"
    assert run["wall"] < http["run_timeout"] + DEADLINE_SLACK, f"the run took {run['wall']:.1f} s"
    statuses = ", ".join(f"{p.force} {checks[p.force]['status']}" for p in planted)
    print(f"\n[hostile-web] {label}: {statuses}; peak {run['peak_mb']:.0f} MB "
          f"(checker {run['self_mb']:.0f} MB + worker {run['worker_mb']:.0f} MB); wall {run['wall']:.1f} s; "
          f"CPU {run['cpu']:.1f} s")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_hostile_page_stays_in_its_force(case, scenario, replica, tmp_path):
    planted = case.plant(scenario, PLAIN)
    http = {**HTTP, **case.http}
    run = run_in_child(tmp_path, replica, http, {**VERIFY, **case.verify})
    check_case(planted, scenario, run, http, case.id)
    assert not replica.errors, replica.errors


# -- plan documents (tests/hostile_documents.py) ------------------------------------------------------

from tests.hostile_documents import HOSTILE_DOCUMENTS, media_type  # noqa: E402

# Forces whose NPCC link may be pointed at a document on their own site.
DOCUMENT_FORCES = PLAIN + ("bedfordshire", "cambridgeshire", "lancashire", "northamptonshire", "south-yorkshire")


def plant_documents(scenario: Scenario, names: Sequence[str], forces: Sequence[str]) -> dict[str, str]:
    """Serve one hostile document at each force's NPCC link (a plan linked directly); force -> name."""
    planted = {}
    for force, name in zip(forces, names):
        kind, make = HOSTILE_DOCUMENTS[name]
        scenario.replace(force, behaviours.page(make(), content_type=media_type(kind)))
        planted[force] = name
    return planted


DOCX_BOMBS = ["docx-bloated-member", "docx-bloated-paragraph", "docx-many-bloated-members", "docx-lying-directory"]


def docx_bombs(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    """The issue's three DOCX variants (915 MB, 2.1 GB, 3.5 GB before) and the lying directory."""
    planted = plant_documents(scenario, DOCX_BOMBS, forces)
    return [Planted(force, "not_response", "the document cannot be read") for force in planted]


def every_hostile_document(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    """All of tests/hostile_documents.py at once, one per force: each read or refused."""
    planted = plant_documents(scenario, list(HOSTILE_DOCUMENTS), forces)
    # Two PDFs are readable, and say nothing of the super-complaint; the rest are refused.
    readable = {"pdf-cyclic-page-tree", "pdf-many-tiny-objects"}
    return [Planted(force, "not_response", "is not the stalking super-complaint response" if name in readable
                    else "the document cannot be read") for force, name in planted.items()]


def heavy_document(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    """A valid plan that passes every format check but takes more CPU to read than it may."""
    scenario.replace(forces[0], behaviours.page(heavy_docx(), content_type=media_type("docx")))
    return [Planted(forces[0], "blocked", "not verified: the plan document")]


DOCUMENT_CASES = [
    Case("docx-bombs", docx_bombs),
    Case("every-hostile-document", every_hostile_document),
    # A budget far under what the plan needs (over a second of CPU) and far over what any normal
    # page or plan of the replica takes (a few hundredths).
    Case("heavy-document-over-its-cpu-budget", heavy_document, verify={"cpu_seconds": 0.4}),
]


@pytest.mark.parametrize("case", DOCUMENT_CASES, ids=[c.id for c in DOCUMENT_CASES])
def test_a_hostile_document_stays_in_its_force(case, scenario, replica, tmp_path):
    planted = case.plant(scenario, DOCUMENT_FORCES)
    http = {**HTTP, **case.http}
    run = run_in_child(tmp_path, replica, http, {**VERIFY, **case.verify})
    check_case(planted, scenario, run, http, case.id)
    assert not replica.errors, replica.errors


# -- everything at once ----------------------------------------------------------------------------

# Links moved off the force's own site are matched to it by the row's name: plant those in PLAIN.
RELINKED = [ipv6_literal_links, bad_idna, internal_address_forms, invalid_port_link]
# The rest replace what the force's own link serves: any force the replica serves as published.
REPLACED = [odd_scheme_redirects, backtracking, many_links, hostile_titles, docx_bombs, every_hostile_document]


# One worker reads every page in turn, each hostile one up to its CPU budget, on a machine where
# a CPU second can take many of the clock's (the suite runs beside other work): a 1 s budget here
# (still ten times what a normal page takes) keeps the queue behind them short, and the other
# forces get 32 s. The slow site answers robots.txt, the page and its probe after 5 s each and its
# plan, a PDF, just inside the 30 s per-URL deadline: the plan would end at about 38 s, past the
# run's deadline, which must cut it so the run ends within total_timeout + 10 s.
ALL_AT_ONCE_SLOW = {"answer": 5.0, "plan_answer": 28.0}
ALL_AT_ONCE_HTTP = {"read_timeout": 30.0, "total_timeout": 30.0, "run_timeout": 32.0}
ALL_AT_ONCE_VERIFY = {**VERIFY, "cpu_seconds": 1.0}


def everything(scenario: Scenario, forces: Sequence[str]) -> list[Planted]:
    """Every hostile page, link and document above, each in forces of its own, and the slow site."""
    planted = slow_site(scenario, (), **ALL_AT_ONCE_SLOW)
    plain = list(PLAIN)
    # Not Essex: its page already answers 1.2 s late, and the slow case is the slow site's.
    # Nor a force whose link redirects (a rewritten page would be the redirect's body).
    others = [f.id for f in scenario.forces if scenario.expected[f.id].status == "published"
              and f.id not in PLAIN and f.id not in (SLOW_FORCE, "essex", "gloucestershire", "staffordshire")]
    for plant, pool in [*((p, plain) for p in RELINKED), *((p, others) for p in REPLACED)]:
        if not pool:
            continue
        done = plant(scenario, pool)
        planted += done
        del pool[:len(done)]
    return planted


def test_every_hostile_page_at_once(scenario, replica, tmp_path):
    """Issue 13's "done when": the whole table planted in one run: it completes, every other force
    as planted, under 250 MB, within total_timeout + 10 s (the run's deadline is what holds it)."""
    planted = everything(scenario, ())
    assert len(planted) >= 25, [p.force for p in planted]
    http = {**HTTP, **ALL_AT_ONCE_HTTP}
    run = run_in_child(tmp_path, replica, http, ALL_AT_ONCE_VERIFY)
    check_case(planted, scenario, run, http, "everything-at-once")
    assert run["wall"] < http["total_timeout"] + 10, f"the run took {run['wall']:.1f} s"


def test_verify_on_a_saved_hostile_page_stops_at_its_cpu_budget(tmp_path, scenario):
    from tests.test_cli import run_cli

    page = tmp_path / "hostile.html"
    page.write_bytes(backtracking_page(b"<html><head><title>Stalking super-complaint</title></head><body><main>"
                                       b"<h1>Our response</h1></main></body></html>"))
    config = tmp_path / "monitor.toml"
    config.write_text(f'[register]\npath = "{(ROOT / "config" / "forces.toml").as_posix()}"\n[verify]\ncpu_seconds = 1.0\n')
    result = run_cli("verify", str(page), "--config", str(config), "--json", timeout=120)
    assert result.returncode == 1, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["status"] == "blocked" and "took longer than 1 s to read" in verdict["reason"]
