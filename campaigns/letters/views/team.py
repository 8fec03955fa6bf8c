from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.utils import request_user
from campaigns.errors import ServiceError, describe
from campaigns.letters import services
from campaigns.letters.access import organizer_view
from campaigns.letters.forms import (
    InvitationForm,
    MemberOfficeForm,
    MemberRoleForm,
)
from campaigns.letters.models import CampaignMember, Invitation
from cosign import tokens

Role = CampaignMember.Role


def _team_page(
    request: HttpRequest, member: CampaignMember, form: InvitationForm, status: int = 200
) -> HttpResponse:
    campaign = member.campaign
    return render(
        request,
        "letters/team.html",
        {
            "member": member,
            "campaign": campaign,
            "members": campaign.members.select_related("user", "office"),
            "invitations": campaign.invitations.filter(accepted_at=None).select_related("office"),
            "co_leads": campaign.co_lead_offices(),
            "form": form,
            "roles": Role.choices,
        },
        status=status,
    )


@require_safe
@organizer_view(Role.VIEWER)
def team(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    return _team_page(request, member, InvitationForm())


@require_POST
@organizer_view(Role.OWNER)
def invite(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                campaign=campaign,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request_user(request),
                office=form.cleaned_data["office"],
            )
        except ServiceError as error:
            messages.error(request, describe(error))
        else:
            messages.success(request, f"Invited {invitation.email}.")
        return redirect("letters:team", campaign.slug)
    return _team_page(request, member, form, status=400)


@require_POST
@organizer_view(Role.OWNER)
def invitation_cancel(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    invitation = get_object_or_404(member.campaign.invitations, pk=pk, accepted_at=None)
    invitation.delete()
    messages.success(request, f"Cancelled the invitation to {invitation.email}.")
    return redirect("letters:team", member.campaign.slug)


@require_POST
@organizer_view(Role.OWNER)
def member_role(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    target = get_object_or_404(member.campaign.members, pk=pk)
    form = MemberRoleForm(request.POST, instance=CampaignMember(role=target.role))
    if not form.is_valid():
        messages.error(request, "Choose owner, editor or viewer.")
    else:
        try:
            services.member_set_role(member=target, role=form.cleaned_data["role"])
        except ServiceError as error:
            messages.error(request, describe(error))
        else:
            messages.success(request, f"{target.user} is now {target.get_role_display().lower()}.")
    return redirect("letters:team", member.campaign.slug)


@require_http_methods(["GET", "POST"])
@organizer_view(Role.OWNER)
def member_office(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    """Which Member's office a teammate works for: that office is then a co-lead."""
    target = get_object_or_404(member.campaign.members.select_related("user", "office"), pk=pk)
    posted = request.POST if request.method == "POST" else None
    form = MemberOfficeForm(posted, initial={"office": target.office_id})
    if form.is_valid():
        office = form.cleaned_data["office"]
        try:
            services.member_set_office(member=target, office=office)
        except ServiceError as error:
            messages.error(request, describe(error))
        else:
            # A credit ends in an abbreviation ("D-Calif."): one full stop, not two.
            works_for = f"works for {str(office).rstrip('.')}" if office else "works for no office"
            messages.success(request, f"{target.user} {works_for}.")
            return redirect("letters:team", member.campaign.slug)
    return render(
        request,
        "letters/member_office.html",
        {"member": member, "campaign": member.campaign, "teammate": target, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@organizer_view(Role.VIEWER)
def member_remove(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    target = get_object_or_404(member.campaign.members.select_related("user"), pk=pk)
    leaving = target.pk == member.pk
    # Anyone may leave; only owners may remove someone else.
    if not leaving and not member.can(Role.OWNER):
        raise PermissionDenied("Only owners can remove people from the team.")
    try:
        services.member_remove(member=target)
    except ServiceError as error:
        messages.error(request, describe(error))
        return redirect("letters:team", member.campaign.slug)
    if leaving:
        messages.success(request, f"You have left {member.campaign}.")
        return redirect("letters:dashboard")
    messages.success(request, f"Removed {target.user} from the team.")
    return redirect("letters:team", member.campaign.slug)


# The invitation a signed-out visitor opened, shown on the login and signup pages
# (templates/account/_invitation.html) while they are on their way back to it.
PENDING_INVITATION = "pending_invitation"


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pk = tokens.read_token(tokens.INVITATION, token, max_age=tokens.INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        return _invitation_problem(request, "This invitation has expired. Ask for a new one.")
    except signing.BadSignature:
        return _invitation_problem(request, "This invitation link is not valid.")
    found = Invitation.objects.select_related("campaign", "invited_by").filter(pk=pk).first()
    if found is None:
        return _invitation_problem(request, "This invitation was cancelled.")
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION] = {
            "url": request.path,
            "title": found.campaign.title,
            "role": found.get_role_display().lower(),
            "email": found.email,
        }
        return redirect_to_login(request.get_full_path())
    request.session.pop(PENDING_INVITATION, None)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=found, user=request_user(request))
        except ServiceError as error:
            return _invitation_problem(request, describe(error))
        messages.success(request, f"Welcome to the team for {found.campaign}.")
        return redirect("letters:overview", found.campaign.slug)
    return render(request, "letters/invitation.html", {"invitation": found})


def _invitation_problem(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "letters/invitation_problem.html", {"message": message}, status=400)


@require_POST
@organizer_view(Role.EDITOR)
def my_emails(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    on = request.POST.get("approvals_digest") == "on"
    services.member_set_approvals_digest(member=member, on=on)
    if on:
        messages.success(request, "You will get the morning email of sign-ons to approve.")
    else:
        messages.success(request, "The morning email is off for you on this letter.")
    return redirect("letters:team", member.campaign.slug)
