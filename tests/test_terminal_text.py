"""Text from the web is inert wherever it is shown: terminals (plain and rich), the log and CSV.

A force's page title carries an OSC set-title, a CSI clear-screen, rich markup `[/x]` (which
raised MarkupError: no table, no summary) and `[link=...]` (an OSC 8 hyperlink). Shown by
`check`, `--explain` and `history`, on a terminal and through a pipe, it must come out as text.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import pty
import subprocess
import sys

import pytest

from monitor.models import Check, Status
from monitor.replica import behaviours
from monitor.store import Store
from monitor.terminal import InertFormatter, csv_cell, inert
from tests.faultkit import original_behaviour
from tests.hostile_web import hostile_title_page
from tests.test_cli import ROOT, replica_config, run_cli

FORCE = "cheshire"
# What must never reach a terminal from a page: OSC (set-title, hyperlinks), clear-screen, home,
# the 8-bit CSI, a right-to-left override.
FORBIDDEN = ("\x1b]", "\x1b[2J", "\x1b[H", "\x07", "\x9b", "\u202e")


@pytest.mark.parametrize(("raw", "shown"), [
    ("Stalking \x1b]0;owned\x07 plan", "Stalking \\x1b]0;owned\\x07 plan"),
    ("clear\x1b[2J\x1b[Hscreen", "clear\\x1b[2J\\x1b[Hscreen"),
    ("c1 \x9b31m csi", "c1 \\x9b31m csi"),
    ("bidi \u202eevil\u202c", "bidi \\u202eevil\\u202c"),
    ("tab\tand\nnewline\r", "tab\\x09and\\x0anewline\\x0d"),
    ("plain words [/x] [link=https://evil.example]x[/link]", "plain words [/x] [link=https://evil.example]x[/link]"),
    ("Ymateb i'r uwch-gŵyn – “quotes” é", "Ymateb i'r uwch-gŵyn – “quotes” é"),
])
def test_inert_shows_every_control_character_as_an_escape(raw, shown):
    assert inert(raw) == shown


def test_inert_can_keep_our_own_newlines():
    assert inert("line one\nline \x1b[2J two", keep_newlines=True) == "line one\nline \\x1b[2J two"


@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"https://evil.example\",\"x\")", "'=HYPERLINK(\"https://evil.example\",\"x\")"),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("published", "published"), ("", ""), (None, ""), ("99.5", "99.5"),
])
def test_csv_cells_that_look_like_formulas_are_neutralised(value, cell):
    assert csv_cell(value) == cell


def test_the_log_is_inert():
    record = logging.LogRecord("monitor", logging.WARNING, __file__, 1, "page %s said %s", ("https://x.example/\x1b]0;t\x07",
                               "\x1b[2J"), None)
    line = InertFormatter("%(message)s").format(record)
    assert "\x1b" not in line and "\x07" not in line
    assert line == "page https://x.example/\\x1b]0;t\\x07 said \\x1b[2J"


def test_a_csv_report_neutralises_a_formula_in_a_stored_reason(tmp_path):
    from monitor import report_json
    from monitor.config import load_settings

    settings = load_settings()
    with Store(str(tmp_path / "m.db")) as store:
        run = store.start_run("2026-11-30T06:00:00+00:00", "cli")
        check = Check(force_id="kent", status=Status.NOT_RESPONSE, reason="=HYPERLINK(\"https://evil.example\")",
                      url="https://www.kent.police.uk/x", final_url="https://www.kent.police.uk/x")
        store.record_checks(run, [(check, "2026-11-30T06:00:01+00:00")])
        store.complete_run(run, "2026-11-30T06:00:02+00:00", confirm_runs=1)
        from datetime import datetime, timezone

        overview = store.overview(datetime(2026, 11, 30, 7, tzinfo=timezone.utc), [f.id for f in settings.forces])
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(report_json.overview_to_csv(overview, settings.forces)))}
    assert rows["kent"]["reason"] == "'=HYPERLINK(\"https://evil.example\")"


def _plant_hostile_title(scenario) -> None:
    scenario.replace(FORCE, behaviours.rewrite(original_behaviour(scenario, FORCE), hostile_title_page))


def test_check_explain_through_a_pipe_prints_a_hostile_title_as_text(tmp_path, replica, scenario):
    _plant_hostile_title(scenario)
    config = replica_config(tmp_path, replica)
    result = run_cli("check", "--config", str(config), "--db", str(tmp_path / "m.db"), "--force", FORCE,
                     "--explain", FORCE)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and not any(bad in result.stdout for bad in FORBIDDEN)
    assert "\\x1b]0;owned\\x07" in result.stdout  # the title is shown, as text
    assert "[/x]" in result.stdout and "[link=https://evil.example]" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("title:") or "1/1 published" in result.stdout

    history = run_cli("history", FORCE, "--config", str(config), "--db", str(tmp_path / "m.db"))
    assert history.returncode in (0, 1), history.stderr
    assert not any(bad in history.stdout for bad in FORBIDDEN)


def test_check_on_a_terminal_prints_the_table_and_summary_despite_markup_in_a_title(tmp_path, replica, scenario):
    _plant_hostile_title(scenario)
    # The reason quotes nothing from the page, so put markup where the table does show web text:
    # the final URL's path.
    host = scenario.link_for(FORCE).split("/")[2]
    hostile_path = "/response-[/x]-[link=https:/evil.example]"
    scenario.with_route(host, hostile_path, original_behaviour(scenario, FORCE))
    scenario.replace(FORCE, behaviours.redirect(hostile_path, 302))
    config = replica_config(tmp_path, replica)
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, str(ROOT / "run_monitor.py"), "check", "--config", str(config),
                                    "--db", str(tmp_path / "m.db"), "--force", FORCE, "--explain", FORCE],
                                   cwd=ROOT, stdout=slave, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "COLUMNS": "400", "TERM": "xterm-256color"})
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        _, err = process.communicate(timeout=120)
    finally:
        os.close(master)
    text = shown.decode("utf-8", errors="replace")
    assert process.returncode == 0, err
    assert "MarkupError" not in err and "Traceback" not in err
    assert "1/1 published" in text  # the summary printed after the table
    assert "[/x]" in text  # rich printed the markup as text ...
    assert not any(bad in text for bad in FORBIDDEN)  # ... and no hyperlink, no title, no clear-screen
