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
        menu.append(
            {
                "label": entry.label,
                "url": url,
                "active": request.path.startswith(url) and url != "/",
            }
        )
    return {"menu": menu, "user_roles": roles}
