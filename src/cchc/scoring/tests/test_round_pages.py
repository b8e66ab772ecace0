"""As each person of a round I use its pages: the commune scores and submits on its sheet,
the council appraises, the organiser publishes; everyone else is kept out — another unit
gets 404, a wrong role 403 — and a refused or stale form changes nothing."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .. import services
from ..models import AppraisalDecision, Evidence, ParticipationStatus, Score
from ..services import AppraisalEntry, SelfEntry
from .factories import SMALL_SET, criteria_set, world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def w():
    w = world()
    w.round = services.open_round(
        w.district_officer,
        code="KR-2021",
        name="Chỉ số CCHC năm 2021 các xã",
        criteria_set=criteria_set("KR-XA-TEST", SMALL_SET),
        organiser=w.district,
        units=[w.a, w.b],
        year=2021,
        opens_on=date(2022, 1, 10),
        self_due_on=date(2022, 1, 31),
    )
    w.pa = w.round.participations.get(unit=w.a)
    w.pb = w.round.participations.get(unit=w.b)
    return w


def sheet(pk):
    return f"/chi-so-cchc/don-vi/{pk}/"


def self_post(p, **values):
    data = {"revision": p.revision}
    for code, points in (("1.1.1", "0.5"), ("1.1.2", "1.5"), ("1.2", "2"), ("2.1", "4")):
        data[f"p-{code}"] = points
    # 2.2 (postal) does not apply: its box comes ticked, as the page shows it.
    data |= {"na-2.2": "on", "nr-2.2": "Không có TTHC tiếp nhận qua bưu chính"}
    data.update(values)
    return data


def test_the_commune_scores_uploads_and_submits_on_its_sheet(client, w):
    """As Đắk Tô Re's reform officer I fill in the sheet, attach a file and submit."""
    client.force_login(w.officer_a)
    page = client.get(sheet(w.pa.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Điểm tự chấm tiêu chí 1.2" in text and "Nộp kết quả tự đánh giá" in text
    answer = client.post(
        f"{sheet(w.pa.pk)}tu-cham/", self_post(w.pa, **{"n-1.2": "Đã tuyên truyền"})
    )
    assert answer.status_code == 302
    assert Score.objects.get(participation=w.pa, criterion__code="1.2").self_points == D("2")
    upload = client.post(
        f"{sheet(w.pa.pk)}tai-lieu/",
        {"criterion": "1.2", "file": SimpleUploadedFile("ke-hoach.pdf", PDF)},
    )
    assert upload.status_code == 302
    assert Evidence.objects.get().criterion.code == "1.2"
    w.pa.refresh_from_db()
    done = client.post(f"{sheet(w.pa.pk)}buoc/submit/", {"revision": w.pa.revision})
    assert done.status_code == 302
    w.pa.refresh_from_db()
    assert w.pa.status == ParticipationStatus.SUBMITTED
    evidence = Evidence.objects.get()
    download = client.get(f"/chi-so-cchc/tai-lieu/{evidence.pk}/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_a_refused_or_stale_form_changes_nothing(client, w):
    """As the commune I am told "vượt điểm tối đa" (400) or that someone saved before me
    (409); my sheet stays as it was."""
    client.force_login(w.officer_a)
    refused = client.post(f"{sheet(w.pa.pk)}tu-cham/", self_post(w.pa, **{"p-1.2": "3,5"}))
    assert refused.status_code == 400
    assert (
        "Tiêu chí 1.2 (Tuyên truyền CCHC): điểm 3,5 vượt điểm tối đa 3" in refused.content.decode()
    )
    assert 'value="3,5"' in refused.content.decode()  # what I typed is kept
    stale = client.post(f"{sheet(w.pa.pk)}tu-cham/", self_post(w.pa, revision=w.pa.revision + 5))
    assert stale.status_code == 409 and "vừa được người khác cập nhật" in stale.content.decode()
    assert not Score.objects.filter(participation=w.pa, self_points__isnull=False).exists()
    bad_file = client.post(
        f"{sheet(w.pa.pk)}tai-lieu/",
        {"criterion": "1.2", "file": SimpleUploadedFile("a.exe", b"MZ")},
    )
    assert bad_file.status_code == 400 and "Chỉ nhận tệp PDF" in bad_file.content.decode()


def test_other_units_get_404_and_wrong_roles_get_403(client, w):
    """As Tân Lập's officer I cannot open Đắk Tô Re's sheet, files or analysis; as a
    specialist of Đắk Tô Re I can read but not score; as the commune I cannot appraise or
    publish."""
    services.add_evidence(
        w.officer_a,
        w.pa,
        Score.objects.filter(participation=w.pa).first().criterion,
        SimpleUploadedFile("a.pdf", PDF),
    )
    evidence = Evidence.objects.get()
    client.force_login(w.officer_b)
    for url in (
        sheet(w.pa.pk),
        f"{sheet(w.pa.pk)}phan-tich/",
        f"{sheet(w.pa.pk)}phan-tich/tai-ve/",
        f"/chi-so-cchc/tai-lieu/{evidence.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"{sheet(w.pa.pk)}tu-cham/",
        f"{sheet(w.pa.pk)}buoc/submit/",
        f"{sheet(w.pa.pk)}tai-lieu/",
    ):
        assert client.post(url, {"revision": 0}).status_code == 404, url
    outsider = world_outsider()
    client.force_login(outsider)
    assert client.get(f"/chi-so-cchc/dot/{w.round.pk}/").status_code == 404
    assert client.get(f"/chi-so-cchc/dot/{w.round.pk}/ket-qua/").status_code == 404

    client.force_login(w.specialist_a)
    assert client.get(sheet(w.pa.pk)).status_code == 200
    assert client.post(f"{sheet(w.pa.pk)}tu-cham/", self_post(w.pa)).status_code == 403
    assert client.post(f"{sheet(w.pa.pk)}buoc/submit/", {"revision": 0}).status_code == 403

    client.force_login(w.officer_a)
    assert client.post(f"{sheet(w.pa.pk)}tham-dinh/", {"revision": 0}).status_code == 403
    assert client.post(f"{sheet(w.pa.pk)}buoc/finalise/", {"revision": 0}).status_code == 403
    assert client.get(f"{sheet(w.pa.pk)}phan-tich/").status_code == 403  # not final yet
    publish = client.post(f"/chi-so-cchc/dot/{w.round.pk}/cong-bo/", {"revision": 0})
    assert publish.status_code == 403
    assert client.get("/chi-so-cchc/mo-dot-danh-gia/").status_code == 403
    # Before publication the commune sees the round, not the others' results.
    results = client.get(f"/chi-so-cchc/dot/{w.round.pk}/ket-qua/").content.decode()
    assert "chưa được công bố" in results and "Tân Lập" not in results
    detail = client.get(f"/chi-so-cchc/dot/{w.round.pk}/").content.decode()
    assert "Đắk Tô Re" in detail and "Tân Lập" not in detail


def world_outsider():
    from cchc.units.models import Role, RoleGrant, UnitKind
    from cchc.units.tests.factories import UnitFactory, UserFactory

    other = UnitFactory(code="KB", name="UBND huyện Kon Plông", kind=UnitKind.DISTRICT)
    user = UserFactory()
    RoleGrant.objects.create(user=user, unit=other, role=Role.REFORM_OFFICER)
    return user


def test_the_council_appraises_and_the_organiser_publishes(client, w):
    """As the council I change 1.2 with a reason, send, finalise; as the organiser I publish
    and the ranking appears."""
    for officer, p in ((w.officer_a, w.pa), (w.officer_b, w.pb)):
        p = services.save_self_assessment(
            officer,
            p,
            {
                c: SelfEntry(v)
                for c, v in (("1.1.1", "0.5"), ("1.1.2", "1.5"), ("1.2", "3"), ("2.1", "4"))
            },
        )
        services.submit_self_assessment(officer, p)
    client.force_login(w.appraiser)
    w.pa.refresh_from_db()
    # The council changes 1.2 and accepts every other leaf in one go.
    data = {"revision": w.pa.revision, "accept_rest": "on"}
    data |= {"d-1.2": "change", "ap-1.2": "2", "an-1.2": ""}
    refused = client.post(f"{sheet(w.pa.pk)}tham-dinh/", data)
    assert refused.status_code == 400 and "ghi lý do điều chỉnh" in refused.content.decode()
    data["an-1.2"] = "Chưa có hội thi"
    assert client.post(f"{sheet(w.pa.pk)}tham-dinh/", data).status_code == 302
    decisions = dict(
        Score.objects.filter(participation=w.pa, applicable=True).values_list(
            "criterion__code", "appraisal_decision"
        )
    )
    assert decisions == {"1.1.1": "accept", "1.1.2": "accept", "1.2": "change", "2.1": "accept"}
    w.pa.refresh_from_db()
    assert (
        client.post(f"{sheet(w.pa.pk)}buoc/send/", {"revision": w.pa.revision}).status_code == 302
    )
    w.pa.refresh_from_db()
    assert (
        client.post(f"{sheet(w.pa.pk)}buoc/finalise/", {"revision": w.pa.revision}).status_code
        == 302
    )
    w.pb.refresh_from_db()
    pb = services.appraise(
        w.appraiser,
        w.pb,
        {c: AppraisalEntry(AppraisalDecision.ACCEPT) for c in ("1.1.1", "1.1.2", "1.2", "2.1")},
    )
    services.finalise(w.appraiser, services.send_appraisal(w.appraiser, pb))
    client.force_login(w.district_officer)
    w.round.refresh_from_db()
    published = client.post(
        f"/chi-so-cchc/dot/{w.round.pk}/cong-bo/", {"revision": w.round.revision}
    )
    assert published.status_code == 302
    client.force_login(w.officer_a)
    page = client.get(f"/chi-so-cchc/dot/{w.round.pk}/ket-qua/").content.decode()
    tl = page[page.index('data-unit="KR-TL"') :]
    assert '<td class="num">1</td>' in tl[: tl.index("</tr>")]
    for fmt in ("xlsx", "docx", "json"):
        assert client.get(f"/chi-so-cchc/dot/{w.round.pk}/ket-qua/tai-ve/{fmt}/").status_code == 200
    analysis = client.get(f"{sheet(w.pa.pk)}phan-tich/")
    assert analysis.status_code == 200 and "Chưa có hội thi" in analysis.content.decode()
    docx = client.get(f"{sheet(w.pa.pk)}phan-tich/tai-ve/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    api = client.get("/api/scoring/rounds/KR-2021/results/").json()
    assert [u["code"] for u in api["units"]] == ["KR-TL", "KR-DTR"]


def test_a_wrong_file_can_be_taken_back_until_submission(
    client, w, django_capture_on_commit_callbacks
):
    """As Đắk Tô Re's officer I delete a file I attached by mistake; another commune cannot,
    and after submission the files stay with the result."""
    criterion = Score.objects.filter(participation=w.pa).first().criterion
    services.add_evidence(w.officer_a, w.pa, criterion, SimpleUploadedFile("nham.pdf", PDF))
    evidence = Evidence.objects.get()
    stored = evidence.file.path
    client.force_login(w.officer_b)
    assert client.post(f"/chi-so-cchc/tai-lieu/{evidence.pk}/xoa/").status_code == 404
    client.force_login(w.specialist_a)
    assert client.post(f"/chi-so-cchc/tai-lieu/{evidence.pk}/xoa/").status_code == 403
    client.force_login(w.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/chi-so-cchc/tai-lieu/{evidence.pk}/xoa/").status_code == 302
    assert not Evidence.objects.exists() and not Path(stored).exists()
    services.add_evidence(w.officer_a, w.pa, criterion, SimpleUploadedFile("dung.pdf", PDF))
    kept = Evidence.objects.get()
    services.submit_self_assessment(
        w.officer_a,
        services.save_self_assessment(
            w.officer_a,
            w.pa,
            {
                c: SelfEntry(v)
                for c, v in (("1.1.1", "0.5"), ("1.1.2", "1.5"), ("1.2", "3"), ("2.1", "4"))
            },
        ),
    )
    refused = client.post(f"/chi-so-cchc/tai-lieu/{kept.pk}/xoa/")
    assert refused.status_code == 400 and "không xóa được" in refused.content.decode()
    assert Evidence.objects.filter(pk=kept.pk).exists()
