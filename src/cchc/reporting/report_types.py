"""The shipped report types and indicator templates, loaded from `data/` (idempotent).

`data/report_types.json` holds each report type with its window and deadline rules, filers,
recipient, layout and sections; each indicator template lists its indicators in a TSV file
(`code, number, label, unit_of_measure, value_type, source, note_hint, seed_value`). Loading
again updates rows by code and never duplicates them; the data migration and `cchc demo`
both call `load_report_types`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_indicators(filename: str) -> list[dict[str, str]]:
    with (DATA / filename).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["value_type"] = row["value_type"] or "heading"
    return rows


def seed_values(filename: str) -> dict[str, str]:
    """The values the seed report printed, by indicator code (for tests and the demo)."""
    return {row["code"]: row["seed_value"] for row in read_indicators(filename)}


def load_report_types(apps=None) -> None:
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    IndicatorTemplate = apps.get_model("reporting", "IndicatorTemplate")  # noqa: N806
    Indicator = apps.get_model("reporting", "Indicator")  # noqa: N806
    ReportType = apps.get_model("reporting", "ReportType")  # noqa: N806
    ReportSection = apps.get_model("reporting", "ReportSection")  # noqa: N806

    spec = json.loads((DATA / "report_types.json").read_text(encoding="utf-8"))
    templates = {}
    for item in spec["indicator_templates"]:
        fields = {k: v for k, v in item.items() if k not in ("code", "version", "file")}
        template, _ = IndicatorTemplate.objects.update_or_create(
            code=item["code"], version=item["version"], defaults=fields
        )
        templates[item["code"]] = template
        for order, row in enumerate(read_indicators(item["file"]), start=1):
            Indicator.objects.update_or_create(
                template=template,
                code=row["code"],
                defaults={
                    "order": order,
                    "number": row["number"],
                    "label": row["label"],
                    "unit_of_measure": row["unit_of_measure"],
                    "value_type": row["value_type"],
                    "source": row["source"],
                    "note_hint": row["note_hint"],
                },
            )
    for item in spec["report_types"]:
        fields = {k: v for k, v in item.items() if k not in ("code", "sections")}
        fields["indicator_template"] = templates.get(fields.pop("indicator_template", None))
        report_type, _ = ReportType.objects.update_or_create(code=item["code"], defaults=fields)
        for order, section in enumerate(item["sections"], start=1):
            ReportSection.objects.update_or_create(
                report_type=report_type,
                code=section["code"],
                defaults={
                    "order": order,
                    "heading": section["heading"],
                    "level": section.get("level", 2),
                    "kind": section["kind"],
                    "source": section.get("source", ""),
                    "template": section.get("template", ""),
                },
            )
