"""The words a verdict is explained in: why a text is the response, what it lacks, which
recommendations it answers. Pure helpers for rules.py and verify.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .coverage import Coverage
from .models import Addressed, Verdict
from .reading import QUOTED_TOPIC, Reading
from .recommendations import bundled
from .signals import JOINT_REPORT, TOPIC


def why_published(reading: Reading, coverage: Coverage | None = None) -> str:
    """Why a text is the response, in words: what it answers, what it says it is, or its themes."""
    if reading.basis == "answers":
        answered = labels(coverage) if coverage is not None else ", ".join(_label_of(item) for item in reading.answered[:4])
        fields = ", ".join(reading.answer_fields[:3])
        return f"it answers {answered} in the force's own words ({fields})"
    if reading.basis == "declares":
        return f"it says it is the force's response or plan: '{reading.declaration}'"
    return why_published_evidence(reading.evidence())


def why_published_evidence(evidence: Mapping[str, Any]) -> str:
    """'super-complaint, Suzy Lamplugh Trust; 11 recommendation themes' from reading evidence."""
    if evidence.get("basis") in ("answers", "declares") and evidence.get("recommendations_found"):
        found = [_label_by_id(rid) for rid in evidence["recommendations_found"] if rid != "publish-plan"]
        if found:
            return f"it answers {', '.join(found[:4])}" + (f" and {len(found) - 4} more" if len(found) > 4 else "")
    if evidence.get("basis") == "declares" and evidence.get("declaration"):
        return f"it says it is the force's response or plan: '{evidence['declaration']}'"
    topic_labels = {label for label, _, _ in TOPIC} | {JOINT_REPORT, QUOTED_TOPIC}
    topic = [m for m in evidence.get("matched", []) if m in topic_labels]
    return f"{', '.join(topic[:2]) or 'the report'}; {len(evidence.get('themes', []))} recommendation themes"


def labels(coverage: Coverage | None) -> str:
    if coverage is None:
        return "the report's recommendations"
    found = [_label_by_id(item.recommendation) for item in coverage.addressed if item.recommendation != "publish-plan"]
    if not found:
        return "the recommendation to publish a plan"
    return ", ".join(found[:4]) + (f" and {len(found) - 4} more" if len(found) > 4 else "")


def _label_of(item: Addressed) -> str:
    return _label_by_id(item.recommendation)


def _label_by_id(recommendation_id: str) -> str:
    for recommendation in bundled():
        if recommendation.id == recommendation_id:
            return recommendation.label if recommendation.number is not None else f"'{recommendation.title}'"
    return recommendation_id


def shortfall(reading: Reading) -> str:
    if reading.other_subject:
        return f"it is about {reading.other_subject}"
    if reading.placeholder and not reading.is_response:
        return "it promises the plan but does not contain it"
    return "missing " + "; ".join(reading.missing) if reading.missing else "not enough evidence"


def document_shortfall(verdict: Verdict) -> str:
    about, missing = verdict.evidence.get("about"), verdict.evidence.get("missing")
    if about:
        return f"it is about {about}"
    if missing:
        return "missing " + "; ".join(missing)
    return verdict.reason


