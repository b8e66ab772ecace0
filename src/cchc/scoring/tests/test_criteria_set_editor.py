"""The criteria-set editor: the reform officer of the issuing district adds, edits and
deletes nodes, edits the set's fields and grades and copies it as a new version; the page
shows parents' maxima derived from their leaves; whatever breaks the rules of a set is
refused (400) and changes nothing, a stale form gets 409, a set used by a round is read-only.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from .. import sets
from ..models import CriteriaSet
from .test_criteria_set_import import SET_YAML, open_round, set_world, tree, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path):
    w = set_world()
    w.set, _ = sets.import_set_file(write(tmp_path, SET_YAML), w.officer)
    return w


def node(w, code):
    return w.set.criteria.get(code=code)


def leaf_post(revision, **fields):
    data = {
        "revision": revision,
        "code": "",
        "name": "",
        "max_points": "",
        "method": "manual",
        "params": "",
        "source": "",
        "evidence": "",
        "applicability": "",
        "responsible": "",
        "responsible_text": "",
        "part": "self",
    }
    data.update(fields)
    return data


def page(client, w):
    response = client.get(reverse("criteria-set-detail", args=[w.set.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_set_page_shows_the_tree_with_derived_parent_maxima(client, world):
    """As the reform officer I open our set and see every node, the parents' maxima as the
    sums of their leaves, methods in Vietnamese and the grade bands."""
    client.force_login(world.officer)
    html = page(client, world)
    assert "Báo cáo CCHC quý, 6 tháng, năm" in html and "0,25" in html
    assert f'id="tc-{node(world, "1.2").pk}"' in html
    rows = sets.tree_rows(world.set)
    assert [(r.code, r.max_label) for r in rows if not r.leaf] == [
        ("1", "1,75"),
        ("1.2", "0,75"),
        ("2", "3"),
    ]
    assert "Đúng hạn: đạt tối đa hoặc 0 điểm" in html
    assert "chỉ áp dụng cho đơn vị có TTHC trong danh mục tiếp nhận" in html
    assert "từ 80 điểm trở lên" in html and "từ 65 đến dưới 80 điểm" in html
    assert "Tổng điểm tối đa" in html and "4,75" in html
    assert reverse("criterion-edit", args=[node(world, "1.1").pk]) in html


def test_adding_editing_and_deleting_nodes_keeps_parents_as_sums(client, world):
    """As the reform officer I add 1.2.3 (0,5), raise 1.2.1 to 0,5 and delete 2.2; the page
    shows the new sums and every write bumps the set's revision."""
    client.force_login(world.officer)
    parent = node(world, "1.2")
    url = reverse("criterion-add", args=[world.set.pk]) + f"?parent={parent.pk}"
    form = client.get(url)
    assert form.status_code == 200 and 'value="1.2.3"' in form.content.decode()
    response = client.post(
        url,
        leaf_post(
            0,
            code="1.2.3",
            name="Báo cáo kiểm soát TTHC",
            max_points="0,5",
            method="on_time",
            source="reporting.on_time?type=tthc-control",
            parent=parent.pk,
        ),
    )
    assert response.status_code == 302, response.content.decode()
    added = node(world, "1.2.3")
    assert added.parent == parent and added.max_points == Decimal("0.5")

    leaf = node(world, "1.2.1")
    response = client.post(
        reverse("criterion-edit", args=[leaf.pk]),
        leaf_post(1, code="1.2.1", name=leaf.name, max_points="0.5", method="on_time"),
    )
    assert response.status_code == 302
    response = client.post(
        reverse("criterion-delete", args=[node(world, "2.2").pk]), {"revision": 2}
    )
    assert response.status_code == 302
    world.set.refresh_from_db()
    assert world.set.revision == 3
    assert not world.set.criteria.filter(code="2.2").exists()
    labels = {r.code: r.max_label for r in sets.tree_rows(world.set)}
    assert (labels["1.2"], labels["1"], labels["2"]) == ("1,5", "2,5", "2")
    assert node(world, "1.2").max_points is None  # a parent's maximum is never stored
    assert "Tổng điểm tối đa" in page(client, world)


