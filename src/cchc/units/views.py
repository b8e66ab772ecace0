from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cchc.core.services import mark_notifications_read

from . import queries


@login_required
def home(request):
    """The signed-in user's home page: their roles per unit and the tasks each role starts from."""
    return render(request, "units/home.html", queries.home_summary(request.user))


@login_required
@require_POST
def notifications_read(request):
    mark_notifications_read(request.user)
    return redirect("home")


@login_required
def unit_tree(request):
    return render(request, "units/unit_tree.html", {"units": queries.unit_tree(request.user)})
