from django.urls import path

from campaigns.circulation.views import tracker as views

app_name = "circulation"

urlpatterns = [
    path("dashboard/<slug:slug>/offices/", views.tracker, name="tracker"),
    path("dashboard/<slug:slug>/offices.json", views.tracker_json, name="tracker_json"),
    path("dashboard/<slug:slug>/offices.csv", views.tracker_csv, name="tracker_csv"),
    path("dashboard/<slug:slug>/offices/action/", views.tracker_action, name="tracker_action"),
    path("dashboard/<slug:slug>/offices/<int:pk>/", views.target_edit, name="target_edit"),
    path("dashboard/<slug:slug>/offices/add/", views.targets, name="targets"),
]

# Outreach: the Dear Colleague, and the personal sign link it carries.
from campaigns.circulation.views import outreach  # noqa: E402

urlpatterns += [
    path("dashboard/<slug:slug>/outreach/", outreach.outreach_list, name="outreach"),
    path("dashboard/<slug:slug>/outreach/new/", outreach.outreach_compose, name="outreach_compose"),
    path(
        "dashboard/<slug:slug>/outreach/<int:pk>/", outreach.outreach_review, name="outreach_review"
    ),
    path("letters/<slug:slug>/sign/from/<str:token>/", outreach.sign_from, name="sign_from"),
]