def test_a_leaf_that_gets_a_child_becomes_a_parent(client, world):
    """As the reform officer I split 1.1 into sub-criteria: its own maximum and method go and
    its maximum becomes the sum of the new children."""
    client.force_login(world.officer)
    leaf = node(world, "1.1")
    url = reverse("criterion-add", args=[world.set.pk]) + f"?parent={leaf.pk}"
    assert "chưa có tiêu chí con" in client.get(url).content.decode()
    response = client.post(
        url, leaf_post(0, code="1.1.1", name="Ban hành kế hoạch", max_points="0,25")
    )
    assert response.status_code == 302
    leaf.refresh_from_db()
    assert (leaf.max_points, leaf.method) == (None, "")
    assert {r.code: r.max_label for r in sets.tree_rows(world.set)}["1.1"] == "0,25"


def test_renaming_a_parent_renames_its_children(client, world):
    """As the reform officer I renumber criterion 1.2 as 1.3; its sub-criteria follow."""
    client.force_login(world.officer)
    parent = node(world, "1.2")
    response = client.post(
        reverse("criterion-edit", args=[parent.pk]),
        {"revision": 0, "code": "1.3", "name": parent.name},
    )
    assert response.status_code == 302
    codes = list(world.set.criteria.order_by("sort_key").values_list("code", flat=True))
    assert codes == ["1", "1.1", "1.3", "1.3.1", "1.3.2", "2", "2.1", "2.2"]
    parent.refresh_from_db()
    assert parent.code == "1.3" and parent.children.count() == 2


