"""Plan document texts kept between runs (store table document_texts, schema v4).

A plan that has not changed is not read again. Shown on the wire-level outcome, not inferred: a
kept text is edited in the database, and the next run's verdict follows the edited text, which
it could only do if it used the kept one instead of reading the PDF.
"""

from __future__ import annotations

import zlib

from monitor.memo import extractor_id
from monitor.store import Store
from tests.faultkit import checks_of

FORCE = "avon-and-somerset"  # the demo's landing page whose PDF is the response
NOT_THE_PLAN = "Our annual report on road safety and speeding. Nothing here about any complaint."


def _kept(db) -> list[tuple]:
    with Store(db) as store:
        return store.db.execute("SELECT body_hash, extractor, kind, chars FROM document_texts ORDER BY body_hash").fetchall()


def test_each_plan_is_read_once_and_its_text_kept(replica, scenario, settings, seeded_db):
    # The session's two runs of the whole register read and kept every plan it links.
    with Store(seeded_db) as store:
        first = {c.force_id: c for c in store.checks_for_run(store.latest_run().id)}
    kept = _kept(settings.store.path)
    assert kept, "the demo's PDFs were read and kept"
    assert all(extractor == extractor_id() and kind in ("pdf", "docx", "odt") and chars > 0
               for _, extractor, kind, chars in kept)
    second = checks_of(settings)
    assert _kept(settings.store.path) == kept  # the same files: nothing new to keep
    assert {f: c.status for f, c in second.items()} == {f: c.status for f, c in first.items()}
    assert first[FORCE].status.value == "published" and "(PDF)" in first[FORCE].reason


def test_a_kept_text_is_used_instead_of_reading_the_file_again(replica, scenario, settings, seeded_db):
    db = settings.store.path  # two runs of the whole register: every plan's text is kept
    with Store(db) as store:
        rows = store.db.execute("SELECT body_hash FROM document_texts").fetchall()
        # Every kept plan now says it is about road safety.
        store.db.execute("UPDATE document_texts SET text = ?", [zlib.compress(NOT_THE_PLAN.encode())])
        # And the last verdicts were made by a monitor that kept no key of their inputs, so they
        # are verified again rather than kept (tests/test_unchanged.py covers keeping them).
        store.db.execute("DELETE FROM link_states")
        store.db.conn.commit()
    assert rows
    after = checks_of(settings, [FORCE], workers=0)
    assert after[FORCE].status.value == "not_response", after[FORCE].reason
    assert "plan document" in after[FORCE].reason

    # A text kept by another extractor (an older release) is not trusted: the file is read again.
    with Store(db) as store:
        store.db.execute("UPDATE document_texts SET extractor = 'documents/0 pypdf/0.0'")
        store.db.execute("DELETE FROM link_states")
        store.db.conn.commit()
    again = checks_of(settings, [FORCE], workers=0)
    assert again[FORCE].status.value == "published", again[FORCE].reason


def test_a_document_that_cannot_be_read_is_not_kept(tmp_path):
    import asyncio

    from monitor.checking import Tools, _document_text
    from monitor.probes import ProbeCache

    with Store(tmp_path / "m.db") as store:
        tools = Tools(None, ProbeCache(None), texts=store, now=lambda: "2026-11-28T00:00:00+00:00")
        assert asyncio.run(_document_text(tools, b"%PDF-1.4 this is not really a PDF", "pdf")) is None
        assert store.db.execute("SELECT count(*) FROM document_texts").fetchone()[0] == 0


def test_prune_drops_texts_kept_before_its_cut_off(tmp_path):
    with Store(tmp_path / "m.db") as store:
        store.keep_document_text("old", "x", "pdf", "an old plan", "2026-01-01T00:00:00+00:00")
        store.keep_document_text("new", "x", "pdf", "a new plan", "2026-11-27T00:00:00+00:00")
        store.prune(90, "2026-11-28T00:00:00+00:00")
        assert store.document_text("old", "x") is None
        assert store.document_text("new", "x") == "a new plan"
        assert store.document_text("new", "other extractor") is None
