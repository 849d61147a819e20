"""The English catalogues: every entry is used as written. A "fuzzy" entry (makemessages' guess from a similar
message) is skipped by compilemessages, so the page shows the Chinese text in English mode."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def _catalogues() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [p for p in root.rglob("django.po") if ".venv" not in p.parts]


def _entries(text: str):
    """(msgid, msgstr, flags) of each entry after the header; multi-line strings joined."""
    for block in text.split("\n\n")[1:]:
        lines = block.strip().splitlines()
        flags = " ".join(ln for ln in lines if ln.startswith("#,"))
        parts: dict[str, str] = {}
        key = None
        for ln in lines:
            if ln.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgstr[")):
                key, _, rest = ln.partition(" ")
                parts[key] = rest.strip().strip('"')
            elif ln.startswith('"') and key:
                parts[key] += ln.strip('"')
        if "msgid" in parts:
            yield parts["msgid"], parts.get("msgstr", parts.get("msgstr[0]", "")), flags


def test_no_catalogue_has_fuzzy_or_empty_entries():
    assert _catalogues()
    problems = [
        f"{po.relative_to(settings.BASE_DIR)}: {msgid[:60]!r} {'fuzzy' if 'fuzzy' in flags else 'empty'}"
        for po in _catalogues()
        for msgid, msgstr, flags in _entries(po.read_text(encoding="utf-8"))
        if "fuzzy" in flags or not msgstr
    ]
    assert not problems, "\n".join(problems)


def test_rule_outcomes_are_translated():
    from django.utils import translation

    from gazette.workflow.presenters import trace_rows

    with translation.override("en"):
        rows = trace_rows([{"outcome": "passed"}, {"outcome": "failed"}, {"outcome": "not_applicable"}])
    assert [r["outcome_label"] for r in rows] == ["Passed", "Failed", "Not applicable"]
