"""The services' refusals, and the one place that puts them into words.

A service raises a code and the facts the sentence needs (a Member's title and name, the
letter's contact, counts); views and commands call `describe()`. Every sentence below is
marked for translation, so a second language is a .po file, not a change to the services.
"""

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy


class Code(StrEnum):
    # Signing on
    NOT_OPEN = "not_open"
    KIND_NOT_TAKEN = "kind_not_taken"
    VERSION_CHANGED = "version_changed"
    NOT_SITTING = "not_sitting"
    NOT_ATTESTED = "not_attested"
    HOUSE_ADDRESS = "house_address"
    SENATE_ADDRESS = "senate_address"
    SENATE_OFFICE_ADDRESS = "senate_office_address"
    OFFICE_TAKEN = "office_taken"
    EMAIL_USED = "email_used"
    # Confirming, withdrawing
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    ENDED = "ended"
    CLOSED_BEFORE_CONFIRMED = "closed_before_confirmed"
    EMAIL_CONFIRMED = "email_confirmed"
    EMAIL_CONFIRMED_MEANWHILE = "email_confirmed_meanwhile"
    # The organizers' decisions
    EMAIL_APPROVED = "email_approved"
    LIST_FINAL = "list_final"
    # Publishing and revising
    ALREADY_PUBLISHED = "already_published"
    NO_TEXT = "no_text"
    NO_RECIPIENTS = "no_recipients"
    NO_DEADLINE = "no_deadline"
    DEADLINE_PASSED = "deadline_passed"
    NO_SIGNER_KINDS = "no_signer_kinds"
    EMAIL_UNVERIFIED = "email_unverified"
    TEXT_CLOSED = "text_closed"
    # Duplicating, deleting, archiving
    DELETE_PUBLISHED = "delete_published"
    ARCHIVE_UNDELIVERED = "archive_undelivered"
    NO_REVISION = "no_revision"
    REVISION_UNCHANGED = "revision_unchanged"
    RECONFIRM_BY_PAST = "reconfirm_by_past"
    NOT_CONFIRMED = "not_confirmed"
    # The team
    ALREADY_ON_TEAM = "already_on_team"
    INVITATION_ACCEPTED = "invitation_accepted"
    INVITATION_NOT_YOURS = "invitation_not_yours"
    LAST_OWNER = "last_owner"
    # Delivering
    DRAFT_UNDELIVERABLE = "draft_undeliverable"
    NOTHING_TO_DELIVER_TO = "nothing_to_deliver_to"
    NO_PDF = "no_pdf"
    STALE_PDF = "stale_pdf"
    ALL_UNDER_WAY = "all_under_way"
    RETRY_NOT_FAILED = "retry_not_failed"
    RECORD_NOT_PRINTED = "record_not_printed"
    # The office tracker
    TRACKER_STATUS = "tracker_status"
    # Outreach: the address book and the Dear Colleague
    CONTACT_EXISTS = "contact_exists"
    CONTACT_OPTED_OUT = "contact_opted_out"
    DEAR_COLLEAGUE_SENT = "dear_colleague_sent"
    NO_ADDRESSES = "no_addresses"
    # Reminders
    REMINDER_PAST = "reminder_past"
    REMINDER_AFTER_DEADLINE = "reminder_after_deadline"
    REMINDER_DONE = "reminder_done"
    # Not a refusal: the sign-on is kept, but no link was emailed.
    OFFICE_SHARE_USED = "office_share_used"


class ServiceError(Exception):
    """A refusal: its code, and the facts its words need, as keyword arguments."""

    def __init__(self, code: Code, **facts: object) -> None:
        super().__init__(code, facts)
        self.code = code
        self.facts = facts

    @property
    def problems(self) -> list["ServiceError"]:
        return [self]

    def __str__(self) -> str:
        return describe(self)


class Blocked(ServiceError):
    """Everything that stands in the way at once (of publishing, of delivering)."""

    def __init__(self, problems: list[ServiceError]) -> None:
        super().__init__(problems[0].code, **problems[0].facts)
        self._problems = problems

    @property
    def problems(self) -> list[ServiceError]:
        return self._problems


class SigningError(ServiceError):
    """A refusal to a signer, or to an organizer deciding on a sign-on."""


