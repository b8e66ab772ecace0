"""The default grade bands of the average evaluation score (dossiers.md §7: Xuất sắc ≥ 15,
Tốt 12 to < 15, Khá 9 to < 12, Trung bình 6 to < 9, Yếu < 6); editable in the admin."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    ("Xuất sắc", Decimal(15)),
    ("Tốt", Decimal(12)),
    ("Khá", Decimal(9)),
    ("Trung bình", Decimal(6)),
    ("Yếu", Decimal(0)),
]


def load(apps, schema_editor):
    GradeBand = apps.get_model("feedback", "GradeBand")
    for label, minimum in DEFAULTS:
        GradeBand.objects.get_or_create(label=label, defaults={"minimum": minimum})


def unload(apps, schema_editor):
    GradeBand = apps.get_model("feedback", "GradeBand")
    GradeBand.objects.filter(label__in=[label for label, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
