"""Load the shipped report types and indicator templates (data/report_types.json)."""

from django.db import migrations


def load(apps, schema_editor):
    from cchc.reporting.report_types import load_report_types

    load_report_types(apps)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
