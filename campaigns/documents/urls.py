from django.urls import include, path

from campaigns.documents import views

app_name = "documents"

organizer_patterns = [
    path("documents/", views.documents, name="documents"),
    path("documents/generate/", views.document_generate, name="document_generate"),
    path("documents/<int:pk>/progress/", views.document_progress, name="document_progress"),
    path("documents/<int:pk>/letter.pdf", views.document_file, name="document_file"),
    path("documents/<int:pk>/page-1.png", views.document_preview, name="document_preview"),
]

urlpatterns = [
    path("letters/<slug:slug>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("dashboard/<slug:slug>/", include(organizer_patterns)),
]
