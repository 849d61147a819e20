"""Template tags of the case panels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from gazette.workflow.presenters import trace_body

register = template.Library()


@register.simple_tag
def rule_trace_body(entries: list[dict[str, Any]] | None) -> SafeString:
    """``{% rule_trace_body rows %}``: the rows of a rule-trace table (``presenters.trace_body``)."""
    return trace_body(entries)
