"""Declared actions: one declaration of a transition gives its input parser, its page form and its API endpoint.

``action_serializer(wf, t)`` is the one parser of an action's input: ``comment``, ``expected_state``, ``confirm``
(for a step declared with ``confirm``) and the fields of the transition's ``input`` serializer. The API validates
the JSON body with it, the page validates the posted form with it; ``action_form(serializer)`` renders the same
fields as a Django form for the page. ``action_run`` parses, runs the transition's ``prepare`` hook and performs
the transition through the engine.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from gazette.api.serializers import RejectUnknownFieldsMixin

from .definitions import Transition, Workflow
from .engine import TransitionResult, transition_perform


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in text.replace(".", "_").split("_"))


class _ActionBase(RejectUnknownFieldsMixin, serializers.Serializer):
    """Fields every action takes."""

    expected_state = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                           label=_("办理时的状态"),
                                           help_text=_("页面载入时的状态；事项已被他人处理时返回409。"))


_SERIALIZERS: dict[tuple[str, str], type[serializers.Serializer]] = {}


def action_serializer(wf: Workflow, t: Transition) -> type[serializers.Serializer]:
    """The input serializer of action ``t`` (built once per action; its component name in the OpenAPI schema is
    ``<App><Model><Action>Action``)."""
    key = (wf.name, t.name)
    if key not in _SERIALIZERS:
        _SERIALIZERS[key] = _build_serializer(wf, t)
    return _SERIALIZERS[key]


def _build_serializer(wf: Workflow, t: Transition) -> type[serializers.Serializer]:
    bases: tuple[type, ...] = (_ActionBase,) + ((t.input,) if t.input is not None else ())
    attrs: dict[str, Any] = {
        "__module__": __name__,
        "comment": serializers.CharField(
            required=t.requires_comment, allow_blank=not t.requires_comment, max_length=2000,
            label=_("意见或理由") if t.requires_comment else _("意见"),
            error_messages={"required": _("请填写意见或理由。"), "blank": _("请填写意见或理由。")}),
    }
    if t.confirm:
        attrs["confirm"] = serializers.BooleanField(
            required=False, default=False, label=_("确认办理"), help_text=t.confirm)

        def validate_confirm(self, value: bool) -> bool:
            if not value:
                raise serializers.ValidationError(_("该操作不可撤销，请确认后再办理。"))
            return value

        attrs["validate_confirm"] = validate_confirm
    name = f"{_camel(wf.name)}{_camel(t.name)}Action"
    return type(name, bases, attrs)


def action_parse(*, wf: Workflow, t: Transition, obj: Any, actor: Any, raw: Any,
                 files: Any = None) -> dict[str, Any]:
    """Validate ``raw`` (a JSON object or a posted form) for action ``t`` on ``obj``; raises DRF's ValidationError
    naming each bad field."""
    data = raw
    if hasattr(raw, "getlist"):
        # A posted form (a QueryDict, so that a list field reads every value): without the CSRF token, which no
        # action declares, and with the uploaded files.
        data = raw.copy()
        data.pop("csrfmiddlewaretoken", None)
        if files:
            data.update(files)
    serializer = action_serializer(wf, t)(data=data, context={"object": obj, "actor": actor})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def action_run(*, wf: Workflow, t: Transition, obj: Any, actor: Any, raw: Any, files: Any = None
               ) -> TransitionResult:
    """Parse the input of action ``t`` (a request's body or form) and perform it."""
    data = action_parse(wf=wf, t=t, obj=obj, actor=actor, raw=raw, files=files)
    comment = data.pop("comment", "") or ""
    expected = data.pop("expected_state", "") or None
    data.pop("confirm", None)
    return action_perform(obj=obj, name=t.name, actor=actor, comment=comment, data=data, expected_state=expected)


def action_perform(*, obj: Any, name: str, actor: Any, comment: str = "", data: dict[str, Any] | None = None,
                   expected_state: str | None = None) -> TransitionResult:
    """Perform declared action ``name`` with typed ``data`` (model instances, Decimals, dates — what its input
    serializer gives) as ``actor``: services, tasks and tests call this; pages and the API reach it through
    ``action_run``. The engine runs the transition's ``prepare`` on the locked row, its guards, and the move."""
    return transition_perform(case=obj, name=name, actor=actor, comment=comment, data=dict(data or {}),
                              expected_state=expected_state)


# --- the page form ---------------------------------------------------------------------------------------------
def _form_field(field: serializers.Field) -> forms.Field | None:
    common = {"required": bool(field.required), "label": field.label or field.field_name,
              "help_text": field.help_text or ""}
    if field.default is not empty and not callable(field.default):
        common["initial"] = field.default
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(**{**common, "required": False})
    if isinstance(field, serializers.DecimalField):
        return forms.DecimalField(max_digits=field.max_digits, decimal_places=field.decimal_places,
                                  widget=forms.NumberInput(attrs={"step": "0.01"}), **common)
    if isinstance(field, serializers.IntegerField):
        return forms.IntegerField(**common)
    if isinstance(field, serializers.DateTimeField):
        return forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if isinstance(field, serializers.DateField):
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if isinstance(field, serializers.FileField):
        return forms.FileField(**common)
    if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.ChoiceField):
        return forms.MultipleChoiceField(choices=list(field.child.choices.items()),
                                         widget=forms.CheckboxSelectMultiple, **common)
    if isinstance(field, serializers.ManyRelatedField):
        return forms.ModelMultipleChoiceField(queryset=field.child_relation.get_queryset(), **common)
    if isinstance(field, serializers.RelatedField):
        return forms.ModelChoiceField(queryset=field.get_queryset(), empty_label=_("请选择"), **common)
    if isinstance(field, serializers.MultipleChoiceField):
        return forms.MultipleChoiceField(choices=list(field.choices.items()), **common)
    if isinstance(field, serializers.ChoiceField):
        return forms.ChoiceField(choices=[("", _("请选择")), *field.choices.items()], **common)
    if isinstance(field, serializers.CharField):
        long = field.max_length is None or field.max_length > 200
        widget = forms.Textarea(attrs={"rows": 2}) if long else forms.TextInput()
        return forms.CharField(max_length=field.max_length, widget=widget, **common)
    return None


def action_form(*, wf: Workflow, t: Transition, obj: Any, actor: Any, data: Any = None,
                errors: dict[str, Any] | None = None, inline: bool = False) -> forms.Form:
    """The action's fields as a Django form for the page, bound to what was posted (a failed attempt keeps what
    was typed) with the parser's errors attached to their fields. ``inline``: the small form of the case page's
    action panel, without the confirmation box (a step declared with ``confirm`` then opens its confirmation
    page)."""
    serializer = action_serializer(wf, t)(context={"object": obj, "actor": actor})
    fields: dict[str, forms.Field] = {}
    for name, field in serializer.fields.items():
        if field.read_only or name == "expected_state" or (name == "confirm" and inline):
            continue
        built = _form_field(field)
        if built is not None:
            fields[name] = built
    form_class = type("ActionForm", (forms.Form,), {**fields, "use_required_attribute": True})
    form = form_class(data=data, prefix=None) if data is not None else form_class()
    if data is not None:
        form._errors = forms.utils.ErrorDict()
        form.cleaned_data = {}
        for name, messages in (errors or {}).items():
            key = name if name in form.fields else None
            for message in messages if isinstance(messages, list) else [messages]:
                form._errors.setdefault(key or "__all__", form.error_class()).append(str(message))
    return form
