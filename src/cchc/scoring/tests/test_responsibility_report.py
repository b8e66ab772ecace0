"""The responsibility analysis report of seed 002 ("Đánh giá, phân tích và làm rõ nguyên nhân,
trách nhiệm … Chỉ số cải cách hành chính năm 2021 của huyện"), built from the scores: the
seed's sentences with the computed figures, in DOCX and in the on-page HTML preview."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from docx import Document

from ..models import ResponsibilityReport, Score
from ..responsibility import (
    Line,
    build_content,
    render_docx,
    render_html,
    short_day,
)
from .test_index_results_documents import kon_ray

pytestmark = pytest.mark.django_db

AREA_1_TASKS = (
    "Theo chức năng, nhiệm vụ được giao, chủ động tham mưu các văn bản chỉ đạo điều hành về "
    "công tác cải cách hành chính; chủ động tham mưu các báo cáo định kỳ đúng thời gian quy định."
)


def seed_report(w, **fields) -> ResponsibilityReport:
    values = {
        "participation": w.participation,
        "subordinate_round": w.commune_round,
        "number": "215/BC-UBND",
        "place": "Kon Rẫy",
        "issued_on": date(2022, 7, 29),
        "remediation_due_on": date(2022, 8, 12),
        "solutions": {
            "1": {
                "tasks": AREA_1_TASKS,
                "hosts": "Các phòng, ban chuyên môn và UBND các xã, thị trấn",
            }
        },
        "recipients": "TT.Huyện ủy (b/c)\nTT.HĐND huyện (b/c)\nUBND các xã, thị trấn (th/h)\nLưu: VT",
        "signer_authority": "KT. CHỦ TỊCH",
        "signer_position": "PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Thủy",
    }
    values.update(fields)
    return ResponsibilityReport.objects.create(**values)


def _paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()]


def _cells(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(cell.text for t in document.tables for row in t.rows for cell in row.cells)


def _visible_text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


def test_report_reproduces_the_seed_sentences_with_computed_figures():
    """As the reform officer of UBND huyện Kon Rẫy I print the responsibility analysis and read
    the seed's sentences with the figures of our scores: 81,45/95 points, index 85,74, each lost
    leaf with its reason and who answers for it, the communes' results and the deadline."""
    w = kon_ray()
    content = build_content(seed_report(w))
    docx = render_docx(content)
    paragraphs = _paragraphs(docx)
    text = "\n".join(paragraphs)

    assert content.title == "BÁO CÁO"
    assert (
        "Đánh giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các cơ quan, đơn vị làm ảnh "
        "hưởng đến Chỉ số cải cách hành chính năm 2021 của huyện; nhiệm vụ, giải pháp chủ yếu "
        "cần thực hiện" in paragraphs
    )
    assert paragraphs[paragraphs.index("BÁO CÁO") + 2] == (
        "Căn cứ Quyết định số 609/QĐ-UBND ngày 12/7/2021 của UBND tỉnh Kon Tum về việc ban hành "
        "Bộ tiêu chí xác định Chỉ số Cải cách hành chính của các cơ quan chuyên môn thuộc UBND "
        "tỉnh, Ban Quản lý Khu kinh tế tỉnh, UBND các huyện, thành phố trên địa bàn tỉnh Kon Tum;"
    )
    assert (
        "Căn cứ Quyết định số 514/QĐ-UBND ngày 12/11/2021 của UBND huyện Kon Rẫy về việc ban hành "
        "Bộ tiêu chí đánh giá công tác cải cách hành chính nhà nước đối với UBND các xã, thị trấn "
        "trên địa bàn huyện Kon Rẫy." in paragraphs
    )
    assert (
        "Trên cơ sở kết quả đánh giá, chấm điểm và xếp loại công tác cải cách hành chính năm 2021 "
        "của huyện và các xã, thị trấn; UBND huyện báo cáo đánh giá" in text
    )
    headings = [p for p in paragraphs if re.match(r"^(I|II|III|IV)\. ", p)]
    assert headings == [
        "I. ĐÁNH GIÁ, PHÂN TÍCH VÀ LÀM RÕ NGUYÊN NHÂN, TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN VỊ LÀM "
        "ẢNH HƯỞNG ĐẾN CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA HUYỆN NĂM 2021",
        "II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA UBND CÁC XÃ, "
        "THỊ TRẤN",
        "III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU",
        "IV. TỔ CHỨC, THỰC HIỆN",
    ]

    # I. the district's own result, derived from the leaf scores
    assert (
        "Tổng số điểm các tiêu chí, tiêu chí thành phần UBND huyện đạt được là 81,45/95 điểm "
        "(Chỉ số cải cách hành chính của huyện: 85,74 điểm), xếp loại Tốt. Kết quả chấm điểm các "
        "tiêu chí, tiêu chí thành phần cụ thể như sau:" in paragraphs
    )
    area_1 = (
        "1. Công tác chỉ đạo, điều hành cải cách hành chính: UBND huyện đạt 19,49/23 điểm; tiêu "
        "chí, tiêu chí thành phần bị mất điểm, cụ thể:"
    )
    leaf_121 = (
        "- Tiêu chí thành phần 1.2.1 về báo cáo CCHC quý, 6 tháng, năm: UBND huyện đạt 0/0,25 "
        "điểm, nguyên nhân: Báo cáo năm 2021 số 496/BC-UBND ngày 20/12/2021 trễ hạn."
    )
    assert paragraphs[paragraphs.index(area_1) + 1] == leaf_121
    assert paragraphs[paragraphs.index(leaf_121) + 1] == (
        "* Trách nhiệm thuộc về: Phòng Nội vụ huyện Kon Rẫy."
    )
    # the council's reason when the analysis gave none; the analysis' own responsible first
    assert (
        "- Tiêu chí thành phần 1.2.4 về báo cáo tình hình, kết quả kiểm soát TTHC (quý I, 6 "
        "tháng, quý III, năm): UBND huyện đạt 0/0,25 điểm, nguyên nhân: Các báo cáo quý và năm "
        "trễ hạn." in paragraphs
    )
    assert "* Trách nhiệm thuộc về: Văn phòng HĐND&UBND huyện." in paragraphs
    # the unit's own note, first letter capitalised; the criterion's responsible text
    assert (
        "- Tiêu chí thành phần 1.4.2 về mức độ đa dạng trong tuyên truyền cải cách hành chính: "
        "UBND huyện đạt 4/5 điểm, nguyên nhân: Do năm 2021 tình hình diễn biến dịch Covid-19 "
        "phức tạp nên chưa tuyên truyền được dưới các hình thức khác như Tổ chức thi/tọa đàm/sân "
        "khấu hóa." in paragraphs
    )
    assert (
        "* Trách nhiệm thuộc về: Phòng Văn hóa - Thông tin và Trung tâm Văn hóa - Thể thao - Du "
        "lịch và Truyền thông." in paragraphs
    )
    assert (
        "2. Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật: UBND huyện đạt được 9/9 "
        "điểm." in paragraphs
    )
    assert "3. Cải cách thủ tục hành chính: UBND huyện đạt 11,48/12 điểm; tiêu chí" in text
    assert (
        "- Tiêu chí thành phần 3.2.4 về tỷ lệ hồ sơ được tiếp nhận thông qua Cổng dịch vụ công và "
        "Hệ thống thông tin một cửa điện tử: UBND huyện đạt 0,25/0,5 điểm." in paragraphs
    )
    assert "4. Cải cách tổ chức bộ máy hành chính Nhà nước: UBND huyện đạt 7/8 điểm;" in text
    assert "6. Cải cách tài chính công: UBND huyện đạt 6,5/10 điểm;" in text
    assert "* Trách nhiệm thuộc về: Ban Quản lý dự án đầu tư xây dựng huyện." in paragraphs
    # "Tiêu chí" for a leaf at depth 2; the provenance of the computed value as the reason
    assert (
        "- Tiêu chí 7.1 về mức độ hoàn thành Kế hoạch ứng dụng CNTT năm: UBND huyện đạt 1,7/2 "
        "điểm, nguyên nhân: Hoàn thành 85% kế hoạch." in paragraphs
    )
    assert "* Trách nhiệm thuộc về: Phòng Văn hóa và Thông tin huyện Kon Rẫy." in paragraphs
    # 7.3: no reason, nobody named → no responsibility line
    leaf_73 = next(p for p in paragraphs if p.startswith("- Tiêu chí 7.3 về"))
    assert leaf_73.endswith("UBND huyện đạt 0/3 điểm.")
    assert not paragraphs[paragraphs.index(leaf_73) + 1].startswith("* Trách nhiệm")
    assert (
        "8. Việc chấp hành quy chế văn hóa công sở, kỷ luật, kỷ cương hành chính: UBND huyện đạt "
        "được 7/7 điểm." in paragraphs
    )

    # II. the communes in ranking order (the tie shares the rank); the stated total not used
    assert (
        "1. Đối với UBND xã Đắk Tô Lung: Tổng số điểm các tiêu chí, tiêu chí thành phần đạt được "
        "là 79,3/97 điểm (Chỉ số cải cách hành chính của đơn vị: 81,75 điểm), xếp loại Tốt, xếp "
        "thứ 1/4, cụ thể:" in paragraphs
    )
    to_re = (
        "2. Đối với UBND xã Đắk Tô Re: Tổng số điểm các tiêu chí, tiêu chí thành phần đạt được là "
        "79,3/97 điểm (Chỉ số cải cách hành chính của đơn vị: 81,75 điểm), xếp loại Tốt, xếp thứ "
        "1/4, cụ thể:"
    )
    start = paragraphs.index(to_re)
    assert paragraphs[start + 1 : start + 9] == [
        "- Tiêu chí về công tác chỉ đạo, điều hành cải cách hành chính đạt 23,5/33,5 điểm.",
        "- Tiêu chí về xây dựng và tổ chức thực hiện Văn bản quy phạm pháp luật đạt 8,5/9 điểm.",
        "- Tiêu chí về cải cách thủ tục hành chính đạt 16,5/19,5 điểm.",
        "- Tiêu chí về cải cách tổ chức bộ máy hành chính nhà nước đạt 5/5 điểm.",
        "- Tiêu chí về xây dựng và nâng cao chất lượng đội ngũ cán bộ công chức, viên chức đạt "
        "5/5 điểm.",
        "- Tiêu chí về cải cách tài chính công đạt 5,3/6 điểm.",
        "- Tiêu chí về hiện đại hóa nền hành chính đạt 8,5/12 điểm.",
        "- Tiêu chí về chấp hành văn hóa công sở, kỷ luật, kỷ cương hành chính đạt 7/7 điểm.",
    ]
    assert (
        "3. Đối với UBND xã Đăk Ruồng: Tổng số điểm các tiêu chí, tiêu chí thành phần đạt được là "
        "76,65/95 điểm (Chỉ số cải cách hành chính của đơn vị: 80,68 điểm), xếp loại Tốt, xếp "
        "thứ 3/4, cụ thể:" in paragraphs
    )
    assert (
        "- Tổng điểm ghi trong tệp kết quả (78,15 điểm) khác tổng điểm các tiêu chí, tiêu chí "
        "thành phần (76,65 điểm) nên không được sử dụng; báo cáo sử dụng số điểm 76,65."
        in paragraphs
    )
    assert "78,15/95" not in text
    assert (
        "4. Đối với UBND thị trấn Đắk Rve: Tổng số điểm các tiêu chí, tiêu chí thành phần đạt được "
        "là 62,12/94 điểm (Chỉ số cải cách hành chính của đơn vị: 66,09 điểm), xếp loại Khá, xếp "
        "thứ 4/4, cụ thể:" in paragraphs
    )

    # III. typed tasks for area 1, defaults built from the lost leaves elsewhere
    area_1_solution = paragraphs.index(
        "1. Đối với công tác chỉ đạo, điều hành cải cách hành chính:"
    )
    assert paragraphs[area_1_solution + 1 : area_1_solution + 3] == [
        f"- Nhiệm vụ cần thực hiện: {AREA_1_TASKS}",
        "- Cơ quan chủ trì, tham mưu: Các phòng, ban chuyên môn và UBND các xã, thị trấn.",
    ]
    assert (
        "- Nhiệm vụ cần thực hiện: Khắc phục các tiêu chí, tiêu chí thành phần bị mất điểm: "
        "3.2.4, 3.2.5, 3.4.1; bảo đảm" in text
    )
    # area 3: nobody named on the lost leaves → the offices of the area's leaves
    area_3 = paragraphs.index("3. Đối với cải cách thủ tục hành chính:")
    assert paragraphs[area_3 + 2] == (
        "- Cơ quan chủ trì, tham mưu: Văn phòng HĐND và UBND huyện Kon Rẫy."
    )
    area_6 = paragraphs.index("6. Đối với cải cách tài chính công:")
    assert paragraphs[area_6 + 2] == (
        "- Cơ quan chủ trì, tham mưu: Phòng Tài chính - Kế hoạch huyện Kon Rẫy."
    )
    area_8 = paragraphs.index(
        "8. Đối với việc chấp hành quy chế văn hóa công sở, kỷ luật, kỷ cương hành chính:"
    )
    assert paragraphs[area_8 + 1 : area_8 + 3] == [
        "- Nhiệm vụ cần thực hiện: Tiếp tục duy trì, phát huy kết quả đạt được.",
        "- Cơ quan chủ trì, tham mưu: Phòng Nội vụ huyện Kon Rẫy.",
    ]

    # IV. the default organisation with the deadline, in bold
    organisation = paragraphs[paragraphs.index("IV. TỔ CHỨC, THỰC HIỆN") + 1 :]
    assert organisation[0].startswith(
        "1. Đối với các phòng, ban chuyên môn thuộc UBND huyện: Trên cơ sở chức năng"
    )
    assert (
        "gửi về UBND huyện (qua Phòng Nội vụ huyện Kon Rẫy) trước ngày 12/8/2022 để"
        in organisation[0]
    )
    assert organisation[1].startswith("2. Đối với UBND các xã, thị trấn: Tiếp tục giữ vững")
    assert "trước ngày 12/8/2022 để theo dõi." in organisation[1]
    assert organisation[2].startswith("3. Giao Phòng Nội vụ huyện Kon Rẫy: Chủ trì")
    document = Document(io.BytesIO(docx))
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "81,45/95 điểm" in bold
    assert bold.count("trước ngày 12/8/2022") == 2
    italic = [r.text for p in document.paragraphs for r in p.runs if r.italic]
    assert "* Trách nhiệm thuộc về: Phòng Nội vụ huyện Kon Rẫy." in italic

    assert (
        "Trên đây là báo cáo đánh giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các cơ "
        "quan, đơn vị làm ảnh hưởng đến Chỉ số cải cách hành chính năm 2021 của huyện./."
        in paragraphs
    )
    cells = _cells(docx)
    assert "ỦY BAN NHÂN DÂN HUYỆN KON RẪY" in cells
    assert "Số: 215/BC-UBND" in cells
    assert "Kon Rẫy, ngày 29 tháng 7 năm 2022" in cells
    assert "- TT.Huyện ủy (b/c);" in cells and "- Lưu: VT." in cells
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH" in cells
    assert "PHÓ CHỦ TỊCH" in cells and "Nguyễn Văn Thủy" in cells


