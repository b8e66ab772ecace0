"""The one-stop desk's intake page: find the procedure, type the applicant and the papers, and
accept, ask for more (Mẫu 02) or refuse (Mẫu 03) with one click each."""

import html
import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cchc.catalog.tests.factories import ProcedureFactory, add_components
from cchc.units.models import Role
from cchc.units.tests.factories import PASSWORD
from cchc.workcal import services as workcal

from .. import queries, services
from ..models import Dossier, DossierCodeCounter, IntakeOutcome, IntakeRecord
from .factories import T0, accept, applicant, docx_text, later, user_with

pytestmark = pytest.mark.django_db
URL = "/ho-so/tiep-nhan/"


@pytest.fixture(autouse=True)
def at_the_counter():
    """Monday 02/03/2026 08:00 at the counter: a working time of the seeded calendar."""
    with time_machine.travel(T0, tick=False):
        yield


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def intake_data(world, outcome="accept", rows=(), **fields):
    """What the browser posts: the applicant, the components table and the button pressed."""
    data = {
        "unit": world.commune.pk,
        "procedure": world.procedure.pk,
        "applicant_kind": "person",
        "applicant_name": "Trần Văn Bình",
        "applicant_id_number": "084190009999",
        "applicant_phone": "0912345678",
        "applicant_email": "binh@example.vn",
        "applicant_address": "Ấp Chợ, xã Phước Hưng",
        "representative_name": "",
        "representative_id_number": "",
        "request": "",
        "channel": "1",
        "return_channel": "desk",
        "missing": "",
        "reason": "",
        "outcome": outcome,
    }
    rows = list(rows) or [{"name": "Tờ khai đăng ký khai sinh", "digitised": "on"}]
    data.update({"tp-TOTAL_FORMS": str(len(rows)), "tp-INITIAL_FORMS": "0"})
    for i, row in enumerate(rows):
        data.update({f"tp-{i}-sets": "1", f"tp-{i}-kind": "original", f"tp-{i}-listed": "False"})
        data.update({f"tp-{i}-{key}": value for key, value in row.items()})
    data.update(fields)
    return data


def counts():
    return (
        Dossier.objects.count(),
        IntakeRecord.objects.count(),
        DossierCodeCounter.objects.count(),
    )


