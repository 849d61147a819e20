"""交强险责任限额 as set nationally (reference data; administrators add later changes in the admin)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

LIMITS = [
    # 2008-02-01: 死亡伤残 110,000, 医疗费用 10,000, 财产损失 2,000
    (date(2008, 2, 1), Decimal("10000.00"), Decimal("110000.00"), Decimal("2000.00")),
    # 2020-09-19 (交强险综合改革): 死亡伤残 180,000, 医疗费用 18,000, 财产损失 2,000
    (date(2020, 9, 19), Decimal("18000.00"), Decimal("180000.00"), Decimal("2000.00")),
]


def load(apps, schema_editor):
    model = apps.get_model("fund", "CompulsoryInsuranceLimit")
    for effective_from, medical, death, prop in LIMITS:
        model.objects.update_or_create(effective_from=effective_from, defaults={
            "medical_limit": medical, "death_disability_limit": death, "property_limit": prop})


class Migration(migrations.Migration):
    dependencies = [("fund", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
