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
    # The settings' frozen dataclasses, one a section of monitor.toml.
    "settings": {"models", "errors"},
    # What each field must be: the checks config runs at load.
    "config_rules": {"errors", "crontab", "settings"},
    "config": {"models", "errors", "bundled", "settings", "config_rules"},
    "source": {"models", "errors"},
    # Whether a run's source is the source we know (a baseline of good runs), or a source problem.
    "source_guard": {"models"},
    # Plan documents: the kind of a file and its text; the readers of each format below it.
    "office_text": {"errors"},
    "pdf_text": {"errors"},
    "documents": {"models", "errors", "office_text", "pdf_text"},
    # Pure text sniffing and decoding of bodies: apart from HTTP, for the spot check and documents too.
    "decoding": set(),
    # The one package that talks HTTP. Outside it only its entry point, `http` (its __init__), is
    # imported; inside, the modules below point one way too, the Fetcher on top.
    "http": {"http.fetcher", "http.guard"},
    "http.network": set(),
    "http.guard": {"http.network"},
    "http.politeness": set(),
    "http.body": {"models"},
    "http.budget": {"models"},
    "http.errors": {"models", "http.guard"},
    "http.tls": {"config"},
    "http.proxies": {"config"},
    "http.transport": {"config", "http.guard", "http.network", "http.proxies", "http.tls"},
    "http.robots": {"models", "http.budget", "http.guard", "http.politeness"},
    "http.fetcher": {"models", "config", "decoding", "http.body", "http.budget", "http.errors", "http.guard",
                     "http.politeness", "http.robots", "http.tls", "http.transport"},
    # The source's Content API read, started at the process's start beside the imports (cli).
    "early_source": {"models", "config", "http"},
    # The report's recommendations to chief constables, the verifier's knowledge (a bundled register).
    "recommendations": {"models", "errors", "bundled"},
    # Reading HTML: main text, headings, tables as rows, canonical address. Pure.
    "pagetext": {"models"},
    # Which recommendations a text answers, and its latest update. Pure.
    "coverage": {"models", "pagetext", "patterns"},
    # The browser fetcher: beside http, every request it makes goes through http's Fetcher.
    # One page in the browser: its routes through the fetcher, its budget, its memory watchdog.
    "render_page": {"models", "config", "http"},
    "render": {"models", "errors", "config", "http", "render_page"},
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
             "rules", "pagekinds", "wording", "decoding"},
    # Verification in worker processes: plain inputs in, frozen results out; never the database.
    "workers": {"models", "documents", "verify"},
    # The not-found probe: one per host per run, shared, read once.
    "probes": {"models", "http", "verify", "workers", "memo"},  # memo: the probe's share of a key, once a host
    # The check of one link: fetch, plan documents, probe, verify, browser; the next run's LinkState.
    # No database: document texts come through a cache it is handed.
    "checking": {"models", "documents", "http", "memo", "probes", "render", "verify", "workers"},
    # How many force checks at once, and in what order (one site in turn).
    "pacing": {"models", "config", "probes"},
    # One run: the source and its guard, the plan, every force checked, recorded; `execute` for cli and scheduler.
    "run": {"models", "errors", "config", "source", "source_guard", "http", "early_source", "render", "workers",
            "probes", "checking", "pacing", "store"},
    # `verify URL|FILE`: one page checked on its own, outside any run.
    "spot_check": {"models", "errors", "config", "source", "documents", "decoding", "http", "render", "verify",
                   "workers", "probes", "checking"},
    # What the store's history queries return: frozen data over models'.
    "history_models": {"models"},
    # History's pure rules (confirmation, link changes, short diffs): no database.
    "history_rules": {"history_models", "models"},
    # The schema: the file's mark, its version, the migrations (and the history replay one uses).
    "schema": {"history_models", "models", "history_rules"},
    # The digest outbox: stored before sending, marked sent after; its own row type. The store holds one.
    "outbox": {"errors"},
    # The store's parts: one run at a time, the history queries, the source's snapshots.
    "run_lock": {"errors"},
    "store_history": {"models", "errors", "history_models", "history_rules", "schema"},
    "store_source": {"models"},
    "store": {"models", "errors", "history_models", "history_rules", "schema", "outbox", "run_lock", "store_history",
              "store_source"},
    # The one presentation layer: symbols, colours, words, times, safe links, the Jinja2 environment.
    "presentation": {"history_models", "models"},
    # Text from the web made inert for terminals, logs and CSV: pure, imports nothing of ours.
    "terminal": set(),
    # The report, one module a format: the words they share, data (JSON, CSV), terminal text, the
    # HTML status page, a verdict explained, and one run's result.
    "report_words": {"history_models", "models", "presentation"},
    "report_json": {"history_models", "models", "presentation", "terminal", "recommendations", "report_words"},
    "report_text": {"history_models", "models", "presentation", "recommendations", "report_words"},
    "report_html": {"history_models", "models", "presentation", "recommendations", "report_text"},
    "explain": {"models", "report_json"},
    "report": {"models", "explain", "report_json"},
    # Sending to apprise channels (Teams, Slack, webhooks): only the sending; the outbox is digest's.
    "channels": {"config", "errors"},
    # The digest: what it says (grouped once from the store), the message (text, HTML, SMTP), and
    # delivery through the outbox to every channel.
    "digest_data": {"history_models", "models", "store", "config", "presentation", "recommendations"},
    "digest_mail": {"models", "errors", "config", "presentation", "digest_data"},
    "digest": {"models", "store", "outbox", "errors", "config", "channels", "digest_data", "digest_mail"},
    # The static site: reads the store, renders through report and the shared templates.
    "publish": {"history_models", "models", "errors", "config", "store", "presentation", "report_words", "report_json", "report_html",
                "terminal", "recommendations"},
    # Pings to a dead-man's switch around each scheduled run.
    "healthcheck": {"config"},
    # The scheduler formats its log line with report's summary line; it never renders pages.
    "scheduler": {"models", "run", "digest", "config", "errors", "report", "healthcheck", "crontab"},
    "cli": None,  # anything: it sits on top
    # The commands, grouped by what they do, and what they share: on top with cli.
    "cli_common": None,
    "cli_check": None,
    "cli_history": None,
    "cli_delivery": None,
}


