from django.urls import include, path

from campaigns.signatures.views import live, moderation, public, reconfirm, signing

app_name = "signatures"

organizer_patterns = [
    path("signatures/", moderation.signatures, name="signatures"),
    path("signatures/action/", moderation.signatures_action, name="signatures_action"),
    path("signatures.csv", moderation.signatures_csv, name="signatures_csv"),
    path("press/", moderation.press, name="press"),
]

letter_patterns = [
    path("", public.letter, name="letter"),
    path("signers/", public.signers, name="signers"),
    path("count.json", live.count_json, name="count_json"),
    path("count/stream", live.count_stream, name="count_stream"),
    path("embed/", live.embed, name="embed"),
    path("sign/", signing.sign, name="sign"),
    path("sign/members/", signing.member_search, name="member_search"),
    path("sign/check-email/", signing.check_email, name="check_email"),
    path("sign/new-link/", signing.resend, name="resend"),
    path("confirm/<str:token>/", signing.confirm, name="confirm"),
    path("confirm/<str:token>/done/", signing.confirmed, name="confirmed"),
    path("withdraw/<str:token>/", signing.withdraw, name="withdraw"),
    path("forget/<str:token>/", signing.forget, name="forget"),
    path("reconfirm/<str:token>/", reconfirm.reconfirm, name="reconfirm"),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("letters/<slug:slug>/", include(letter_patterns)),
    path("dashboard/<slug:slug>/", include(organizer_patterns)),
]
