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

# Reminders ---------------------------------------------------------------------------------
from campaigns.circulation.views import reminders as reminder_views  # noqa: E402

urlpatterns += [
    path("dashboard/<slug:slug>/offices/reminders/", reminder_views.reminders, name="reminders"),
    path(
        "dashboard/<slug:slug>/offices/reminders/add/",
        reminder_views.reminder_add,
        name="reminder_add",
    ),
    path(
        "dashboard/<slug:slug>/offices/reminders/<int:pk>/",
        reminder_views.reminder_edit,
        name="reminder_edit",
    ),
    path(
        "dashboard/<slug:slug>/offices/reminders/<int:pk>/cancel/",
        reminder_views.reminder_cancel,
        name="reminder_cancel",
    ),
]
