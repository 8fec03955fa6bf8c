"""A failure is answered in the language of what was asked: a page for the site, JSON for the
API (a client parsing JSON must not be handed an HTML page)."""

import json

from django.db import OperationalError
from django.test import RequestFactory

from cosign.errors import DatabaseUnavailableMiddleware, server_error


def database_down(path: str):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    return middleware.process_exception(RequestFactory().get(path), OperationalError("gone"))


def test_the_api_answers_a_database_outage_with_json_and_when_to_try_again():
    response = database_down("/api/v1/petitions/")

    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert "try again" in json.loads(response.content)["detail"]


def test_the_site_answers_a_database_outage_with_its_page():
    response = database_down("/letters/demo/")

    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")


def test_a_server_error_is_json_under_the_api_and_a_page_elsewhere():
    api = server_error(RequestFactory().get("/api/v1/"))
    page = server_error(RequestFactory().get("/dashboard/"))

    assert api.status_code == page.status_code == 500
    assert json.loads(api.content) == {"detail": "Something went wrong on our side."}
    assert b"Something went wrong on our side" in page.content and b"<html" in page.content
