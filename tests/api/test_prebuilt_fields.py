"""Output serializers that build their fields once per class (gazette.api.serializers.PrebuiltFieldsMixin)."""

from __future__ import annotations

from rest_framework import serializers

from fund.api.serializers import ApplicationOutSerializer
from gazette.api.serializers import PrebuiltFieldsMixin


class _Row(PrebuiltFieldsMixin, serializers.Serializer):
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=8, decimal_places=2)
    label = serializers.SerializerMethodField()

    def get_label(self, obj) -> str:
        return f"{obj['name']}:{self.context['suffix']}"


def test_each_instance_binds_its_own_copies_and_keeps_its_own_context():
    first = _Row({"name": "甲", "amount": "1.50"}, context={"suffix": "one"})
    second = _Row({"name": "乙", "amount": "2"}, context={"suffix": "two"})
    assert first.fields["name"] is not second.fields["name"]
    assert first.fields["name"].parent is first and second.fields["name"].parent is second
    assert first.data == {"name": "甲", "amount": "1.50", "label": "甲:one"}
    assert second.data == {"name": "乙", "amount": "2.00", "label": "乙:two"}
    prototypes = _Row.__dict__["_prototype_fields"]
    assert all(getattr(f, "parent", None) is None for f in prototypes.values())  # never bound themselves


def test_the_application_serializer_has_the_same_fields_as_a_plain_model_serializer():
    class Plain(ApplicationOutSerializer):
        @property
        def fields(self):  # DRF's own way: built for every instance
            return serializers.Serializer.fields.func(self)

    prebuilt, plain = ApplicationOutSerializer().fields, Plain().fields
    assert list(prebuilt) == list(plain)
    assert [type(f) for f in prebuilt.values()] == [type(f) for f in plain.values()]


def test_prebuilt_input_fields_validate_each_request_on_its_own():
    """One request's invalid value must not leak into the next one's validation (the fund input serializer)."""
    from fund.api.serializers import ApplicationInSerializer

    bad = ApplicationInSerializer(data={"kind": "nonsense", "first7_amount": "abc"})
    assert not bad.is_valid()
    assert set(bad.errors) >= {"kind", "first7_amount"}
    good = ApplicationInSerializer(data={"kind": "treatment", "first7_amount": "12.50", "region": "140105",
                                         "accident_at": "2026-11-02T08:30:00+08:00", "accident_place": "某路段",
                                         "insurance_status": "uninsured"})
    assert good.is_valid(), good.errors
    assert str(good.validated_data["first7_amount"]) == "12.50"
    unknown = ApplicationInSerializer(data={"kind": "treatment", "stat": "paid"})
    assert not unknown.is_valid() and "stat" in unknown.errors