def listed_procedures(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-procedure="(\d+)"', response.content.decode())]


def test_accepting_gives_a_code_and_the_due_time_of_the_calendar(client, world):
    """As a desk officer I accept a complete dossier with one click and land on its page,
    ready to print the receipt."""
    response = login(client, world.desk).post(URL, intake_data(world))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossier-detail", args=[dossier.pk])
    assert dossier.code == "H56.30.01-260302-0001"
    assert dossier.unit == world.commune and dossier.applicant_name == "Trần Văn Bình"
    assert dossier.received_at == T0
    assert dossier.due_at == workcal.due_at(
        dossier.received_at, world.procedure.versions.get().processing_time, world.commune
    )
    component = dossier.components.get()
    assert component.name == "Tờ khai đăng ký khai sinh" and component.digitised
    page = client.get(response["Location"])
    assert reverse("dossier-print", args=[dossier.pk, "01"]) in page.content.decode()
    assert f"Đã tiếp nhận hồ sơ {dossier.code}" in page.content.decode()


def test_incomplete_records_what_is_missing_and_uses_no_code(client, world):
    """As a desk officer I tell the applicant what is missing without using up a dossier code."""
    login(client, world.desk)
    data = intake_data(world, "incomplete", missing="Bản sao căn cước\n\n Giấy ủy quyền ")
    response = client.post(URL, data)
    record = IntakeRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossier-intake-record", args=[record.pk])
    assert record.outcome == IntakeOutcome.INCOMPLETE
    assert record.missing == ["Bản sao căn cước", "Giấy ủy quyền"]
    assert record.officer == world.desk and record.applicant_name == "Trần Văn Bình"
    assert not Dossier.objects.exists() and not DossierCodeCounter.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert reverse("dossier-intake-print", args=[record.pk]) in page and "Mẫu 02" in page
    client.post(URL, intake_data(world))
    assert Dossier.objects.get().code.endswith("-0001")


def test_printed_form_02_names_the_applicant_and_the_missing_items(client, world):
    """As a desk officer I hand the applicant Mẫu 02 listing what to bring."""
    login(client, world.desk)
    client.post(URL, intake_data(world, "incomplete", missing="Bản sao căn cước"))
    record = IntakeRecord.objects.get()
    response = client.get(reverse("dossier-intake-print", args=[record.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "Trần Văn Bình" in text and "Bản sao căn cước" in text


def test_refusal_records_the_reason_and_prints_form_03(client, world):
    """As a desk officer I refuse a dossier outside our competence and print Mẫu 03 with the reason."""
    login(client, world.desk)
    reason = "Thủ tục thuộc thẩm quyền của UBND huyện."
    response = client.post(URL, intake_data(world, "refuse", reason=reason))
    record = IntakeRecord.objects.get()
    assert response["Location"] == reverse("dossier-intake-record", args=[record.pk])
    assert record.outcome == IntakeOutcome.REFUSED and record.reason == reason
    assert not Dossier.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Mẫu 03" in page
    text = docx_text(client.get(reverse("dossier-intake-print", args=[record.pk])).content)
    assert "Trần Văn Bình" in text and reason in text


@pytest.mark.parametrize(
    "outcome, change, message",
    [
        ("accept", {"applicant_name": "  "}, "Vui lòng nhập tên tổ chức, cá nhân nộp hồ sơ."),
        ("incomplete", {"missing": " \n "}, "Vui lòng nhập nội dung cần bổ sung, hoàn thiện"),
        ("refuse", {"reason": "   "}, "Vui lòng nhập lý do từ chối tiếp nhận."),
        ("accept", {"no_version": True}, "Thủ tục chưa có thời hạn giải quyết"),
        ("accept", {"tp-0-sets": "0"}, "Số bộ phải từ 1 trở lên."),
    ],
    ids=["no-name", "no-missing-items", "no-reason", "procedure-without-version", "zero-sets"],
)
def test_bad_input_is_shown_in_vietnamese_with_what_was_typed(
    client, world, outcome, change, message
):
    """As a desk officer I see what I got wrong next to the field, my typing kept, nothing saved."""
    if change.pop("no_version", False):
        change["procedure"] = ProcedureFactory(processing_time=False).pk
    before = counts()
    response = login(client, world.desk).post(URL, intake_data(world, outcome, **change))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'class="field-error"' in page
    assert 'value="0912345678"' in page  # what was typed is still there
    assert counts() == before


def test_the_service_refusal_is_shown_next_to_the_procedure(client, world):
    """As a desk officer I learn at once that a procedure without a processing time cannot be accepted."""
    bare = ProcedureFactory(processing_time=False, name="Thủ tục chưa có thời hạn")
    response = login(client, world.desk).post(URL, intake_data(world, procedure=bare.pk))
    page = response.content.decode()
    assert 'id="id_procedure_error"' in page
    assert "Thủ tục chưa có thời hạn" in page  # the chosen procedure is still shown
    assert not Dossier.objects.exists()


def test_a_specialist_may_not_open_the_intake_page(client, world):
    """As a specialist I have no desk role, so the intake page is closed to me (403)."""
    login(client, world.specialist)
    assert client.get(URL).status_code == 403
    assert client.post(URL, intake_data(world)).status_code == 403
    assert counts() == (0, 0, 0)


def test_another_units_desk_gets_404_on_our_intake_record(client, world):
    """As a desk officer of another commune I cannot open or print this commune's Mẫu 02/03."""
    record = services.refuse_at_intake(
        world.desk, world.commune, world.procedure, applicant(), "Không thuộc thẩm quyền"
    )
    login(client, world.outsider)
    assert client.get(reverse("dossier-intake-record", args=[record.pk])).status_code == 404
    assert client.get(reverse("dossier-intake-print", args=[record.pk])).status_code == 404


def test_the_posted_unit_must_be_one_of_my_desks(client, world):
    """As a desk officer I cannot take a dossier in for a unit where I have no desk role."""
    response = login(client, world.desk).post(URL, intake_data(world, unit=world.sibling.pk))
    assert response.status_code == 400
    assert "Bạn không có quyền tiếp nhận hồ sơ tại đơn vị này." in response.content.decode()
    assert counts() == (0, 0, 0)


def test_an_officer_of_several_desks_picks_the_receiving_unit(client, world):
    """As a desk officer serving two communes I choose which one receives the dossier."""
    both = user_with([Role.ONE_STOP_OFFICER], world.commune, username="haixa")
    both.role_grants.create(unit=world.sibling, role=Role.ONE_STOP_OFFICER)
    login(client, both)
    page = client.get(URL).content.decode()
    assert 'name="don_vi"' in page and world.sibling.name in page and "<select" in page
    client.post(URL, intake_data(world, unit=world.sibling.pk))
    assert Dossier.objects.get().code == "H56.30.02-260302-0001"


def test_recently_used_procedures_come_first_in_a_search_without_diacritics(client, world):
    """As a desk officer I find "Đăng ký …" by typing "dang ky", the ones I used lately on top."""
    birth = ProcedureFactory(name="Đăng ký khai sinh")
    marriage = ProcedureFactory(name="Đăng ký kết hôn")
    death = ProcedureFactory(name="Đăng ký khai tử")
    ProcedureFactory(name="Cấp bản sao trích lục")
    accept(world, procedure=death, at=later(-60))
    services.record_incomplete(
        world.desk, world.commune, marriage, applicant(), ["Tờ khai"], at=later(-30)
    )
    services.accept_at_desk(world.outsider, world.sibling, birth, applicant(), received_at=T0)
    login(client, world.desk)
    found = listed_procedures(client.get(URL, {"q": "dang ky"}))
    assert found == [marriage.pk, death.pk, birth.pk]
    assert listed_procedures(client.get(URL)) == [marriage.pk, death.pk]


def test_live_search_answers_htmx_with_the_results_only(client, world):
    """As a desk officer I see matches while I type (htmx), without reloading the page."""
    wanted = ProcedureFactory(name="Chứng thực bản sao từ bản chính")
    response = login(client, world.desk).get(URL, {"q": "chung thuc"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert listed_procedures(response) == [wanted.pk]


def test_choosing_a_procedure_offers_its_usual_components_to_tick(client, world):
    """As a desk officer I tick the papers usual for the procedure and add one more by hand."""
    accept(world, at=later(-60))  # an earlier dossier: "Tờ khai …" and "Giấy chứng sinh"
    login(client, world.desk)
    page = client.get(URL, {"thu_tuc": world.procedure.pk}).content.decode()
    assert "Giấy chứng sinh" in page and 'name="outcome" value="refuse"' in page
    names = re.findall(r'name="(tp-\d+)-name" value="([^"]+)"', page)
    rows = [{"name": name, "listed": "True"} for _prefix, name in names]
    rows[0]["submitted"] = "on"  # ticked; the second listed paper was not brought
    rows.append({"name": "Giấy xác nhận cư trú", "sets": "2", "kind": "copy"})
    client.post(URL, intake_data(world, rows=rows))
    dossier = Dossier.objects.exclude(code__endswith="-0001").get()
    got = [(c.name, c.sets, c.form) for c in dossier.components.order_by("order")]
    assert got == [(names[0][1], 1, "original"), ("Giấy xác nhận cư trú", 2, "copy")]


def test_the_menu_offers_intake_to_the_desk_only(client, world):
    """As a desk officer I reach "Tiếp nhận hồ sơ" from the menu; a specialist does not see it."""
    link = f'<a href="{URL}"'
    assert link in login(client, world.desk).get(reverse("home")).content.decode()
    assert link not in login(client, world.specialist).get(reverse("home")).content.decode()


MISSING_BIRTH_CERTIFICATE = (
    "Hồ sơ còn thiếu thành phần bắt buộc: Giấy chứng sinh (bản chính); "
    "hãy chọn «Chưa đủ – yêu cầu bổ sung»."
)


def listed_rows(page: str) -> list[dict]:
    """The listed lines of the components table as the browser would post them, unticked."""
    rows = []
    for prefix, name in re.findall(
        r'<input type="hidden" name="(tp-\d+)-name" value="([^"]*)"', page
    ):
        sets = re.search(rf'name="{prefix}-sets" value="(\d+)"', page).group(1)
        kind = re.search(
            rf'<select name="{prefix}-kind".*?<option value="(\w+)"[^>]*selected', page, re.S
        ).group(1)
        mandatory = re.search(rf'name="{prefix}-mandatory" value="(\w+)"', page).group(1)
        rows.append(
            {
                "name": html.unescape(name),
                "listed": "True",
                "sets": sets,
                "kind": kind,
                "mandatory": mandatory,
            }
        )
    return rows


def prefilled_missing(page: str) -> list[str]:
    text = re.search(r'<textarea name="missing"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    return [line.strip() for line in html.unescape(text).splitlines() if line.strip()]


@pytest.fixture
def birth_list(world):
    """The procedure's version in force lists three papers (two mandatory); a version from
    2027 lists something else."""
    add_components(world.procedure.versions.get())
    future = world.procedure.versions.create(effective_from=date(2027, 1, 1), processing_time="3d")
    add_components(future, [("Giấy tờ của phiên bản sau", "original", 1, True)])
    return world


def test_the_form_lists_the_components_of_the_version_in_force(client, birth_list):
    """As a desk officer I see the procedure's published list of components, in order, with
    the sets and paper pre-filled and the mandatory ones marked "(bắt buộc)", plus blank lines
    for other papers."""
    world = birth_list
    accept(world, at=later(-60))  # papers of an earlier dossier are not offered any more
    page = login(client, world.desk).get(URL, {"thu_tuc": world.procedure.pk}).content.decode()
    rows = listed_rows(page)
    assert [(r["name"], r["sets"], r["kind"], r["mandatory"]) for r in rows] == [
        ("Tờ khai đăng ký khai sinh theo mẫu", "1", "original", "True"),
        ("Giấy chứng sinh (bản chính)", "1", "original", "True"),
        ("Giấy chứng nhận kết hôn của cha, mẹ trẻ", "2", "copy", "False"),
    ]
    assert page.count("<strong>(bắt buộc)</strong>") == 2
    assert page.count("Giấy tờ khác") == 3
    assert "Giấy tờ của phiên bản sau" not in page


def test_accepting_without_a_mandatory_component_is_refused_and_changes_nothing(client, birth_list):
    """As a desk officer I cannot accept a dossier missing a mandatory paper: I am told which
    one next to the components, nothing is saved, and the missing paper is already written
    in the list for "Chưa đủ – yêu cầu bổ sung"."""
    world = birth_list
    login(client, world.desk)
    rows = listed_rows(client.get(URL, {"thu_tuc": world.procedure.pk}).content.decode())
    rows[0]["submitted"] = "on"  # the form, but no birth certificate
    before = counts()
    response = client.post(URL, intake_data(world, rows=rows))
    page = response.content.decode()
    assert response.status_code == 400
    assert f'<p class="field-error" id="components_error">{MISSING_BIRTH_CERTIFICATE}</p>' in page
    assert counts() == before
    assert prefilled_missing(page) == ["Giấy chứng sinh (bản chính)"]
    assert 'value="0912345678"' in page  # what was typed is still there

    missing = "\n".join(prefilled_missing(page))
    response = client.post(URL, intake_data(world, "incomplete", rows=rows, missing=missing))
    record = IntakeRecord.objects.get()
    assert response["Location"] == reverse("dossier-intake-record", args=[record.pk])
    assert record.missing == ["Giấy chứng sinh (bản chính)"]
    assert not Dossier.objects.exists()


def test_all_mandatory_components_ticked_is_accepted_without_the_optional_one(client, birth_list):
    """As a desk officer I accept a dossier that has every mandatory paper, even without the
    "nếu có" one, and the receipt lists what was brought with its sets and paper."""
    world = birth_list
    login(client, world.desk)
    rows = listed_rows(client.get(URL, {"thu_tuc": world.procedure.pk}).content.decode())
    rows[0]["submitted"] = rows[1]["submitted"] = "on"
    rows.append({"name": "Giấy xác nhận cư trú", "sets": "1", "kind": "copy"})
    response = client.post(URL, intake_data(world, rows=rows))
    assert response.status_code == 302
    got = [(c.name, c.sets, c.form) for c in Dossier.objects.get().components.order_by("order")]
    assert got == [
        ("Tờ khai đăng ký khai sinh theo mẫu", 1, "original"),
        ("Giấy chứng sinh (bản chính)", 1, "original"),
        ("Giấy xác nhận cư trú", 1, "copy"),
    ]


def test_the_service_checks_the_list_only_when_given_one(world):
    """As an integrator calling the service (API, CLI) I get the same refusal when I pass the
    procedure's mandatory components, and callers passing no list work as before."""
    add_components(world.procedure.versions.get())
    required = queries.mandatory_components(world.procedure)
    assert required == ["Tờ khai đăng ký khai sinh theo mẫu", "Giấy chứng sinh (bản chính)"]
    given = [services.ComponentInput("to khai dang ky khai sinh theo mau")]
    with pytest.raises(ValidationError) as refused:
        services.accept_at_desk(
            world.desk,
            world.commune,
            world.procedure,
            applicant(),
            given,
            required_components=required,
        )
    assert refused.value.message_dict == {"components": [MISSING_BIRTH_CERTIFICATE]}
    assert counts() == (0, 0, 0)
    services.accept_at_desk(world.desk, world.commune, world.procedure, applicant(), given)
    assert Dossier.objects.count() == 1
