"""Shared pieces for the API's serializers."""

from __future__ import annotations

import copy
from typing import Any

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import BindingDict


# For serializers whose fields depend on nothing but the class (not the instance, request or context): the fund
# application's input and output. DRF builds every serializer instance's fields anew: a ModelSerializer introspects
# its model and deep-copies each declared field, 1.0 ms of the 1.8 ms it took to represent one fund application
# (issue #6, bench/profile.py). Here the fields are built once per class and each instance binds shallow copies of
# them; a field keeps no state between validations, and its validators list is only read. No docstring:
# drf-spectacular would show it on every schema using the serializer.
class PrebuiltFieldsMixin(serializers.Serializer):

    @cached_property
    def fields(self) -> BindingDict:
        cls = type(self)
        prototypes = cls.__dict__.get("_prototype_fields")
        if prototypes is None:
            prototypes = self.get_fields()
            cls._prototype_fields = prototypes  # unbound: only copies are ever bound to a serializer
        fields = BindingDict(self)
        for name, field in prototypes.items():
            fields[name] = copy.copy(field)
        return fields


# An input serializer that answers 400 naming every field it does not declare, or declares read-only. DRF silently
# drops fields it does not know; a client that misspells ``post7_amount`` or sends ``state`` or ``advance_amount``
# would believe it had set them. The schema says ``additionalProperties: false`` for these serializers
# (``gazette.api.schema.GazetteAutoSchema``). No docstring: drf-spectacular would show it on every input schema.
class RejectUnknownFieldsMixin(serializers.Serializer):

    unknown_field_message = _("未知字段，或该字段不能由客户端提交。")

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            writable = {name for name, f in self.fields.items() if not f.read_only}
            unknown = sorted(str(k) for k in data if k not in writable)
            if unknown:
                raise serializers.ValidationError({name: [self.unknown_field_message] for name in unknown})
        return super().to_internal_value(data)


class ErrorBodySerializer(serializers.Serializer):
    """The shared error shape (``gazette.api.errors``)."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(help_text="字段名 → 错误信息列表。")
    rule_trace = serializers.ListField(child=serializers.DictField(), required=False,
                                       help_text="仅 422：规则校验过程（条款、结论、说明）。")
    current_state = serializers.CharField(required=False, help_text="仅 409：事项当前状态。")


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()
