"""The salutation composed from the recipients, as letters to officials are written."""

import pytest

from campaigns.letters.greetings import compose_salutation, greeting_for
from campaigns.letters.models import Recipient
from tests.factories import make_campaign

# (title, name) -> how the letter greets them. Each row is one way officials are addressed.
GREETINGS = [
    ("", "President Barack Obama", "Mr. President"),
    ("President of the United States", "Donald J. Trump", "Mr. President"),
    ("Vice President of the United States", "JD Vance", "Mr. Vice President"),
    ("Speaker of the House", "The Honorable Mike Johnson", "Speaker Johnson"),
    ("House Minority Leader", "The Honorable Hakeem Jeffries", "Leader Jeffries"),
    ("Democratic Leader", "Hakeem Jeffries", "Leader Jeffries"),
    ("Senate Majority Leader", "The Honorable John Thune", "Leader Thune"),
    ("Assistant House Minority Leader", "Joe Neguse", "Assistant Leader Neguse"),
    ("House Majority Whip", "Tom Emmer", "Whip Emmer"),
    ("President Pro Tempore of the Senate", "Chuck Grassley", "President pro Tempore Grassley"),
    ("Chairman, House Committee on the Judiciary", "Jim Jordan", "Chairman Jordan"),
    ("Chair, House Committee on Agriculture", "Glenn Thompson", "Chair Thompson"),
    ("Ranking Member, House Committee on the Judiciary", "Jamie Raskin", "Ranking Member Raskin"),
    ("Secretary of State", "The Honorable Marco Rubio", "Secretary Rubio"),
    ("Secretary of Homeland Security", "Secretary Jeh Johnson", "Secretary Johnson"),
    ("", "Secretary of Commerce", "Secretary"),  # an office with nobody named in it
    ("Attorney General", "Pam Bondi", "Attorney General Bondi"),
    ("", "Senator Alex Padilla", "Senator Padilla"),
    ("United States Senator", "The Honorable Bernie Sanders", "Senator Sanders"),
    ("Member of Congress", "The Honorable Sanford D. Bishop, Jr.", "Representative Bishop"),
    ("Governor of California", "Gavin Newsom", "Governor Newsom"),
    # An office that names no form of address: greeted by name, honorific dropped.
    ("President, Sierra Club", "Ben Jealous", "Ben Jealous"),
    ("Executive Director", "The Honorable Jane Doe", "Jane Doe"),
]


@pytest.mark.parametrize(("title", "name", "greeting"), GREETINGS)
def test_each_office_is_greeted_as_letters_to_officials_are(title, name, greeting):
    assert greeting_for(title=title, name=name) == greeting


def test_greetings_join_into_one_salutation():
    assert compose_salutation([]) == "To whom it may concern:"
    assert compose_salutation(["Mr. President"]) == "Dear Mr. President:"
    assert (
        compose_salutation(["Speaker Johnson", "Leader Jeffries"])
        == "Dear Speaker Johnson and Leader Jeffries:"
    )
    assert (
        compose_salutation(["Leader Thune", "Leader Schumer", "Speaker Johnson"])
        == "Dear Leader Thune, Leader Schumer, and Speaker Johnson:"
    )


@pytest.mark.django_db
def test_a_letter_to_the_speaker_and_the_leader_greets_both(alice):
    campaign = make_campaign(alice)
    campaign.recipients.all().delete()
    Recipient.objects.create(
        campaign=campaign, name="The Honorable Mike Johnson", title="Speaker of the House"
    )
    Recipient.objects.create(
        campaign=campaign, name="The Honorable Hakeem Jeffries", title="House Minority Leader",
        position=1,
    )  # fmt: skip

    assert campaign.default_salutation() == "Dear Speaker Johnson and Leader Jeffries:"


@pytest.mark.django_db
def test_a_recipients_own_greeting_and_the_letters_own_salutation_win(alice):
    campaign = make_campaign(alice)  # to President Barack Obama
    assert campaign.default_salutation() == "Dear Mr. President:"

    campaign.recipients.update(greeting="President Obama")
    assert campaign.default_salutation() == "Dear President Obama:"

    campaign.salutation = "To the President:"
    assert campaign.default_salutation() == "To the President:"
    assert campaign.composed_salutation() == "Dear President Obama:"
