from typing import Any

from django.core.management.base import BaseCommand

from campaigns.demo import seed


class Command(BaseCommand):
    help = "Load the demo: the 2016 letter to President Obama with its 146 House signers."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in seed.seed():
            self.stdout.write(line)
        self.stdout.write(
            f"Demo organizer: {seed.ORGANIZER_EMAIL} / password {seed.ORGANIZER_PASSWORD}"
        )
