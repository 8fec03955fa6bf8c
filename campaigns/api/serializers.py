"""The API's shapes, declared for the schema. Output comes from campaigns.signatures.resources,
the functions the webhooks' payloads use too; the contract tests prove that what is declared
here is what they return."""

from typing import Any

from rest_framework import serializers

from campaigns.circulation.models import OfficeTarget
from campaigns.circulation.resources import office_target_resource
from campaigns.letters.models import Campaign
from campaigns.signatures import counts
from campaigns.signatures.models import Signature
from campaigns.signatures.resources import petition_resource, signature_resource


class Link(serializers.Serializer):
    href = serializers.URLField()


class PetitionLinks(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "self": Link(),
            "osdi:signatures": Link(),
            "osdi:record_signature_helper": Link(),
        }


class Target(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)


class Counts(serializers.Serializer):
    by_chamber = serializers.DictField(child=serializers.IntegerField())
    by_party = serializers.DictField(child=serializers.IntegerField())
    by_state = serializers.DictField(child=serializers.IntegerField())


class Petition(serializers.Serializer):
    identifiers = serializers.ListField(child=serializers.CharField())
    origin_system = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    petition_text = serializers.CharField(allow_blank=True, help_text="The letter, as HTML.")
    browser_url = serializers.URLField()
    created_date = serializers.DateTimeField()
    modified_date = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Campaign.Status.choices)
    visibility = serializers.ChoiceField(choices=["public", "private"])
    version = serializers.IntegerField(allow_null=True, help_text="The text's version number.")
    deadline = serializers.DateTimeField(allow_null=True)
    goal = serializers.IntegerField(allow_null=True)
    target = Target(many=True)
    total_signatures = serializers.IntegerField(required=False)
    counts = Counts(required=False)
    _links = PetitionLinks()

    def to_representation(self, instance: Campaign) -> dict[str, Any]:
        return petition_resource(instance, counts.current(instance.pk))


class Office(serializers.Serializer):
    bioguide_id = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    chamber = serializers.CharField()
    party = serializers.CharField()
    state = serializers.CharField()
    district = serializers.IntegerField(allow_null=True)


class EmailAddress(serializers.Serializer):
    address = serializers.EmailField()
    primary = serializers.BooleanField()


class PhoneNumber(serializers.Serializer):
    number = serializers.CharField()


class Person(serializers.Serializer):
    given_name = serializers.CharField(required=False, allow_blank=True)
    family_name = serializers.CharField(required=False, allow_blank=True)
    employer = serializers.CharField(required=False, allow_blank=True)
    job_title = serializers.CharField(required=False, allow_blank=True)
    email_addresses = EmailAddress(many=True)
    phone_numbers = PhoneNumber(many=True, required=False)


class SignatureLinks(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"self": Link(), "osdi:petition": Link()}


class SignatureResource(serializers.Serializer):
    identifiers = serializers.ListField(child=serializers.CharField())
    created_date = serializers.DateTimeField()
    credit = serializers.CharField(help_text="As the letter prints it.")
    kind = serializers.ChoiceField(choices=Signature.Kind.choices)
    status = serializers.ChoiceField(choices=Signature.Status.choices)
    version = serializers.IntegerField(help_text="The text's version they signed.")
    office = Office(allow_null=True)
    is_lead = serializers.BooleanField()
    confirmed_date = serializers.DateTimeField(allow_null=True)
    decided_date = serializers.DateTimeField(allow_null=True)
    withdrawn_date = serializers.DateTimeField(allow_null=True)
    person = Person(required=False, help_text="Only for a team's token with the contacts scope.")
    _links = SignatureLinks()

    def to_representation(self, instance: Signature) -> dict[str, Any]:
        return signature_resource(
            instance,
            campaign_slug=self.context["slug"],
            contact=self.context.get("contact", False),
        )


class PageLinks(serializers.Serializer):
    self = Link()
    next = Link(required=False)
    prev = Link(required=False)


class Collection(serializers.Serializer):
    total_pages = serializers.IntegerField()
    per_page = serializers.IntegerField()
    page = serializers.IntegerField()
    total_records = serializers.IntegerField()
    _links = PageLinks()


class EmbeddedPetitions(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"osdi:petitions": Petition(many=True)}


class EmbeddedSignatures(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"osdi:signatures": SignatureResource(many=True)}


class Petitions(Collection):
    _embedded = EmbeddedPetitions()


class Signatures(Collection):
    _embedded = EmbeddedSignatures()


class EntryLinks(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"self": Link(), "osdi:petitions": Link(), "docs": Link(), "schema": Link()}


class EntryPoint(serializers.Serializer):
    motd = serializers.CharField()
    vendor_name = serializers.CharField()
    product_name = serializers.CharField()
    osdi_version = serializers.CharField()
    max_pagesize = serializers.IntegerField()
    _links = EntryLinks()


