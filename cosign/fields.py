import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# Bidirectional overrides and isolates can make a name display as something else entirely
# ("gnp.exe" tricks); letters and numbers in any script are welcome, these are not.
# Zero-width joiners (U+200C, U+200D) stay: Persian and Indic names need them.
_INVISIBLE_CONTROLS = re.compile(
    "[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def plain_text(value: str) -> str:
    """One line of display text: NFC, no control or direction-override characters, no runs
    of whitespace."""
    value = _INVISIBLE_CONTROLS.sub("", value)
    value = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in value
    )
    # Last: a removed character may have stood between a letter and its accent.
    return unicodedata.normalize("NFC", " ".join(value.split()))


def search_text(value: str | None, *, limit: int = 100) -> str:
    """A search box's text, safe to put in a query: PostgreSQL refuses NUL bytes outright."""
    return plain_text(value or "")[:limit]


def record_ids(values: list[str]) -> list[int]:
    """The whole numbers among submitted ids; anything else is dropped."""
    return [int(value) for value in values if re.fullmatch(r"[0-9]{1,18}", value)]


class PlainTextField(forms.CharField):
    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return plain_text(text) if text else ""


class PhoneField(PlainTextField):
    default_error_messages = {
        "invalid": "Enter a phone number, such as 202-225-3072 (an extension after x is fine)."
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and (
            not re.fullmatch(r"[0-9+().\-\s/xXext]+", value) or sum(c.isdigit() for c in value) < 7
        ):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class LowercaseEmailField(forms.EmailField):
    def to_python(self, value: Any) -> str:
        address = super().to_python(value)
        return address.strip().lower() if address else ""
