"""The command line for verification: `verify`, `check/demo --explain`, and register overrides.

Most tests call cli.main in this process (the replica runs in a thread) to keep the suite fast;
exit codes and one-line errors are also checked through a real process.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from monitor.cli import main
from monitor.config import DEFAULT_CONFIG
from monitor.replica.content import plan_blocks
from monitor.replica.default import TEMPLATE_FOR
from monitor.replica.pdf import make_pdf
from monitor.replica.scenario import ReplicaForce
from monitor.replica.sites import SOH
from tests.test_cli import replica_config, run_cli
from tests.test_documents import make_docx

CORPUS = Path(__file__).resolve().parent / "corpus"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- verify ------------------------------------------------------------------------------------------


def test_verify_url_json_has_status_score_reason_and_evidence(tmp_path, replica, scenario, capsys):
    config = replica_config(tmp_path, replica)
    code, out, _ = cli(capsys, "verify", scenario.link_for("merseyside"), "--config", str(config), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "published" and data["score"] > 5
    assert data["reason"].startswith("the page is the stalking super-complaint response")
    assert data["force"] == "merseyside"  # from the URL's domain
    evidence = data["evidence"]
    assert evidence["title"] and "super-complaint" in evidence["matched"] and evidence["themes"]
    assert evidence["probe"]["http_status"] == 404


def test_verify_url_follows_the_plan_document_and_explains(tmp_path, replica, scenario, capsys):
    config = replica_config(tmp_path, replica)
    code, out, _ = cli(capsys, "verify", scenario.link_for("lincolnshire"), "--config", str(config))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{scenario.link_for('lincolnshire')}: broken"
    assert lines[1].startswith("  reason: the plan document is dead: https://www.lincs.police.uk/")
    assert "  force: Lincolnshire Police (lincolnshire)" in lines
    assert any(line.startswith("  document https://www.lincs.police.uk/") and "broken: HTTP 404" in line for line in lines)
    assert any(line.startswith("  not-found probe: https://www.lincs.police.uk/force-monitor-probe-") for line in lines)


def test_verify_saved_files(tmp_path, capsys):
    """Saved pages and documents need no network: PDF, DOCX and HTML, as people save them."""
    plan = plan_blocks(ReplicaForce(id="dorset", name="Dorset Police", domain="dorset.police.uk"))
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(make_pdf(plan, title="Dorset Police stalking super-complaint action plan"))
    docx = tmp_path / "plan.docx"
    docx.write_bytes(make_docx([text for _, text in plan]))
    code, out, _ = cli(capsys, "verify", str(pdf), "--json")
    assert code == 0 and json.loads(out)["evidence"]["document_kind"] == "pdf"
    code, out, _ = cli(capsys, "verify", str(docx), "--force", "dorset")
    assert code == 0 and out.startswith(f"{docx}: published\n  reason: the document (Word document (DOCX)) is")
    assert "  force: Dorset Police (dorset)" in out
    code, out, _ = cli(capsys, "verify", str(CORPUS / "negative/kent-modern-slavery-super-complaint.html"))
    assert code == 1 and "about the modern slavery super-complaint" in out
    assert "  main heading: Modern slavery super-complaint: our response" in out


def test_verify_missing_file_is_one_clear_line_and_exit_2(tmp_path):
    missing = tmp_path / "no-such-page.html"
    result = run_cli("verify", str(missing))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and f"{missing}: no such file" in result.stderr


def test_verify_refuses_other_url_schemes(capsys):
    code, out, err = cli(capsys, "verify", "ftp://www.kent.police.uk/plan.pdf")
    assert code == 2 and out == ""
    assert err == "error: ftp://www.kent.police.uk/plan.pdf: only http(s) URLs are fetched. Save the page and pass the file instead\n"


# -- --explain ---------------------------------------------------------------------------------------


def test_demo_explain_shows_the_document_followed_and_the_probe(capsys):
    code, out, _ = cli(capsys, "demo", "--force", "lincolnshire", "--explain", "lincolnshire")
    assert code == 1
    explained = out.split("\n\nLincolnshire Police (lincolnshire): broken\n", 1)[1]
    for expected in ("  reason: the plan document is dead: ", "  title: ", "  main heading: ", "  matched: super-complaint",
                     "  decided by rule: plan document dead", "  document https://www.lincs.police.uk/", "  not-found probe: "):
        assert expected in explained, expected


def test_check_explain_a_soft_404_quotes_the_page_and_the_probe(tmp_path, replica, capsys):
    config = replica_config(tmp_path, replica)
    code, out, _ = cli(capsys, "check", "--config", str(config), "--db", str(tmp_path / "m.db"),
                       "--force", "derbyshire", "--explain", "derbyshire")
    assert code == 1
    assert "  reason: the page answers 200 but says 'Sorry, we can't find that page'; it is the page the site serves" in out
    assert "  not-found wording: Sorry, we can't find that page" in out
    assert re.search(r"  not-found probe: \S+ -> the host answers 200 for a path that cannot exist; this page is 100% similar", out)


# -- overrides ---------------------------------------------------------------------------------------


def test_an_override_is_checked_and_said_so_everywhere(tmp_path, replica, scenario, capsys):
    force = scenario.force("wiltshire")
    url = f"https://www.{force.domain}{TEMPLATE_FOR.get('wiltshire', SOH).response_path(force)}"
    register = (DEFAULT_CONFIG.parent / "forces.toml").read_text(encoding="utf-8")
    register, count = re.subn(r'(id = "wiltshire"\n)', rf'\1override_url = "{url}"\nnote = "published on its own site; NPCC has no link"\n', register)
    assert count == 1
    (tmp_path / "forces.toml").write_text(register, encoding="utf-8")
    config = replica_config(tmp_path, replica).read_text().replace(
        f'path = "{(DEFAULT_CONFIG.parent / "forces.toml").as_posix()}"', 'path = "forces.toml"')
    (tmp_path / "monitor.toml").write_text(config)
    args = ("check", "--config", str(tmp_path / "monitor.toml"), "--db", str(tmp_path / "m.db"), "--force", "wiltshire")

    code, out, _ = cli(capsys, *args, "--json")
    assert code == 0
    [row] = json.loads(out)["forces"]
    assert row["status"] == "published" and row["url"] == url
    assert row["used_override"] is True and row["override_note"] == "published on its own site; NPCC has no link"

    code, out, _ = cli(capsys, *args, "--explain", "wiltshire")
    table_row = next(line for line in out.splitlines() if line.startswith("Wiltshire Police"))
    assert "published" in table_row and "[override]" in table_row
    assert ("  override: the NPCC response has no link for this force, so the register's override_url was checked "
            "(published on its own site; NPCC has no link)") in out
