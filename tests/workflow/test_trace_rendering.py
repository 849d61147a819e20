"""The rule-trace table and the history's rule lines are built in Python (issue #6): same cells, escaped."""

from __future__ import annotations

from django.template.loader import render_to_string

ENTRY = {"rule": "FUND-A22", "doc_number": "晋政令〔2022〕1号", "article": "第二十二条", "statement": "分级审批",
         "outcome": "failed", "message": "超过<b>限额</b>", "regulation_status": "lapsed"}


def test_the_rule_trace_table_prints_every_cell_escaped_with_badges():
    html = render_to_string("workflow/_rule_trace.html", {"rows": [ENTRY, {**ENTRY, "rule": "FUND-A21",
                                                                           "outcome": "passed", "message": "ok",
                                                                           "regulation_status": "in_force"}]})
    assert "<code>FUND-A22</code>" in html and "晋政令〔2022〕1号 第二十二条" in html
    assert "超过&lt;b&gt;限额&lt;/b&gt;" in html and "<b>限额" not in html
    assert '<span class="badge failed">不符合</span>' in html and '<span class="badge passed">符合</span>' in html
    assert html.count('class="badge lapsed"') == 1  # only the lapsed regulation's row
    assert '<div class="hint">分级审批</div>' in html


def test_an_empty_trace_says_so():
    assert "暂无规则判定。" in render_to_string("workflow/_rule_trace.html", {"rows": []})


def test_a_raw_trace_without_display_fields_still_gets_its_labels():
    """Recovery pages pass the stored trace as it is (no outcome_label): the label comes from the outcome."""
    html = render_to_string("workflow/_rule_trace.html", {"rows": [{**ENTRY, "outcome": "not_applicable"}]})
    assert '<span class="badge na">不适用</span>' in html