@pytest.mark.parametrize(
    "fields, needle",
    [
        ({"max_points": "0,255"}, "chỉ được có tối đa hai chữ số thập phân"),
        ({"max_points": "0"}, "phải lớn hơn 0"),
        ({"max_points": "-1"}, "phải lớn hơn 0"),
        ({"method": "bands"}, "cần tham số bands"),
        ({"method": "deductions", "params": '{"floor": 0}'}, "per_late"),
        ({"source": "nowhere.to_be_found"}, "chưa có trong hệ thống"),
        ({"applicability": "has_no_such_rule"}, "không có"),
        ({"code": "2.5"}, "bắt đầu bằng mã tiêu chí cha “1.2”"),
        ({"code": "1.2.2"}, "trùng"),
    ],
)
def test_a_leaf_breaking_the_rules_is_refused_and_nothing_changes(client, world, fields, needle):
    """As the reform officer I type a leaf the rules refuse: the form comes back (400) with
    the message naming the criterion, and the set is unchanged."""
    client.force_login(world.officer)
    leaf = node(world, "1.2.1")
    before = tree(world.set)
    data = leaf_post(0, code="1.2.1", name=leaf.name, max_points="0,25", method="on_time")
    data.update(fields)
    response = client.post(reverse("criterion-edit", args=[leaf.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert needle in html and f"Tiêu chí {fields.get('code', '1.2.1')}:" in html
    world.set.refresh_from_db()
    assert tree(world.set) == before and world.set.revision == 0


def test_an_unknown_method_is_refused_by_the_service(world):
    """As the reform officer of a script I name a method the system does not have: refused
    naming the criterion and the methods there are."""
    leaf = node(world, "1.2.1")
    with pytest.raises(sets.SetRefused) as caught:
        sets.update_criterion(world.officer, leaf, {"method": "guess"}, 0)
    [message] = caught.value.message_dict["method"]
    assert message.startswith("Tiêu chí 1.2.1: phương pháp chấm “guess” không có")
    leaf.refresh_from_db()
    assert leaf.method == "on_time"


def test_a_stale_form_gets_409_and_changes_nothing(client, world):
    """As the reform officer I save a criterion from a page opened before my colleague's
    change: told someone else updated the set, nothing of mine is saved."""
    client.force_login(world.officer)
    leaf = node(world, "1.1")
    sets.update_criterion(world.officer, node(world, "2.1"), {"name": "Hồ sơ đúng hạn"}, 0)
    response = client.post(
        reverse("criterion-edit", args=[leaf.pk]),
        leaf_post(0, code="1.1", name="Đổi tên", max_points="1", method="yes_no"),
    )
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.content.decode()
    leaf.refresh_from_db()
    assert leaf.name == "Kế hoạch CCHC năm"
    response = client.post(reverse("criterion-delete", args=[leaf.pk]), {"revision": 0})
    assert response.status_code == 409 and world.set.criteria.filter(code="1.1").exists()


def test_editing_the_set_fields_and_grades(client, world):
    """As the reform officer I correct the decision and the grade bands; bands that do not
    descend are refused (400) and nothing changes."""
    client.force_login(world.officer)
    url = reverse("criteria-set-edit", args=[world.set.pk])
    form = client.get(url).content.decode()
    assert "Tốt: 80" in form
    data = {
        "revision": 0,
        "name": world.set.name,
        "year": 2021,
        "unit_kind": "commune",
        "decision_ref": "515/QĐ-UBND ngày 15/11/2021",
        "issuer": world.district.pk,
        "grades": "Tốt: 80\nKhá: 85\nYếu: 0",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "85 phải nhỏ hơn của xếp loại trước (80)" in response.content.decode()
    world.set.refresh_from_db()
    assert world.set.decision_ref == "514/QĐ-UBND ngày 12/11/2021" and world.set.revision == 0
    data["grades"] = "Xuất sắc: 90\nTốt: 80\nKhá: 65\nTrung bình: 50\nYếu: 0"
    assert client.post(url, data).status_code == 302
    world.set.refresh_from_db()
    assert world.set.decision_ref == "515/QĐ-UBND ngày 15/11/2021"
    assert [g["name"] for g in world.set.grades][0] == "Xuất sắc" and world.set.revision == 1


def test_deleting_the_only_child_is_refused(world):
    """As the reform officer I try to delete 1.2.1 after 1.2.2 is gone: 1.2 would be left
    with no children and no maximum, so it is refused with what to do instead."""
    sets.delete_criterion(world.officer, node(world, "1.2.2"), 0)
    with pytest.raises(sets.SetRefused) as caught:
        sets.delete_criterion(world.officer, node(world, "1.2.1"), 1)
    assert "tiêu chí con duy nhất của 1.2" in caught.value.messages[0]
    assert world.set.criteria.filter(code="1.2.1").exists()


def test_a_set_used_by_a_round_is_read_only(client, world):
    """As the reform officer I open the set our 2021 round uses: the page explains it cannot
    be changed and offers no edit; any change is refused (400) and nothing changes."""
    open_round(world.set, world.district, world.commune)
    client.force_login(world.officer)
    html = page(client, world)
    assert "đã được dùng trong đợt đánh giá" in html and "Đang dùng" in html
    assert reverse("criterion-edit", args=[node(world, "1.1").pk]) not in html
    assert reverse("criteria-set-copy", args=[world.set.pk]) in html
    before = tree(world.set)
    leaf = node(world, "1.1")
    response = client.post(
        reverse("criterion-edit", args=[leaf.pk]),
        leaf_post(0, code="1.1", name="Đổi tên", max_points="1", method="yes_no"),
    )
    assert response.status_code == 400 and "mã mới" in response.content.decode()
    add = reverse("criterion-add", args=[world.set.pk])
    assert client.post(add, leaf_post(0, code="3", name="Mới", max_points="1")).status_code == 400
    assert (
        client.post(reverse("criterion-delete", args=[leaf.pk]), {"revision": 0}).status_code == 400
    )
    assert tree(world.set) == before


def test_copying_a_set_makes_a_new_version(client, world):
    """As the reform officer I copy the 2021 set (used by a round) as KR-XA-2022: a new set
    with the same tree; the old one stays as it was."""
    open_round(world.set, world.district, world.commune)
    client.force_login(world.officer)
    url = reverse("criteria-set-copy", args=[world.set.pk])
    assert client.get(url).status_code == 200
    taken = client.post(url, {"code": "KR-XA-TEST", "year": 2022, "decision_ref": ""})
    assert taken.status_code == 400 and "đã có" in taken.content.decode()
    response = client.post(url, {"code": "KR-XA-2022", "year": 2022, "decision_ref": "1/QĐ"})
    copy = CriteriaSet.objects.get(code="KR-XA-2022")
    assert response.status_code == 302 and response.url.endswith(f"/{copy.pk}/")
    assert (copy.year, copy.issuer, copy.revision) == (2022, world.district, 0)
    old = [row[1:] for row in tree(world.set)]
    assert [row[1:] for row in tree(copy)] == old
    assert sets.spec_from_set(copy).total_max == Decimal("4.75")
