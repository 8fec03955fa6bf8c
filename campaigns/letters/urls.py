from django.urls import include, path

from campaigns.letters.views import (
    audit,
    circulation,
    lifecycle,
    organizer,
    recipients,
    revisions,
    team,
)

app_name = "letters"

organizer_patterns = [
    path("", organizer.campaign_overview, name="overview"),
    path("settings/", organizer.campaign_settings, name="settings"),
    path("letter/", organizer.letter_edit, name="letter_edit"),
    path("letter/preview/", organizer.letter_preview, name="letter_preview"),
    path("versions/", organizer.versions, name="versions"),
    path("versions/<int:number>/", organizer.version_detail, name="version"),
    path("versions/next/", revisions.revision, name="revision"),
    path("versions/next/publish/", revisions.revision_publish, name="revision_publish"),
    path("versions/next/discard/", revisions.revision_discard, name="revision_discard"),
    path("publish/", organizer.campaign_publish, name="publish"),
    path("close/", organizer.campaign_close, name="close"),
    path("duplicate/", lifecycle.campaign_duplicate, name="duplicate"),
    path("delete/", lifecycle.campaign_delete, name="delete"),
    path("archive/", lifecycle.campaign_archive, name="archive"),
    path("release/", circulation.campaign_release, name="release"),
    path("recipients/", recipients.recipients, name="recipients"),
    path("recipients/add/", recipients.recipient_add, name="recipient_add"),
    path("recipients/pick/", recipients.recipient_pick, name="recipient_pick"),
    path("recipients/<int:pk>/", recipients.recipient_edit, name="recipient_edit"),
    path("recipients/<int:pk>/delete/", recipients.recipient_delete, name="recipient_delete"),
    path("audit/", audit.audit_trail, name="audit"),
    path("team/", team.team, name="team"),
    path("team/invite/", team.invite, name="invite"),
    path("team/emails/", team.my_emails, name="my_emails"),
    path("team/invitations/<int:pk>/cancel/", team.invitation_cancel, name="invitation_cancel"),
    path("team/<int:pk>/role/", team.member_role, name="member_role"),
    path("team/<int:pk>/office/", team.member_office, name="member_office"),
    path("team/<int:pk>/remove/", team.member_remove, name="member_remove"),
]

urlpatterns = [
    path("dashboard/", organizer.dashboard, name="dashboard"),
    path("dashboard/new/", organizer.campaign_new, name="new"),
    path("dashboard/<slug:slug>/", include(organizer_patterns)),
    path("invitations/<str:token>/", team.invitation, name="invitation"),
    path("circulate/<str:key>/", circulation.circulation_link, name="circulation_link"),
]
