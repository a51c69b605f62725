"""The data flows one way (DESIGN.md): each module imports only the modules below it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "monitor"

# What each module may import from the package; errors is everyone's, as in the design's table.
ALLOWED = {
    "models": set(),
    "errors": set(),
    # Crontab lines and time zones, read one way for config's checks and the scheduler's triggers.
    "crontab": set(),
    # Where the bundled default config files are (package data, or config/ in a checkout).
    "bundled": set(),
    "config": {"models", "errors", "crontab", "bundled"},
    "source": {"models", "errors"},
    # Whether a run's source is the source we know (a baseline of good runs), or a source problem.
    "source_guard": {"models"},
    "documents": {"models"},
    "fetch": {"models", "errors", "config"},
    # The report's recommendations to chief constables, the verifier's knowledge (a bundled register).
    "recommendations": {"models", "errors", "bundled"},
    # Reading HTML: main text, headings, tables as rows, canonical address. Pure.
    "pagetext": {"models"},
    # Which recommendations a text answers, and its latest update. Pure.
    "coverage": {"models", "pagetext"},
    # The browser fetcher: beside fetch, every request it makes goes through fetch's Fetcher.
    "render": {"models", "errors", "config", "fetch"},
    # Regular expressions with a literal pre-filter (generic).
    "patterns": set(),
    # What the verifier looks for: thresholds and pattern tables.
    "signals": {"pagetext", "patterns"},
    # A text read against the report: topic, recommendations, the force's own words. Pure.
    "reading": {"models", "documents", "pagetext", "patterns", "coverage", "recommendations", "signals"},
    # What a page is: the not-found probe compared, shells, indexes, the force's site and names. Pure.
    "pagekinds": {"models", "pagetext", "signals"},
    # The words a verdict is explained in. Pure.
    "wording": {"models", "coverage", "recommendations", "signals", "reading"},
    # The verdict's rules, a table of named checks. Pure.
    "rules": {"models", "documents", "pagetext", "signals", "reading", "pagekinds", "wording"},
    "verify": {"models", "documents", "pagetext", "coverage", "recommendations", "reading", "rules", "pagekinds", "wording"},
    # Runs verify's functions in worker processes; verify itself never knows.
    # Keys for work that need not be done again: what a verdict or a document's text was made from.
    "memo": {"models", "documents", "verify", "pagetext", "coverage", "recommendations", "patterns", "signals", "reading",
             "rules", "pagekinds", "wording"},
    # Verification in worker processes: plain inputs in, frozen results out; never the database.
    "workers": {"models", "documents", "verify"},
    # The not-found probe: one per host per run, shared, read once.
    "probes": {"models", "fetch", "verify", "workers"},
    # The check of one link: fetch, plan documents, probe, verify, browser; the next run's LinkState.
    # No database: document texts come through a cache it is handed.
    "checking": {"models", "documents", "fetch", "memo", "probes", "render", "verify", "workers"},
    # How many force checks at once, and in what order (one site in turn).
    "pacing": {"models", "config", "probes"},
    # One run: the source and its guard, the plan, every force checked, recorded; `execute` for cli and scheduler.
    "run": {"models", "errors", "config", "source", "source_guard", "fetch", "render", "workers", "probes",
            "checking", "pacing", "store"},
    # `verify URL|FILE`: one page checked on its own, outside any run.
    "spot_check": {"models", "errors", "config", "source", "documents", "fetch", "render", "verify", "workers",
                   "probes", "checking"},
    # History's pure rules (confirmation, link changes, short diffs): no database.
    "history_rules": {"models"},
    # The schema: the file's mark, its version, the migrations (and the history replay one uses).
    "schema": {"models", "history_rules"},
    "store": {"models", "errors", "history_rules", "schema"},
    # The one presentation layer: symbols, colours, words, times, safe links, the Jinja2 environment.
    "presentation": {"models"},
    # Text from the web made inert for terminals, logs and CSV: pure, imports nothing of ours.
    "terminal": set(),
    "report": {"models", "store", "presentation", "terminal", "recommendations"},
    # Sending to apprise channels (Teams, Slack, webhooks): only the sending; the outbox is digest's.
    "channels": {"config", "errors"},
    "digest": {"models", "store", "errors", "config", "channels", "presentation", "recommendations"},
    # The static site: reads the store, renders through report and the shared templates.
    "publish": {"models", "errors", "config", "store", "presentation", "report", "terminal", "recommendations"},
    # Pings to a dead-man's switch around each scheduled run.
    "healthcheck": {"config"},
    # The scheduler formats its log line with report's summary line; it never renders pages.
    "scheduler": {"models", "run", "digest", "config", "errors", "report", "healthcheck", "crontab"},
    "cli": None,  # anything: it sits on top
}


def package_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                # `from . import x`: a module, or the package root's own names (__version__)
                found.update(alias.name for alias in node.names if not alias.name.startswith("__"))
            elif node.module and node.module.startswith("monitor"):
                parts = node.module.split(".")
                found.add(parts[1] if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("monitor."):
                    found.add(alias.name.split(".")[1])
    return found - {"__init__"}


def test_every_module_is_in_the_table():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert modules == set(ALLOWED), "add the new module to ALLOWED with the layers it may use"


def test_imports_point_one_way():
    wrong = {}
    for name, allowed in ALLOWED.items():
        if allowed is None:
            continue
        imported = package_imports(PACKAGE / f"{name}.py") - {name}
        if imported - allowed:
            wrong[name] = sorted(imported - allowed)
    assert not wrong, f"modules reaching outside their layer: {wrong}"


def test_the_replica_uses_only_the_standard_library_and_itself():
    import sys

    stdlib = sys.stdlib_module_names
    offenders = {}
    for path in (PACKAGE / "replica").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in stdlib and not name.startswith("monitor.replica"):
                    offenders.setdefault(path.name, []).append(name)
    # certs/make_certs.py is a dev-time script (trustme) and lives in a subfolder, not scanned here.
    assert not offenders, offenders