class OfficeContact(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    title = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    source = serializers.ChoiceField(choices=["by_hand", "sign_on"])


class OfficeTargetLinks(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"osdi:petition": Link()}


class OfficeTargetResource(serializers.Serializer):
    """A row of the letter's office tracker: the office, where it stands, the team's notes."""

    identifiers = serializers.ListField(child=serializers.CharField())
    office = Office()
    status = serializers.ChoiceField(
        choices=OfficeTarget.Status.choices, help_text="Its sign-on's word, else the team's."
    )
    noted_status = serializers.ChoiceField(
        choices=OfficeTarget.Status.choices, help_text="What the team last noted."
    )
    note = serializers.CharField(allow_blank=True)
    next_step = serializers.CharField(allow_blank=True)
    last_contact_date = serializers.DateTimeField(allow_null=True)
    modified_date = serializers.DateTimeField()
    contacts = OfficeContact(
        many=True, required=False, help_text="Only for a token with the contacts scope."
    )
    _links = OfficeTargetLinks()

    def to_representation(self, instance: OfficeTarget) -> dict[str, Any]:
        book = self.context.get("book")
        return office_target_resource(
            instance,
            campaign_slug=self.context["slug"],
            contacts=book.get(instance.legislator_id, []) if book is not None else None,
        )


class EmbeddedOffices(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"cosign:offices": OfficeTargetResource(many=True)}


class Offices(Collection):
    _embedded = EmbeddedOffices()


class Problem(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False, help_text="A refusal's code, e.g. office_taken.")
    errors = serializers.DictField(required=False, help_text="A bad request's errors, by field.")


class Empty(serializers.Serializer):
    """The record-signature helper's answer without a token, whatever happened."""


# What the record-signature helper takes: OSDI's person, and what a letter's sign form asks
# beyond it. It is turned into the sign form's own fields, and the form checks them.


class EmailAddressInput(serializers.Serializer):
    address = serializers.CharField(max_length=254)


class PostalAddress(serializers.Serializer):
    locality = serializers.CharField(required=False, allow_blank=True, max_length=100)
    region = serializers.CharField(required=False, allow_blank=True, max_length=2)


class PersonInput(serializers.Serializer):
    given_name = serializers.CharField(max_length=200)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email_addresses = EmailAddressInput(many=True, allow_empty=False)
    phone_numbers = PhoneNumber(many=True, required=False)
    postal_addresses = PostalAddress(many=True, required=False)
    employer = serializers.CharField(required=False, allow_blank=True, max_length=200)
    job_title = serializers.CharField(required=False, allow_blank=True, max_length=200)


class RecordSignature(serializers.Serializer):
    person = PersonInput()
    kind = serializers.ChoiceField(
        choices=Signature.Kind.choices,
        required=False,
        help_text="Who signs; may be left out when the letter takes one kind of signer.",
    )
    legislator = serializers.CharField(
        required=False, max_length=12, help_text="For a Member: their Bioguide id."
    )
    organization = serializers.CharField(
        required=False, max_length=200, help_text="For an organization: its name as printed."
    )
    affiliation = serializers.CharField(required=False, allow_blank=True, max_length=200)
    show_name = serializers.BooleanField(default=True)
    attested = serializers.BooleanField(
        default=False, help_text="For a Member: the Member authorized this sign-on."
    )
    keep_as_contact = serializers.BooleanField(default=False)
    version = serializers.IntegerField(
        required=False, help_text="The text's version they read; the current one if left out."
    )

    def form_data(self, current_version: int) -> dict[str, Any]:
        """The sign form's fields, as the form would have posted them."""
        data = self.validated_data
        person = data["person"]
        place = (person.get("postal_addresses") or [{}])[0]
        phone = (person.get("phone_numbers") or [{}])[0]
        form = {
            "version": data.get("version", current_version),
            "signer_name": " ".join(
                part for part in (person["given_name"], person.get("family_name", "")) if part
            ),
            "signer_title": person.get("job_title", ""),
            "email": person["email_addresses"][0]["address"],
            "phone": phone.get("number", ""),
            "city": place.get("locality", ""),
            "state": place.get("region", ""),
            "name": data.get("organization") or person.get("employer", ""),
            "legislator": data.get("legislator", ""),
            "affiliation": data.get("affiliation", ""),
        }
        form.update(
            {key: "on" for key in ("show_name", "attested", "keep_as_contact") if data[key]}
        )
        return form


# A sign form's field, as the helper's body names it.
FORM_FIELDS_IN_BODY = {
    "signer_name": "person.given_name",
    "signer_title": "person.job_title",
    "email": "person.email_addresses",
    "phone": "person.phone_numbers",
    "city": "person.postal_addresses",
    "state": "person.postal_addresses",
    "name": "organization",
}
