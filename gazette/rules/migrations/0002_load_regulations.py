from django.db import migrations


def load(apps, schema_editor):
    from gazette.rules.services import regulations_load

    regulations_load(regulation_model=apps.get_model("rules", "Regulation"))


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
