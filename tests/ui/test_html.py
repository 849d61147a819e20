"""The rendering helpers of the hot pages (and the fund list's declared table) print what the template code they
replace printed, escape personal data and organisation names like ``{{ }}`` did, and the cached ``<select>``
follows the language and the value."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django import forms
from django.template import engines
from django.utils import timezone, translation

from gazette.ui.html import CachedSelect, table_rows

# The template code the helpers replace, verbatim from application_list.html / ui/inbox.html before issue #6's
# second round (amounts since through the |money filter, issue 12): the helpers must print the same cells.
OLD_LIST_ROWS = """{% load i18n money %}{% for a in rows %}
    <tr><td><a href="{{ a.url }}">{{ a.reference }}</a></td><td>{{ a.kind }}</td>
      <td>{{ a.victim_name|default:"—" }}</td><td>{{ a.victim_id_masked }}</td><td>{{ a.hospital|default:"—" }}</td>
      <td class="num">{{ a.advance_amount|money }}</td><td>{{ a.approval_level }}{% if a.approver %}<div class="hint">{{ a.approver }}</div>{% endif %}</td>
      <td>{{ a.state }}</td>
      <td class="missing">{% if a.missing_badge %}<span class="badge failed" title="{{ a.missing_title }}">{{ a.missing_badge }}</span>{% else %}—{% endif %}</td>
      <td>{{ a.created_at }}</td></tr>
  {% endfor %}"""  # noqa: E501
OLD_INBOX_ROWS = """{% for e in entries %}
    <tr class="urgency-{{ e.urgency }}">
      <td><a href="{{ e.url }}">{{ e.title }}</a></td>
      <td>{{ e.kind }}</td>
      <td>{{ e.state }}</td>
      <td>{{ e.due_text }}<div class="hint">{{ e.clock }}</div></td>
      <td>{% if e.note %}{{ e.note }}{% elif e.workdays_left is not None %}{{ e.workdays_left }}{% else %}—{% endif %}</td>
      <td>{{ e.rule_id|default:"—" }}</td>
    </tr>
  {% endfor %}"""  # noqa: E501


def _squeezed(html: str) -> str:
    """The HTML without the indentation between tags (the only difference the helpers may make)."""
    return re.sub(r">\s+<", "><", html.strip())


def _old(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


EVIL = '<script>alert("x")</script>&'


def _list_rows():
    base = {"url": "/fund/applications/7/", "reference": "FUND-2026-0007", "kind": "抢救费用垫付",
            "victim_name": "张三", "victim_id_masked": "110105********002X", "hospital": "第一医院",
            "advance_amount": Decimal("12345.60"), "approval_level": "县级", "approver": "小店区办公室",
            "state": "审核中", "missing_title": "诊断证明、费用清单", "missing_badge": "缺2项",
            "created_at": "2026-11-27 09:05"}
    return [
        base,
        {**base, "victim_name": EVIL, "hospital": f"医院{EVIL}", "approver": EVIL, "missing_title": EVIL,
         "reference": '"quoted"', "url": '/x/?a=1&b="2"'},
        {**base, "victim_name": "", "hospital": "", "approver": "", "missing_badge": "", "missing_title": "",
         "advance_amount": Decimal("0.00")},
    ]


def test_declared_list_table_prints_what_the_template_printed():
    from fund.presenters import APPLICATION_TABLE

    rows = _list_rows()
    assert _squeezed(APPLICATION_TABLE.rows_html(rows)) == _squeezed(_old(OLD_LIST_ROWS, rows=rows))


def test_declared_list_table_escapes_html_in_victim_and_hospital_names():
    from fund.presenters import APPLICATION_TABLE

    html = APPLICATION_TABLE.rows_html(_list_rows())
    assert "<script>" not in html
    assert "<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;</td>" in html  # the victim
    assert "<td>医院&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;</td>" in html  # the hospital
    assert 'title="&lt;script&gt;' in html and 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html


def test_inbox_body_prints_what_the_template_printed():
    from gazette.ui.inbox import InboxEntry, inbox_body

    due = timezone.now() + timedelta(days=3)
    entries = [
        InboxEntry(title="FUND-1 张三", url="/fund/applications/1/", kind="救助基金申请", state="审核中", due_at=due,
                   workdays_left=3, urgency="soon", rule_id="FUND-A22"),
        InboxEntry(title=EVIL, url='/a/?x="1"&y=2', kind=EVIL, state=EVIL, due_at=due, workdays_left=0,
                   urgency="overdue", note=EVIL, rule_id=EVIL, clock=EVIL),
        InboxEntry(title="无期限", url="/b/", kind="通知", state="未读"),
    ]
    new = inbox_body(entries)
    assert _squeezed(new) == _squeezed(_old(OLD_INBOX_ROWS, entries=entries))
    assert "<script>" not in new


def test_table_rows_keeps_html_built_with_format_html_and_escapes_the_rest():
    from django.utils.html import format_html

    html = table_rows("<tr><td>{a}</td><td>{b}</td></tr>", [{"a": format_html("<i>{}</i>", "<b>"), "b": "<b>"}])
    assert html == "<tr><td><i>&lt;b&gt;</i></td><td>&lt;b&gt;</td></tr>"


class _Form(forms.Form):
    colour = forms.ChoiceField(choices=[("", "全部"), ("red", "红"), ("blue", "蓝")], required=False,
                               widget=CachedSelect)


class _PlainForm(forms.Form):
    colour = forms.ChoiceField(choices=[("", "全部"), ("red", "红"), ("blue", "蓝")], required=False)


@pytest.mark.parametrize("data", [None, {"colour": ""}, {"colour": "red"}, {"colour": "blue"},
                                  {"colour": "<b>green"}])
def test_cached_select_renders_like_a_plain_select_for_any_value(data):
    for _ in range(2):  # the second time from the cache
        assert str(_Form(data)["colour"]) == str(_PlainForm(data)["colour"])
    assert "<b>green" not in str(_Form(data)["colour"])


def test_cached_select_follows_the_language():
    from fund.forms import ApplicationFilterForm

    with translation.override("zh-hans"):
        chinese = str(ApplicationFilterForm()["kind"])
    with translation.override("en"):
        english = str(ApplicationFilterForm()["kind"])
    with translation.override("zh-hans"):
        assert str(ApplicationFilterForm()["kind"]) == chinese
    assert chinese != english and "全部" in chinese and "全部" not in english
