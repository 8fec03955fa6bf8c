"""A signed-in person's API tokens: the list, a new one (its secret shown once), revoking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.utils import request_user
from campaigns.api import services
from campaigns.api.forms import TokenForm
from campaigns.api.models import ApiToken


@require_safe
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    mine = ApiToken.objects.filter(user=request_user(request)).prefetch_related("letters")
    return render(request, "api/tokens.html", {"tokens": mine})


@require_http_methods(["GET", "POST"])
@login_required
def token_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = TokenForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token, secret = services.token_create(
            user=user,
            name=data["name"],
            scope=data["scope"],
            contacts=data["contacts"],
            letters=list(data["letters"]) or None,
        )
        # Rendered, not redirected to: the secret is in this response and nowhere else.
        response = render(request, "api/token_created.html", {"token": token, "secret": secret})
        response["Cache-Control"] = "no-store"
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "api/token_new.html", {"form": form}, status=status)


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if services.token_revoke(user=request_user(request), token_id=pk):
        messages.success(request, "Token revoked: it opens nothing any more.")
    return redirect("api:tokens")
