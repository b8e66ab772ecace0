from django.urls import NoReverseMatch, reverse

from cchc.core import navigation

from .permissions import roles_of


def navigation_menu(request):
    """The menu items the signed-in user's roles allow, and those roles for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "user_roles": set()}
    roles = roles_of(user)
    menu = []
    for entry in navigation.entries():
        if entry.roles and not (entry.roles & roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        menu.append({"label": entry.label, "url": url, "active": False})
    # Only the entry with the longest matching prefix is current: /ho-so/tiep-nhan/ is
    # "Tiếp nhận hồ sơ", not also "Hồ sơ".
    matches = [item for item in menu if item["url"] != "/" and request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"menu": menu, "user_roles": roles}
