"""``{% load money %}{{ amount|money }}``: amounts as ``gazette.ui.money.money_format`` writes them."""

from __future__ import annotations

from django import template

from gazette.ui.money import money_format

register = template.Library()


@register.filter(name="money")
def money(value) -> str:
    """An amount with thousands separators and two decimals; empty for no value, the value itself for text."""
    if value is None or value == "":
        return ""
    try:
        return money_format(value)
    except ValueError:
        return str(value)
