from django.urls import include, path

from campaigns.delivery import views

app_name = "delivery"

organizer_patterns = [
    path("delivery/", views.deliveries, name="deliveries"),
    path("delivery/start/", views.delivery_start, name="delivery_start"),
    path("delivery/schedule/", views.delivery_schedule, name="delivery_schedule"),
    path("delivery/cancel/", views.delivery_cancel, name="delivery_cancel"),
    path("delivery/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("delivery/<int:pk>/record/", views.delivery_record, name="delivery_record"),
    path("delivery/<int:pk>/packet.pdf", views.delivery_packet, name="delivery_packet"),
]

urlpatterns = [
    path("dashboard/<slug:slug>/", include(organizer_patterns)),
]
