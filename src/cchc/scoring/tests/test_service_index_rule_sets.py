"""The 766 rule set is data: checked before it is used (Vietnamese messages naming the group
or indicator; nothing saved when it is wrong), stored in versions by date, and each period is
scored by the version in force on its first day — a new version changes later points and
leaves last year's as they were."""

import copy
import importlib
import json
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from cchc.reporting import periods

from .. import service_index_queries as queries
from .. import service_rules
from ..models import ServiceIndexEntry, ServiceRuleSet
from ..service_admin import ServiceIndexEntryForm, ServiceRuleSetForm
from .test_service_index_formulas import month_of_dossiers, rule_set_766, world  # noqa: F401

pytestmark = pytest.mark.django_db

DATA = service_rules.read_file()


def problems(mutate) -> list[str]:
    data = copy.deepcopy(DATA)
    mutate(data)
    try:
        service_rules.parse(data)
    except service_rules.RuleSetError as exc:
        return exc.messages
    return []


def indicator(data, code):
    return next(i for g in data["groups"] for i in g["indicators"] if i["code"] == code)


def test_the_data_migration_installs_version_1_once():
    """As the administrator I find version 1 of the 766 rule set installed by the
    migrations, equal to the file, and running the migration again changes nothing."""
    migration = importlib.import_module("cchc.scoring.migrations.0003_service_rule_set_766_v1")
    ServiceRuleSet.objects.all().delete()
    migration.load(django_apps, None)
    migration.load(django_apps, None)
    row = ServiceRuleSet.objects.get()
    assert (row.code, row.version, str(row.valid_from)) == ("766", 1, "2022-06-23")
    assert row.parsed() == service_rules.parse(DATA)
    assert "766/QĐ-TTg" in row.legal_basis


def test_weights_must_add_up_to_the_group_maximum():
    """As the administrator I am told, in Vietnamese, when a group's indicators do not add
    up to its maximum."""

    def wrong(data):
        indicator(data, "3.1")["max"] = 3

    assert problems(wrong) == [
        "Nhóm 3 “Dịch vụ công trực tuyến”: tổng điểm các chỉ tiêu là 13 nhưng điểm tối đa "
        "của nhóm là 12."
    ]


def test_groups_must_add_up_to_the_total():
    """As the administrator I am told when the groups do not add up to 100."""

    def wrong(data):
        data["groups"][0]["max"] = 20
        indicator(data, "1.1")["max"] = 8

    assert problems(wrong) == [
        "Tổng điểm tối đa các nhóm là 102 nhưng tổng điểm của bộ chỉ số là 100."
    ]


def test_unknown_formulas_and_methods_are_refused():
    """As the administrator I cannot use a formula or a method the system does not know,
    and every problem is listed at once."""

    def wrong(data):
        indicator(data, "1.1")["measure"] = "procedures_on_billboards"
        indicator(data, "2.1")["method"] = "logarithmic"
        indicator(data, "6.1")["when_empty"] = "maybe"

    found = problems(wrong)
    assert len(found) == 3
    assert found[0].startswith(
        "Chỉ tiêu 1.1: cách tính “procedures_on_billboards” không có; dùng một trong: "
        "procedures_published, status_published, timeliness"
    )
    assert found[1] == (
        "Chỉ tiêu 2.1: phương pháp chấm “logarithmic” không có; dùng proportional (theo tỷ "
        "lệ) hoặc threshold (theo ngưỡng)."
    )
    assert found[2].startswith("Chỉ tiêu 6.1: khi không có số liệu (when_empty) “maybe” không có")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"at": 1.5}, "Chỉ tiêu 3.1: ngưỡng (at) phải là tỷ lệ lớn hơn 0 và không quá 1"),
        ({"at": "tám mươi"}, "Chỉ tiêu 3.1: ngưỡng (at) không phải số."),
        (
            {"at": 0.8, "otherwise": 2.5},
            "Chỉ tiêu 3.1: điểm khi chưa đạt ngưỡng (otherwise) phải từ 0 đến điểm tối đa 2",
        ),
        (
            {"at": 0.8, "otherwise": "sometimes"},
            "Chỉ tiêu 3.1: điểm khi chưa đạt ngưỡng (otherwise) “sometimes” không phải số",
        ),
        ({"at": 0.8, "bonus": 1}, "Chỉ tiêu 3.1: tham số không có: bonus"),
    ],
)
def test_threshold_parameters_are_checked(params, message):
    """As the administrator I am told which threshold parameter is wrong."""

    def wrong(data):
        indicator(data, "3.1")["params"] = params

    found = problems(wrong)
    assert len(found) == 1 and found[0].startswith(message)


def test_codes_header_and_source_are_checked():
    """As the administrator I am told about repeated codes, a bad version or date, and a
    source indicator that does not say where its numerator and denominator are."""

    def wrong(data):
        data["version"] = 0
        data["valid_from"] = "23/06/2022"
        indicator(data, "1.2")["code"] = "1.1"
        del indicator(data, "5.1")["denominator"]

    found = problems(wrong)
    assert "Phiên bản (version) “0” phải là số nguyên dương." in found
    assert "Ngày áp dụng (valid_from) “23/06/2022” không hợp lệ; ghi dạng 2025-01-01." in found
    assert "Mã chỉ tiêu “1.1” bị trùng." in found
    assert any(m.startswith("Chỉ tiêu 5.1: cách tính “source” cần tên nguồn") for m in found)


def test_a_broken_file_names_line_and_column(tmp_path):
    """As the administrator loading a file I am told where it is broken."""
    path = tmp_path / "766.json"
    path.write_text('{"code": "766",\n "version": }', encoding="utf-8")
    with pytest.raises(service_rules.RuleSetError) as caught:
        service_rules.read_file(path)
    assert caught.value.messages == ["Tệp 766.json, dòng 2, cột 13: không phải JSON hợp lệ."]


