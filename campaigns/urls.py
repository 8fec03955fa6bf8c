from django.urls import include, path

from campaigns.views import (
    audit,
    deliveries,
    documents,
    live,
    moderation,
    organizer,
    public,
    recipients,
    signing,
    team,
)

app_name = "campaigns"

organizer_patterns = [
    path("", organizer.campaign_overview, name="overview"),
    path("settings/", organizer.campaign_settings, name="settings"),
    path("letter/", organizer.letter_edit, name="letter_edit"),
    path("letter/preview/", organizer.letter_preview, name="letter_preview"),
    path("versions/", organizer.versions, name="versions"),
    path("versions/<int:number>/", organizer.version_detail, name="version"),
    path("publish/", organizer.campaign_publish, name="publish"),
    path("close/", organizer.campaign_close, name="close"),
    path("recipients/", recipients.recipients, name="recipients"),
    path("recipients/add/", recipients.recipient_add, name="recipient_add"),
    path("recipients/<int:pk>/", recipients.recipient_edit, name="recipient_edit"),
    path("recipients/<int:pk>/delete/", recipients.recipient_delete, name="recipient_delete"),
    path("signatures/", moderation.signatures, name="signatures"),
    path("signatures/action/", moderation.signatures_action, name="signatures_action"),
    path("signatures.csv", moderation.signatures_csv, name="signatures_csv"),
    path("press/", moderation.press, name="press"),
    path("audit/", audit.audit_trail, name="audit"),
    path("delivery/", deliveries.deliveries, name="deliveries"),
    path("delivery/start/", deliveries.delivery_start, name="delivery_start"),
    path("delivery/schedule/", deliveries.delivery_schedule, name="delivery_schedule"),
    path("delivery/cancel/", deliveries.delivery_cancel, name="delivery_cancel"),
    path("delivery/<int:pk>/retry/", deliveries.delivery_retry, name="delivery_retry"),
    path("delivery/<int:pk>/record/", deliveries.delivery_record, name="delivery_record"),
    path("delivery/<int:pk>/packet.pdf", deliveries.delivery_packet, name="delivery_packet"),
    path("documents/", documents.documents, name="documents"),
    path("documents/generate/", documents.document_generate, name="document_generate"),
    path("documents/<int:pk>/progress/", documents.document_progress, name="document_progress"),
    path("documents/<int:pk>/letter.pdf", documents.document_file, name="document_file"),
    path("documents/<int:pk>/page-1.png", documents.document_preview, name="document_preview"),
    path("team/", team.team, name="team"),
    path("team/invite/", team.invite, name="invite"),
    path("team/invitations/<int:pk>/cancel/", team.invitation_cancel, name="invitation_cancel"),
    path("team/<int:pk>/role/", team.member_role, name="member_role"),
    path("team/<int:pk>/remove/", team.member_remove, name="member_remove"),
]

letter_patterns = [
    path("", public.letter, name="letter"),
    path("signers/", public.signers, name="signers"),
    path("count.json", live.count_json, name="count_json"),
    path("count/stream", live.count_stream, name="count_stream"),
    path("embed/", live.embed, name="embed"),
    path("letter.pdf", documents.letter_pdf, name="letter_pdf"),
    path("sign/", signing.sign, name="sign"),
    path("sign/members/", signing.member_search, name="member_search"),
    path("sign/check-email/", signing.check_email, name="check_email"),
    path("sign/new-link/", signing.resend, name="resend"),
    path("confirm/<str:token>/", signing.confirm, name="confirm"),
    path("confirm/<str:token>/done/", signing.confirmed, name="confirmed"),
    path("withdraw/<str:token>/", signing.withdraw, name="withdraw"),
    path("forget/<str:token>/", signing.forget, name="forget"),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("letters/<slug:slug>/", include(letter_patterns)),
    path("dashboard/", organizer.dashboard, name="dashboard"),
    path("dashboard/new/", organizer.campaign_new, name="new"),
    path("dashboard/<slug:slug>/", include(organizer_patterns)),
    path("invitations/<str:token>/", team.invitation, name="invitation"),
]
