"""Reads of the units app, always scoped by the permission helper."""

from django.urls import NoReverseMatch, reverse

from cchc.core import navigation
from cchc.core.models import Notification

from .models import Role, RoleGrant
from .permissions import roles_of, visible_units

# What each role does first: (label, url name). Entries whose page does not exist yet are
# skipped, so later apps only need to register their url names.
ROLE_STARTING_POINTS: dict[str, list[tuple[str, str]]] = {
    Role.ONE_STOP_OFFICER: [
        ("Hồ sơ chờ xử lý, chờ trả kết quả", "dossier-queues"),
        ("Tra cứu thủ tục để tiếp nhận hồ sơ", "procedure-list"),
    ],
    Role.SPECIALIST: [
        ("Hồ sơ được giao xử lý", "dossier-queues"),
        ("Tra cứu thủ tục và quy trình nội bộ", "procedure-list"),
    ],
    Role.OFFICE_HEAD: [
        ("Hồ sơ của phòng, hồ sơ quá hạn", "dossier-queues"),
        ("Danh mục thủ tục của phòng", "procedure-list"),
    ],
    Role.UNIT_LEADER: [
        ("Hồ sơ đến hạn, quá hạn", "dossier-queues"),
        ("Danh mục thủ tục", "procedure-list"),
        ("Cơ cấu đơn vị", "unit-tree"),
    ],
    Role.REFORM_OFFICER: [
        ("Quản lý danh mục thủ tục hành chính", "procedure-list"),
        ("Rà soát, đơn giản hóa thủ tục", "review-list"),
        ("Kế hoạch CCHC và nhiệm vụ quá hạn", "plan-list"),
    ],
    Role.APPRAISER: [("Cơ cấu các đơn vị được thẩm định", "unit-tree")],
    Role.ADMINISTRATOR: [
        ("Rà soát và xác nhận lịch làm việc", "calendar-year"),
        ("Đơn vị, tài khoản và vai trò", "admin:index"),
    ],
}


def home_summary(user) -> dict:
    grants = (
        RoleGrant.objects.filter(user=user)
        .select_related("unit", "office")
        .order_by("unit__path", "role")
    )
    roles = roles_of(user)
    starting_points = []
    seen = set()
    for role in Role:
        if role.value not in roles:
            continue
        for label, url_name in ROLE_STARTING_POINTS.get(role.value, []):
            if url_name in seen:
                continue
            try:
                starting_points.append(
                    {"label": label, "url": reverse(url_name), "role": role.label}
                )
            except NoReverseMatch:
                continue
            seen.add(url_name)
    return {
        "unread": Notification.objects.filter(recipient=user, read_at__isnull=True)[:20],
        "grants": grants,
        "starting_points": starting_points,
        "unit_count": visible_units(user).count(),
        "notices": [
            {"level": level, "text": text, "url": reverse(url_name) if url_name else None}
            for level, text, url_name in navigation.notices_for(user)
        ],
    }


def unit_tree(user):
    """The visible units in tree order, with their offices."""
    return visible_units(user).select_related("parent").prefetch_related("offices", "successors")
