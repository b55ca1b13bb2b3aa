"""Sign-in routing: staff land in the workspace, citizens in their own dossiers."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """Send the signed-in user to the page of their kind."""
    if request.user.is_citizen:  # type: ignore[union-attr]
        return redirect("portal:my-dossiers")
    return redirect("workspace:home")