class MemberAlreadySigned(SigningError):
    def __init__(self, *, title: str, name: str, contact: str) -> None:
        super().__init__(Code.OFFICE_TAKEN, title=title, name=name, contact=contact)


class EmailAlreadyUsed(SigningError):
    def __init__(self, signature_id: int) -> None:
        super().__init__(Code.EMAIL_USED)
        self.signature_id = signature_id


class VersionChanged(SigningError):
    def __init__(self) -> None:
        super().__init__(Code.VERSION_CHANGED)


class ListIsFinal(SigningError):
    """The letter was delivered with its list: nobody joins, leaves or is decided on now."""

    def __init__(self) -> None:
        super().__init__(Code.LIST_FINAL)


# The words ------------------------------------------------------------------------------------

WORDS: dict[Code, Promise] = {
    Code.NOT_OPEN: gettext_lazy("This letter is not open for signatures."),
    Code.KIND_NOT_TAKEN: gettext_lazy("This letter does not take that kind of signature."),
    Code.VERSION_CHANGED: gettext_lazy(
        "The letter's text changed while you were reading it. Please read the new text below, "
        "then sign again."
    ),
    Code.NOT_SITTING: gettext_lazy("Choose a sitting Member of Congress."),
    Code.NOT_ATTESTED: gettext_lazy("Confirm that the Member authorized this sign-on."),
    Code.HOUSE_ADDRESS: gettext_lazy(
        "Sign-ons for %(title)s %(name)s must come from a mail.house.gov address, so that we "
        "can tell the office really agreed. Use your official email address."
    ),
    Code.SENATE_ADDRESS: gettext_lazy(
        "Sign-ons for %(title)s %(name)s must come from the office's senate.gov address, so "
        "that we can tell the office really agreed. Use your official email address."
    ),
    Code.SENATE_OFFICE_ADDRESS: gettext_lazy(
        "Sign-ons for %(title)s %(name)s must come from an address at %(office)s, so that we "
        "can tell the office really agreed. Use your official email address."
    ),
    Code.OFFICE_TAKEN: gettext_lazy(
        "%(title)s %(name)s is already on this letter: another sign-on from the office was "
        "confirmed first. If you think that is a mistake, %(ask_organizers)s."
    ),
    Code.EMAIL_USED: gettext_lazy("This email address has already been used to sign this letter."),
    Code.LAPSED: gettext_lazy(
        "This sign-on was never confirmed and has lapsed. Please sign again."
    ),
    Code.WITHDRAWN: gettext_lazy("This sign-on was withdrawn."),
    Code.REJECTED: gettext_lazy("The organizers did not accept this sign-on."),
    Code.ENDED: gettext_lazy("This sign-on can no longer be confirmed."),
    Code.CLOSED_BEFORE_CONFIRMED: gettext_lazy(
        "The letter closed before this sign-on was confirmed."
    ),
    Code.EMAIL_CONFIRMED: gettext_lazy(
        "This email address has already confirmed a signature on this letter; one address "
        "signs once. If that is wrong, %(ask_organizers)s."
    ),
    Code.EMAIL_CONFIRMED_MEANWHILE: gettext_lazy(
        "This email address has already confirmed a signature."
    ),
    Code.EMAIL_APPROVED: gettext_lazy(
        "%(email)s has already confirmed another signature on this letter."
    ),
    Code.LIST_FINAL: gettext_lazy(
        "This letter has been delivered, so its list of signers is final and stays as it was "
        "delivered."
    ),
    Code.ALREADY_PUBLISHED: gettext_lazy("This letter has already been published."),
    Code.NO_TEXT: gettext_lazy("Write the letter's text."),
    Code.NO_RECIPIENTS: gettext_lazy("Add at least one recipient."),
    Code.NO_DEADLINE: gettext_lazy("Set a sign-on deadline."),
    Code.DEADLINE_PASSED: gettext_lazy("Move the sign-on deadline into the future."),
    Code.NO_SIGNER_KINDS: gettext_lazy("Allow at least one kind of signer."),
    Code.EMAIL_UNVERIFIED: gettext_lazy("Verify your email address."),
    Code.TEXT_CLOSED: gettext_lazy("The letter is closed; its text can no longer change."),
    Code.DELETE_PUBLISHED: gettext_lazy(
        "Only a draft can be deleted: a published letter keeps its page and its signatures."
    ),
    Code.ARCHIVE_UNDELIVERED: gettext_lazy("Only a delivered letter can be archived."),
    Code.NO_REVISION: gettext_lazy("There is no draft of a next version to publish."),
    Code.REVISION_UNCHANGED: gettext_lazy(
        "The draft is the same as the published text: there is nothing to publish."
    ),
    Code.RECONFIRM_BY_PAST: gettext_lazy(
        "Choose a date still to come by which signers re-confirm."
    ),
    Code.NOT_CONFIRMED: gettext_lazy(
        "Nothing was done: this needs your confirmation, on the page that says what will happen."
    ),
    Code.ALREADY_ON_TEAM: gettext_lazy("%(email)s is already on the team."),
    Code.INVITATION_ACCEPTED: gettext_lazy("This invitation has already been accepted."),
    Code.INVITATION_NOT_YOURS: gettext_lazy(
        "This invitation is for %(email)s. Sign in with that verified address."
    ),
    Code.LAST_OWNER: gettext_lazy("A letter needs at least one owner."),
    Code.DRAFT_UNDELIVERABLE: gettext_lazy(
        "A draft cannot be delivered: publish the letter first."
    ),
    Code.NOTHING_TO_DELIVER_TO: gettext_lazy(
        "The letter has no recipients: add them under Recipients."
    ),
    Code.NO_PDF: gettext_lazy("There is no PDF of the letter yet: generate it first."),
    Code.STALE_PDF: gettext_lazy(
        "The newest PDF holds %(pdf_count)s signatures on version %(pdf_version)s; the letter "
        "now has %(count)s on version %(version)s. Generate the PDF again, then deliver."
    ),
    Code.ALL_UNDER_WAY: gettext_lazy(
        "Every recipient already has this letter on its way or delivered."
    ),
    Code.RETRY_NOT_FAILED: gettext_lazy("Only a failed delivery can be retried."),
    Code.RECORD_NOT_PRINTED: gettext_lazy("Only a printed letter's delivery is recorded by hand."),
    Code.TRACKER_STATUS: gettext_lazy(
        "Choose one of the tracker's statuses; an office shows as signed once its sign-on is "
        "counted."
    ),
    Code.CONTACT_EXISTS: gettext_lazy("%(email)s is already a contact for this office."),
    Code.CONTACT_OPTED_OUT: gettext_lazy(
        "%(email)s asked, from a link in one of this team's emails, not to be written to about "
        "its letters; it is not added. Ask them directly if they have changed their mind."
    ),
    Code.DEAR_COLLEAGUE_SENT: gettext_lazy("This Dear Colleague has already been sent."),
    Code.NO_ADDRESSES: gettext_lazy(
        "None of the chosen offices has a contact to write to: add contacts on an office's "
        "page of the tracker."
    ),
    Code.REMINDER_PAST: gettext_lazy("A reminder is for later: choose a time still to come."),
    Code.REMINDER_AFTER_DEADLINE: gettext_lazy(
        "A reminder after the deadline would come too late: choose a time before it."
    ),
    Code.REMINDER_DONE: gettext_lazy(
        "This reminder has gone out or was cancelled; add a new one instead."
    ),
    Code.OFFICE_SHARE_USED: gettext_lazy(
        "We have already emailed %(title)s %(name)s's office about this letter as often as we "
        "do in a day, so no confirmation link was sent to you. Your sign-on is saved: "
        "%(ask_organizers)s to confirm it with the office by phone, or sign again tomorrow to "
        "have the link emailed."
    ),
}


def _ask_organizers(contact: object) -> str:
    if contact:
        return gettext("ask the letter's organizers (%(contact)s)") % {"contact": contact}
    return gettext("ask the letter's organizers")


def words(code: Code, **facts: object) -> str:
    """The sentence for a code, its facts filled in."""
    values = {
        # Counts read 1,204; a bool is an int too, but never a count.
        name: f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
        for name, value in facts.items()
    }
    if "contact" in facts:
        values["ask_organizers"] = _ask_organizers(facts["contact"])
    return str(WORDS[code]) % values


def describe(error: ServiceError) -> str:
    """What the person is told, in one piece."""
    return " ".join(describe_each(error))


def describe_each(error: ServiceError) -> list[str]:
    """One sentence per problem, for pages that list them."""
    return [words(problem.code, **problem.facts) for problem in error.problems]
