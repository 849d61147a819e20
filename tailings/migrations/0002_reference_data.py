"""Reference data the department keeps (98号 sets none): the important Yellow River tributaries of 第九条 and
the flood-season start of 第二十条 / 第二十四条. Both are effective-dated rows with an admin page; these are the
starting values (汾河 and 沁河, the province's two largest Yellow River tributaries; 汛期 from 6月1日, the
province's flood-control season), to be confirmed or changed by the provincial department."""

from datetime import date

from django.db import migrations


def load(apps, schema_editor):
    Tributary = apps.get_model("tailings", "ImportantTributary")
    Season = apps.get_model("tailings", "FloodSeason")
    for name in ("汾河", "沁河"):
        Tributary.objects.get_or_create(name=name, defaults={"effective_from": date(2023, 1, 1)})
    for year in range(2023, 2028):
        Season.objects.get_or_create(year=year, defaults={"starts_on": date(year, 6, 1)})


class Migration(migrations.Migration):
    dependencies = [("tailings", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