def test_figures_follow_the_scores_never_typed():
    """As the appraiser of UBND tỉnh Kon Tum I correct a leaf and the report's sentences follow:
    1.2.1 now full, area 1 at 19,74/23 and the total 81,7/95."""
    w = kon_ray()
    report = seed_report(w)
    Score.objects.filter(participation=w.participation, criterion__code="1.2.1").update(
        appraised_points="0.25"
    )
    content = build_content(report)
    part_one = [line.text for line in content.parts[0].lines]
    assert part_one[0].startswith(
        "Tổng số điểm các tiêu chí, tiêu chí thành phần UBND huyện đạt được là 81,7/95 điểm "
        "(Chỉ số cải cách hành chính của huyện: 86 điểm), xếp loại Tốt."
    )
    assert not any("1.2.1" in line for line in part_one)
    assert any(line.startswith("1. Công tác chỉ đạo, điều hành cải cách hành chính: UBND huyện "
                               "đạt 19,74/23 điểm;") for line in part_one)  # fmt: skip
    assert [f.code for f in content.findings][:3] == ["1.2.4", "1.2.6", "1.2.8"]


def test_without_subordinate_round_typed_basis_and_organisation_are_used():
    """As the reform officer of UBND huyện Kon Rẫy I write the report without the communes,
    with my own "Căn cứ" lines and organisation: three parts, my texts, deadlines in bold."""
    w = kon_ray()
    report = seed_report(
        w,
        subordinate_round=None,
        legal_basis="Căn cứ Kế hoạch số 05/KH-UBND ngày 19/01/2021 của UBND huyện;\n\n"
        "Căn cứ Quyết định số 609/QĐ-UBND ngày 12/7/2021 của UBND tỉnh Kon Tum.",
        organisation="1. Giao Phòng Nội vụ tổng hợp, báo cáo trước ngày 15/8/2022.\n"
        "2. Các phòng, ban chuyên môn thực hiện nghiêm Báo cáo này.",
        recipients="",
        signer_authority="",
        signer_position="",
    )
    content = build_content(report)
    assert content.basis == (
        "Căn cứ Kế hoạch số 05/KH-UBND ngày 19/01/2021 của UBND huyện;",
        "Căn cứ Quyết định số 609/QĐ-UBND ngày 12/7/2021 của UBND tỉnh Kon Tum.",
    )
    assert [part.heading for part in content.parts] == [
        "I. ĐÁNH GIÁ, PHÂN TÍCH VÀ LÀM RÕ NGUYÊN NHÂN, TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN VỊ LÀM "
        "ẢNH HƯỞNG ĐẾN CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA HUYỆN NĂM 2021",
        "II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU",
        "III. TỔ CHỨC, THỰC HIỆN",
    ]
    assert "các xã, thị trấn" not in content.intro
    organisation = content.parts[-1].lines
    assert [line.text for line in organisation] == [
        "1. Giao Phòng Nội vụ tổng hợp, báo cáo trước ngày 15/8/2022.",
        "2. Các phòng, ban chuyên môn thực hiện nghiêm Báo cáo này.",
    ]
    assert [s.text for s in organisation[0].spans if s.bold] == ["trước ngày 15/8/2022"]
    assert content.recipients == (
        "CT, các PCT UBND huyện",
        "Các phòng, ban chuyên môn (th/h)",
        "Lưu: VT",
    )
    assert content.signature.authority == "TM. ỦY BAN NHÂN DÂN"
    assert content.signature.position == "CHỦ TỊCH"
    text = "\n".join(_paragraphs(render_docx(content)))
    assert "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI" not in text
    assert "trước ngày 15/8/2022" in text


