"""Indicators of the annual CCHC report computed from the plans module once it exists:
inspections (I.2.1–I.2.5) and tasks assigned by the province (I.4.1–I.4.3) of template
CCHC-PL2. Databases loaded before the change get the new sources; 0002 already loads them
into a new database from data/indicators_cchc_pl2.tsv."""

from django.db import migrations

SOURCES = {
    "I.2.1": "plans.inspected?target=office",
    "I.2.2": "plans.inspected?target=unit",
    "I.2.3": "plans.inspected?target=commune",
    "I.2.4": "plans.inspection_issues?state=found",
    "I.2.5": "plans.inspection_issues?state=fixed",
    "I.4.1": "plans.assigned_count?state=total",
    "I.4.2": "plans.assigned_count?state=on_time",
    "I.4.3": "plans.assigned_count?state=late",
}


def set_sources(apps, schema_editor, sources=SOURCES):
    Indicator = apps.get_model("reporting", "Indicator")  # noqa: N806
    for code, source in sources.items():
        Indicator.objects.filter(template__code="CCHC-PL2", code=code).update(source=source)


def clear_sources(apps, schema_editor):
    set_sources(apps, schema_editor, dict.fromkeys(SOURCES, ""))


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_shipped_report_types")]

    operations = [migrations.RunPython(set_sources, clear_sources)]