# Subpackages whose modules are layers of their own ("http.guard"); the rest of monitor is flat.
SUBPACKAGES = {"http"}


def layer(parts: list[str]) -> str:
    """The layer a module path inside monitor belongs to: ["http", "guard"] -> "http.guard"."""
    if not parts:
        return "__init__"
    if parts[0] in SUBPACKAGES:
        return ".".join(parts[:2])
    return parts[0]


def module_path(name: str) -> Path:
    path = PACKAGE.joinpath(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def package_imports(path: Path) -> set[str]:
    here = list(path.relative_to(PACKAGE).parent.parts)  # the importing module's package, in monitor
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else list(here)
                if node.module:
                    found.add(layer(base + node.module.split(".")))
                else:
                    # `from . import x`: a module, or the package root's own names (__version__)
                    found.update(layer(base + [alias.name]) for alias in node.names if not alias.name.startswith("__"))
            elif node.module and node.module.startswith("monitor"):
                found.add(layer(node.module.split(".")[1:]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("monitor."):
                    found.add(layer(alias.name.split(".")[1:]))
    return found - {"__init__"}


def test_every_module_is_in_the_table():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    for package in SUBPACKAGES:
        modules |= {package} | {f"{package}.{p.stem}" for p in (PACKAGE / package).glob("*.py")} - {f"{package}.__init__"}
    assert modules == set(ALLOWED), "add the new module to ALLOWED with the layers it may use"


def test_only_the_entry_point_of_a_subpackage_is_imported_from_outside():
    reaching_in = {}
    for name in ALLOWED:
        inside = name.split(".")[0] if name.split(".")[0] in SUBPACKAGES else None
        imported = package_imports(module_path(name))
        deep = {i for i in imported if "." in i and i.split(".")[0] != inside}
        if deep:
            reaching_in[name] = sorted(deep)
    assert not reaching_in, f"import the subpackage's entry point, not its modules: {reaching_in}"


def test_imports_point_one_way():
    wrong = {}
    for name, allowed in ALLOWED.items():
        if allowed is None:
            continue
        imported = package_imports(module_path(name)) - {name}
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
