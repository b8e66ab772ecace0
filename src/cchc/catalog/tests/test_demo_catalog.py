"""The demo catalogue loaded by `cchc demo`."""

from datetime import date

import pytest

from ..budgets import workflow_problem
from ..demo import load_demo_catalog
from ..models import Procedure, ProcedureVersion, PublicationDecision, Review, Sector, WorkflowStep
from ..queries import components_of


@pytest.mark.django_db
def test_demo_loads_a_realistic_catalogue_once():
    """As someone trying the system, the demo has hundreds of real procedures over many
    sectors and levels, each with a workflow that adds up; loading it twice adds nothing."""
    counts = load_demo_catalog()
    assert counts["procedures"] >= 300
    assert counts["sectors"] >= 12
    assert set(Procedure.objects.values_list("level", flat=True)) == {
        "province",
        "district",
        "commune",
    }
    assert set(Procedure.objects.values_list("online_mode", flat=True)) == {
        "full",
        "partial",
        "none",
    }
    for name in (
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Đăng ký nhận cha, mẹ, con",
        "Đăng ký thành lập hộ kinh doanh",
        "Chứng thực di chúc",
    ):
        assert Procedure.objects.filter(name=name).exists(), name
    assert Procedure.objects.filter(internal=True, level="commune").count() == 16
    assert not ProcedureVersion.objects.filter(steps__isnull=True).exists()
    for version in ProcedureVersion.objects.prefetch_related("steps"):
        assert (
            workflow_problem(version.processing_time, [s.budget for s in version.steps.all()])
            is None
        )
    assert PublicationDecision.objects.count() >= 2

    sizes = (
        Procedure.objects.count(),
        Sector.objects.count(),
        ProcedureVersion.objects.count(),
        WorkflowStep.objects.count(),
        Review.objects.count(),
        PublicationDecision.objects.count(),
    )
    revisions = list(Procedure.objects.order_by("pk").values_list("revision", flat=True))
    assert load_demo_catalog() == counts
    assert sizes == (
        Procedure.objects.count(),
        Sector.objects.count(),
        ProcedureVersion.objects.count(),
        WorkflowStep.objects.count(),
        Review.objects.count(),
        PublicationDecision.objects.count(),
    )
    assert revisions == list(Procedure.objects.order_by("pk").values_list("revision", flat=True))


@pytest.mark.django_db
def test_demo_has_the_seed_review_applied():
    """As a reform officer, the demo shows the 2021 cut of "Đăng ký nhận cha, mẹ, con" from 3
    to 2 working days (Kế hoạch 07/KH-UBND ngày 22/01/2021) as two versions."""
    load_demo_catalog()
    procedure = Procedure.objects.get(name="Đăng ký nhận cha, mẹ, con", level="commune")
    review = Review.objects.get(procedure=procedure)
    assert "07/KH-UBND ngày 22/01/2021" in review.plan_ref
    assert (review.old_processing_time, review.new_processing_time, review.status) == (
        "3d",
        "2d",
        "applied",
    )
    assert procedure.versions.count() == 2
    assert procedure.processing_time_on(date(2021, 1, 1)) == "3d"
    assert procedure.processing_time_on(review.applied_on) == "2d"
    assert Procedure.objects.filter(active=False).exists()  # an abolished legacy procedure


@pytest.mark.django_db
def test_every_demo_procedure_lists_its_required_components():
    """As a desk officer trying the demo, every procedure has its list of required components
    to tick — the real list for the common civil-status, certification, household-business
    and building-permit procedures — and the 2021 review's version kept its list."""
    load_demo_catalog()
    assert not ProcedureVersion.objects.filter(components__isnull=True).exists()
    assert not ProcedureVersion.objects.exclude(components__mandatory=True).exists()

    def listed(name: str) -> list[str]:
        procedure = Procedure.objects.get(name=name, level__in=["commune", "district"])
        return [c.name for c in components_of(procedure)]

    assert listed("Đăng ký khai sinh")[:3] == [
        "Tờ khai đăng ký khai sinh theo mẫu",
        "Giấy chứng sinh (bản chính)",
        "Giấy tờ tùy thân của người đi đăng ký (xuất trình)",
    ]
    assert "Tờ khai đăng ký kết hôn theo mẫu" in listed("Đăng ký kết hôn")
    assert "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao" in listed(
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền "
        "của Việt Nam cấp hoặc chứng nhận"
    )
    assert "Giấy đề nghị đăng ký hộ kinh doanh theo mẫu" in listed(
        "Đăng ký thành lập hộ kinh doanh"
    )
    permit = components_of(
        Procedure.objects.get(name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")
    )
    assert permit[0].name == "Đơn đề nghị cấp giấy phép xây dựng theo mẫu"
    assert any(c.sets == 2 for c in permit)
    optional = components_of(Procedure.objects.get(name="Đăng ký kết hôn"))
    assert any(not c.mandatory and c.note for c in optional)  # "nếu có", with when
    first, second = Procedure.objects.get(code="HOTICH.X04").versions.order_by("effective_from")
    assert [c.name for c in first.components.all()] == [c.name for c in second.components.all()]
    assert first.components.exists()