def test_html_preview_shows_the_same_content_as_the_docx():
    """As the reform officer of UBND huyện Kon Rẫy I preview the report on the page and read
    exactly what the DOCX prints, in the same order, with the same emphasis."""
    w = kon_ray()
    content = build_content(seed_report(w))
    page = render_html(content)
    visible = _visible_text(page)
    position = 0
    for text in [content.title, content.subtitle, *content.lines]:
        found = visible.find(re.sub(r"\s+", " ", text), position)
        assert found >= 0, text
        position = found
    assert "<strong>81,45/95 điểm</strong>" in page
    assert "<strong>trước ngày 12/8/2022</strong>" in page
    assert "<em>* Trách nhiệm thuộc về: Phòng Nội vụ huyện Kon Rẫy.</em>" in page
    for line in ("Số: 215/BC-UBND", "Kon Rẫy, ngày 29 tháng 7 năm 2022", "TM. ỦY BAN NHÂN DÂN",
                 "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Thủy", "- Lưu: VT."):  # fmt: skip
        assert line in visible
    docx_lines = [p for p in _paragraphs(render_docx(content)) if p not in (content.title,)]
    assert docx_lines[1:] == [*content.lines]  # subtitle first, then the body in order
    full = render_html(content, for_pdf=True)
    assert full.startswith("<!doctype html>") and 'lang="vi"' in full


def test_wording_helpers():
    """As the reform officer I read dates and runs the way the seed writes them."""
    assert short_day(date(2022, 8, 12)) == "12/8/2022"
    assert short_day(date(2021, 5, 3)) == "03/5/2021"
    assert short_day(date(2024, 2, 5)) == "05/02/2024"
    assert Line.of("a", bold=True).text == "a"
