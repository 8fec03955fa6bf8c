from django.http import HttpRequest

from accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The logged-in organizer; for views behind login_required."""
    assert isinstance(request.user, User), "this view needs a logged-in user"
    return request.user