def _form_data(**changes):
    header, rules = service_rules.split(DATA)
    data = {**header, "version": 2, "valid_from": "2025-01-01", "rules": json.dumps(rules)}
    data.update(changes)
    return data


def test_the_admin_refuses_a_wrong_rule_set_and_saves_nothing():
    """As the administrator editing a rule set in the admin I see every problem and nothing
    is saved; a correct new version is saved."""
    _, rules = service_rules.split(DATA)
    broken = copy.deepcopy(rules)
    broken["groups"][1]["indicators"][0]["max"] = 19
    form = ServiceRuleSetForm(_form_data(rules=json.dumps(broken)))
    assert not form.is_valid()
    assert form.errors["rules"] == [
        "Nhóm 2 “Tiến độ giải quyết”: tổng điểm các chỉ tiêu là 19 nhưng điểm tối đa của "
        "nhóm là 20."
    ]
    form = ServiceRuleSetForm(_form_data(rules="{không phải json"))
    assert not form.is_valid()
    assert form.errors["rules"] == ["Quy tắc tính điểm không phải JSON hợp lệ."]
    assert ServiceRuleSet.objects.count() == 1
    form = ServiceRuleSetForm(_form_data())
    assert form.is_valid(), form.errors
    form.save()
    assert ServiceRuleSet.objects.count() == 2
    # the widget shows Vietnamese letters, not escapes
    assert "Công khai, minh bạch" in str(ServiceRuleSetForm(instance=form.instance)["rules"])


def test_the_province_enters_only_entered_indicators():
    """As the province's administrator I enter figures only for the indicators the system
    cannot count, never more than the denominator."""
    w = world()
    form = ServiceIndexEntryForm(
        {
            "indicator": "2.1",
            "unit": w.a.pk,
            "year": 2025,
            "month": 3,
            "numerator": 1,
            "denominator": 2,
        }
    )
    assert not form.is_valid()
    assert form.errors["indicator"] == [
        "Chỉ tiêu “2.1” không phải chỉ tiêu do tỉnh nhập số liệu; các chỉ tiêu nhập: 1.2, 4.2."
    ]
    form = ServiceIndexEntryForm(
        {
            "indicator": "1.2",
            "unit": w.a.pk,
            "year": 2025,
            "month": 3,
            "numerator": 3,
            "denominator": 2,
        }
    )
    assert not form.is_valid()
    assert form.errors["numerator"] == ["Tử số không được lớn hơn mẫu số."]
    assert ServiceIndexEntry.objects.count() == 0


def _version_2():
    """From 2025: online dossiers earn full points from 30% (not 50%) and digitisation and
    re-use are worth 8 and 4."""
    data = copy.deepcopy(DATA)
    data.update(version=2, valid_from="2025-01-01")
    indicator(data, "3.3")["params"] = {"at": 0.3, "otherwise": 3}
    indicator(data, "6.2")["max"] = 8
    indicator(data, "6.3")["max"] = 4
    header, rules = service_rules.split(data)
    row = ServiceRuleSet(**header, rules=rules)
    row.full_clean()
    row.save()


def test_a_new_version_changes_later_points_and_keeps_last_years(monkeypatch):
    """As the province I issue new rules from 01/01/2025: March 2025 is scored by them,
    March 2024 — the same dossiers a year earlier — keeps the old points."""
    monkeypatch.delitem(queries.sources._registry, "feedback.satisfaction_rate", raising=False)
    w = world()
    month_of_dossiers(w, w.a, 2024, 3)
    month_of_dossiers(w, w.a, 2025, 3)
    before_2024 = queries.outcome(w.a, periods.window("2024-03", "calendar")).result
    _version_2()
    last_year = queries.outcome(w.a, periods.window("2024-03", "calendar")).result
    this_year = queries.outcome(w.a, periods.window("2025-03", "calendar")).result
    assert (last_year.rules.version, this_year.rules.version) == (1, 2)
    assert last_year.points == before_2024.points
    # 40% online: 3 points under version 1, 6 under version 2
    assert last_year.indicator("3.3").points == 3
    assert this_year.indicator("3.3").points == 6
    # digitised 60%: 6 × 0,6 ÷ 0,8 = 4,5 of 6, then 8 × 0,6 ÷ 0,8 = 6 of 8
    assert (last_year.indicator("6.2").points, last_year.indicator("6.2").counted_max) == (
        Decimal("4.50"),
        6,
    )
    assert (this_year.indicator("6.2").points, this_year.indicator("6.2").counted_max) == (6, 8)
    assert this_year.indicator("6.3").points == 1  # 4 × 0,2 ÷ 0,8
    before = [(i.rule.code, i.points) for g in before_2024.groups for i in g.indicators]
    assert [(i.rule.code, i.points) for g in last_year.groups for i in g.indicators] == before


def test_no_rule_set_before_the_first_version():
    """As the reform officer I see no index for a month before Quyết định 766."""
    w = world()
    outcome = queries.outcome(w.a, periods.window("2022-05", "calendar"))
    assert outcome.rules is None and outcome.result is None


def test_a_stored_version_that_breaks_the_rules_is_refused_by_full_clean():
    """As the administrator I cannot save a version whose rules are wrong, even outside the
    admin form."""
    header, rules = service_rules.split(DATA)
    rules = copy.deepcopy(rules)
    rules["groups"][4]["indicators"][0]["measure"] = "happiness"
    row = ServiceRuleSet(**{**header, "version": 3, "valid_from": "2026-01-01"}, rules=rules)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert caught.value.message_dict["rules"][0].startswith(
        "Chỉ tiêu 5.1: cách tính “happiness” không có"
    )
