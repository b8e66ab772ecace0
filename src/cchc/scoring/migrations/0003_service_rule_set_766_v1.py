"""Load version 1 of the 766 rule set from data/service_index_766_v1.json (checked first;
an existing row of the same code and version is left as it is)."""

from django.db import migrations

from cchc.scoring import service_rules


def load(apps, schema_editor):
    ServiceRuleSet = apps.get_model("scoring", "ServiceRuleSet")
    data = service_rules.read_file(service_rules.DATA_FILE)
    parsed = service_rules.parse(data)  # RuleSetError stops the migration
    header, rules = service_rules.split(data)
    ServiceRuleSet.objects.get_or_create(
        code=parsed.code,
        version=parsed.version,
        defaults={
            "valid_from": parsed.valid_from,
            "name": header["name"],
            "legal_basis": header["legal_basis"] or "",
            "rules": rules,
        },
    )


def unload(apps, schema_editor):
    ServiceRuleSet = apps.get_model("scoring", "ServiceRuleSet")
    data = service_rules.read_file(service_rules.DATA_FILE)
    ServiceRuleSet.objects.filter(code=data["code"], version=data["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0002_service_rule_sets")]

    operations = [migrations.RunPython(load, unload)]
