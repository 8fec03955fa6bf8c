from django.urls import path

from campaigns.circulation.views import outreach, reminders, tracker

app_name = "circulation"

urlpatterns = [
    # The tracker and its offices
    path("dashboard/<slug:slug>/offices/", tracker.tracker, name="tracker"),
    path("dashboard/<slug:slug>/offices/stream/", tracker.tracker_stream, name="tracker_stream"),
    path("dashboard/<slug:slug>/offices.csv", tracker.tracker_csv, name="tracker_csv"),
    path("dashboard/<slug:slug>/offices/action/", tracker.tracker_action, name="tracker_action"),
    path("dashboard/<slug:slug>/offices/<int:pk>/", tracker.target_edit, name="target_edit"),
    path("dashboard/<slug:slug>/offices/add/", tracker.targets, name="targets"),
    # Outreach: the Dear Colleague, and the personal sign link it carries
    path("dashboard/<slug:slug>/outreach/", outreach.outreach_list, name="outreach"),
    path("dashboard/<slug:slug>/outreach/new/", outreach.outreach_compose, name="outreach_compose"),
    path(
        "dashboard/<slug:slug>/outreach/<int:pk>/", outreach.outreach_review, name="outreach_review"
    ),
    path("letters/<slug:slug>/sign/from/<str:token>/", outreach.sign_from, name="sign_from"),
    path("contacts/leave/<str:token>/", outreach.leave_address_book, name="leave_address_book"),
    # Reminders before the deadline
    path("dashboard/<slug:slug>/offices/reminders/", reminders.reminders, name="reminders"),
    path(
        "dashboard/<slug:slug>/offices/reminders/add/", reminders.reminder_add, name="reminder_add"
    ),
    path(
        "dashboard/<slug:slug>/offices/reminders/<int:pk>/",
        reminders.reminder_edit,
        name="reminder_edit",
    ),
    path(
        "dashboard/<slug:slug>/offices/reminders/<int:pk>/cancel/",
        reminders.reminder_cancel,
        name="reminder_cancel",
    ),
]
