"""Who sees and who writes a criteria set: a set is seen by users of its issuing unit's tree,
by everyone when it has no issuer, and by users of a unit taking part in a round that uses
it; anyone else gets 404 on every page. Writing needs the reform officer, appraiser or
administrator role reaching the issuer (403 otherwise), and a refused action changes nothing.
"""

import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cchc.units.models import Role
from cchc.units.tests.factories import staff_with_role

from .. import sets
from ..models import CriteriaSet
from .test_criteria_set_import import SET_YAML, open_round, set_world, tree, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path):
    w = set_world()
    w.set, _ = sets.import_set_file(write(tmp_path, SET_YAML), w.officer)
    w.leaf = w.set.criteria.get(code="1.1")
    return w


def every_page_and_action(w):
    """(method, url, data) of every page and action of one set."""
    pk, leaf = w.set.pk, w.leaf.pk
    post = {"revision": 0, "code": "1.1", "name": "Đổi tên", "max_points": "1", "method": "manual"}
    return [
        ("get", reverse("criteria-set-detail", args=[pk]), None),
        ("get", reverse("criteria-set-export", args=[pk, "yaml"]), None),
        ("get", reverse("criteria-set-export", args=[pk, "xlsx"]), None),
        ("get", reverse("criteria-set-edit", args=[pk]), None),
        ("post", reverse("criteria-set-edit", args=[pk]), {"revision": 0, "name": "X"}),
        ("get", reverse("criteria-set-copy", args=[pk]), None),
        ("post", reverse("criteria-set-copy", args=[pk]), {"code": "NEW", "year": 2022}),
        ("get", reverse("criterion-add", args=[pk]), None),
        ("post", reverse("criterion-add", args=[pk]), {**post, "code": "3"}),
        ("get", reverse("criterion-edit", args=[leaf]), None),
        ("post", reverse("criterion-edit", args=[leaf]), post),
        ("get", reverse("criterion-delete", args=[leaf]), None),
        ("post", reverse("criterion-delete", args=[leaf]), {"revision": 0}),
    ]


def test_a_user_of_another_district_gets_404_everywhere(client, world):
    """As the reform officer of Đăk Hà I cannot find Kon Rẫy's criteria set at all."""
    client.force_login(world.outsider)
    before = tree(world.set)
    for method, url, data in every_page_and_action(world):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    listing = client.get(reverse("criteria-set-list"))
    assert listing.status_code == 200 and "KR-XA-TEST" not in listing.content.decode()
    assert list(sets.visible_sets(world.outsider)) == []
    assert tree(world.set) == before and CriteriaSet.objects.count() == 1


def test_a_specialist_reads_but_cannot_write(client, world):
    """As a specialist of Kon Rẫy I can read and download our set but not change, copy or
    import one (403), and nothing changes."""
    client.force_login(world.specialist)
    before = tree(world.set)
    for method, url, data in every_page_and_action(world):
        response = getattr(client, method)(url, data)
        reading = method == "get" and ("tai-ve" in url or url.endswith(f"/{world.set.pk}/"))
        expected = 200 if reading else 403
        assert response.status_code == expected, (method, url)
    assert client.get(reverse("criteria-set-import")).status_code == 403
    assert client.post(reverse("criteria-set-import"), {}).status_code == 403
    detail = client.get(reverse("criteria-set-detail", args=[world.set.pk])).content.decode()
    assert reverse("criterion-edit", args=[world.leaf.pk]) not in detail
    assert (
        "Nhập bộ tiêu chí từ tệp" not in client.get(reverse("criteria-set-list")).content.decode()
    )
    world.set.refresh_from_db()
    assert tree(world.set) == before and world.set.revision == 0


def test_the_commune_sees_the_set_of_its_district_and_sets_without_issuer(client, world, tmp_path):
    """As the reform officer of Đắk Tô Re I see the set my district issued once a round of it
    includes my commune, but I cannot change it; a set without issuer everyone sees."""
    commune_officer = staff_with_role(Role.REFORM_OFFICER, world.commune)
    assert world.set not in sets.visible_sets(commune_officer)
    open_round(world.set, world.district, world.commune)
    assert world.set in sets.visible_sets(commune_officer)
    client.force_login(commune_officer)
    assert client.get(reverse("criteria-set-detail", args=[world.set.pk])).status_code == 200
    # Seeing is not writing: the set's issuer is above the commune.
    assert client.get(reverse("criterion-edit", args=[world.leaf.pk])).status_code == 403
    free, _ = sets.import_set_file(
        write(tmp_path, SET_YAML.replace("issuer: KONRAY\n", "").replace("KR-XA-TEST", "FREE"))
    )
    client.force_login(world.outsider)
    assert client.get(reverse("criteria-set-detail", args=[free.pk])).status_code == 200
    # Only a superuser writes a set without issuer.
    assert client.get(reverse("criterion-edit", args=[free.criteria.first().pk])).status_code == 403


def test_the_issuers_officer_uploads_through_the_import_page(client, world):
    """As the reform officer of Kon Rẫy I upload a file: a bad one lists its errors with line
    and key (400, nothing changed); a good one takes me to the set."""
    client.force_login(world.officer)
    url = reverse("criteria-set-import")
    assert client.get(url).status_code == 200
    bad = SET_YAML.replace("KR-XA-TEST", "KR-XA-NEW").replace("max: 0.25", "max: 0.255")
    response = client.post(url, {"file": SimpleUploadedFile("moi.yaml", bad.encode())})
    assert response.status_code == 400
    html = response.content.decode()
    assert "không có gì thay đổi" in html and "Tiêu chí 1.2.1" in html and ">26<" in html
    assert not CriteriaSet.objects.filter(code="KR-XA-NEW").exists()
    good = bad.replace("max: 0.255", "max: 0.25")
    response = client.post(url, {"file": SimpleUploadedFile("moi.yaml", good.encode())})
    created = CriteriaSet.objects.get(code="KR-XA-NEW")
    assert response.status_code == 302 and response.url.endswith(f"/{created.pk}/")


def test_downloads_read_back_as_the_set(client, world):
    """As a specialist I download the set as Excel and as YAML and find our criteria in them."""
    client.force_login(world.specialist)
    response = client.get(reverse("criteria-set-export", args=[world.set.pk, "xlsx"]))
    assert response["Content-Disposition"] == 'attachment; filename="KR-XA-TEST.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Tiêu chí"].iter_rows(values_only=True))
    assert ("1.2.1", "1.2", "Báo cáo CCHC quý, 6 tháng, năm", 0.25) == rows[4][:4]
    assert rows[1][3] == 1.75  # area 1's derived maximum
    response = client.get(reverse("criteria-set-export", args=[world.set.pk, "yaml"]))
    data = yaml.safe_load(response.content.decode())
    assert data["code"] == "KR-XA-TEST" and data["items"][1]["max"] == 3
    assert client.get(reverse("criteria-set-export", args=[world.set.pk, "pdf"])).status_code == 404
