"""Reference data as the regulation states it on 2022-12-30: the COLL-A19 forbidden words, a starting watch
list (administrators keep it), and the default COLL-A22 thresholds."""

from datetime import date

from django.db import migrations

FORBIDDEN = ("金融", "交易所", "交易中心", "理财", "财富管理", "股权众筹")
WATCH = ("投资", "资产管理", "基金", "众筹", "融资", "金服", "财富", "资本", "期货", "保理", "虚拟货币", "养老")


def load(apps, schema_editor):
    reference_data_load(apps.get_model("collection", "ScreenWord"), apps.get_model("collection", "FlowThresholds"))


def reference_data_load(word, thresholds):
    """Idempotent: also used by tests after a transactional flush."""
    start = date(2022, 12, 30)
    for w in FORBIDDEN:
        word.objects.get_or_create(word=w, kind="forbidden", defaults={"effective_from": start,
                                                                       "note": "第十九条第一款"})
    for w in WATCH:
        word.objects.get_or_create(word=w, kind="watch", defaults={"effective_from": start,
                                                                   "note": "第十九条第二款 重点关注"})
    thresholds.objects.get_or_create(effective_from=start)


class Migration(migrations.Migration):
    dependencies = [("collection", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
