"""Indexes for the work queues at a million dossiers (bench/queues.py).

- inter-agency steps by unit: `visible_dossiers` looks up the dossiers a partner unit holds a
  step of; without it the lookup read every step of the unit;
- the due time of running (2, 4) and of open (2, 4, 5, 6) dossiers, in (due_at, id) order:
  the first page of a queue walks the index in the page's order and stops after 50 rows;
- the handling unit's index gains due_at, so both arms of "receiving unit OR handling unit"
  narrow by due time;
- PostgreSQL only: statistics on (unit, handling unit) together. They are the same unit for
  most dossiers; without these statistics the planner counts "unit OR handling unit" twice
  and picks a sequential scan for a queue badge.
"""

from django.db import migrations, models

STATISTICS = "dossier_unit_handling_unit"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv, dependencies) "
            "ON unit_id, handling_unit_id FROM dossiers_dossier"
        )


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossierstep",
            index=models.Index(
                condition=models.Q(inter_agency=True),
                fields=["unit", "dossier"],
                name="dossier_step_partner",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(status__in=[2, 4]),
                fields=["due_at", "id"],
                name="dossier_running_due",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(status__in=[2, 4, 5, 6]),
                fields=["due_at", "id"],
                name="dossier_open_due",
            ),
        ),
        migrations.RemoveIndex(
            model_name="dossier",
            name="dossier_handling_status",
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["handling_unit", "status", "due_at"], name="dossier_handling_status_due"
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics, elidable=False),
    ]
