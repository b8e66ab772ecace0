"""The office of the current step, kept on the dossier (bench/queues.py).

- `Dossier.current_office`: a copy of `current_step.office`, written in the same UPDATE as
  `current_step` (services._set_current_step). The office queue filters on it instead of
  joining the steps: the planner could not know that most open dossiers of a unit sit at its
  specialist office (a correlation across the join) and mis-estimated the queue by 20×;
- filled for the existing dossiers in one UPDATE with a subquery (SQLite and PostgreSQL);
- the office queue's index: open (2, 4, 5, 6) dossiers by office in (due_at, id) order, so
  the badge reads one office's open dossiers and the first page stops after 50 rows.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_current_office(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierStep = apps.get_model("dossiers", "DossierStep")
    office = DossierStep.objects.filter(pk=OuterRef("current_step_id")).values("office_id")[:1]
    Dossier.objects.filter(current_step__isnull=False).update(current_office=Subquery(office))


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0002_queue_indexes"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="current_office",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="units.office",
                verbose_name="phòng, ban đang xử lý",
            ),
        ),
        migrations.RunPython(fill_current_office, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(status__in=[2, 4, 5, 6]),
                fields=["current_office", "due_at", "id"],
                name="dossier_office_open_due",
            ),
        ),
    ]
