"""How a letter greets its recipients, as letters to officials are written: "Dear Mr. President:",
"Dear Speaker Johnson and Leader Jeffries:", "Dear Chairman Jordan and Ranking Member Raskin:".

Each recipient is greeted by their office and last name, read from their title (or, when the
title says nothing, from a name such as "President Barack Obama"); the greetings are joined into
one salutation. An organizer's own salutation, or a recipient's own greeting, wins over these.
"""

import re

# Words before a name that are not part of it.
_HONORIFIC = re.compile(
    r"^(?:(?:the\s+)?(?:honorable|hon\.)|mr\.|mrs\.|ms\.|dr\.|madam|"
    r"president|vice\s+president|speaker|leader|secretary|senator|sen\.|representative|rep\.|"
    r"delegate|del\.|congressman|congresswoman|governor|gov\.|mayor|ambassador|chair(?:man|woman)?)"
    r"\s+",
    re.I,
)
_SUFFIX = re.compile(r",?\s+(?:jr\.?|sr\.?|ii|iii|iv|v|m\.d\.|ph\.d\.)$", re.I)

# (what the title says, how the recipient is greeted), in order: the first that matches wins.
# "{office}" is the office as the title spells it ("Chair", "Chairwoman"); "{last}" the last name.
_FORMS = [
    (r"\bvice president of the united states\b|^vice president$", "Mr. Vice President"),
    (r"\bpresident pro tempore\b", "President pro Tempore {last}"),
    (r"\bpresident of the united states\b|^president$", "Mr. President"),
    (r"\bspeaker\b", "Speaker {last}"),
    (r"\branking member\b", "Ranking Member {last}"),
    (r"\b(?P<office>(?:vice |co-?)?chair(?:man|woman)?)\b", "{office} {last}"),
    (r"\bassistant\b.*\bleader\b", "Assistant Leader {last}"),
    (r"\bleader\b", "Leader {last}"),
    (r"\bwhip\b", "Whip {last}"),
    (r"\battorney general\b", "Attorney General {last}"),
    (r"\bsecretary\b", "Secretary {last}"),
    (r"\bsenator\b|^sen\.", "Senator {last}"),
    (r"\bresident commissioner\b", "Resident Commissioner {last}"),
    (r"\bdelegate\b|^del\.", "Delegate {last}"),
    (
        r"\brepresentative\b|^rep\.|\bcongress(?:wo)?man\b|\bmember of congress\b",
        "Representative {last}",
    ),
    (r"\b(?P<office>governor|mayor|ambassador|administrator)\b", "{office} {last}"),
]
_COMPILED = [(re.compile(pattern, re.I), form) for pattern, form in _FORMS]


def greeting_for(*, title: str, name: str, last_name: str = "") -> str:
    """How one recipient is greeted: "Speaker Johnson", "Mr. President", "Secretary Rubio".
    A title naming no office greets them by name ("Jane Doe")."""
    before, bare = _split_name(name)
    if re.match(r"(?:of|for|on)\b", bare, re.I):
        bare = ""  # "Secretary of Commerce": an office named, not a person
    last = last_name or (bare.split()[-1] if bare else "")
    # The title first; then the words before a name, as in "President Barack Obama".
    for text in (title, before):
        text = " ".join(text.split())
        for pattern, form in _COMPILED:
            if m := pattern.search(text):
                office = (m.groupdict().get("office") or "").strip()
                return form.format(office=office[:1].upper() + office[1:], last=last).strip()
    return bare


def compose_salutation(greetings: list[str]) -> str:
    """ "Dear A:", "Dear A and B:", "Dear A, B, and C:"; without recipients, "To whom it may
    concern:"."""
    names = [greeting for greeting in dict.fromkeys(greetings) if greeting]
    if not names:
        return "To whom it may concern:"
    if len(names) <= 2:
        return f"Dear {' and '.join(names)}:"
    return f"Dear {', '.join(names[:-1])}, and {names[-1]}:"


def _split_name(name: str) -> tuple[str, str]:
    """("President", "Barack Obama") from "President Barack Obama", ("", "Jim Jordan") from
    "The Honorable Jim Jordan, Jr."."""
    name = " ".join(name.split())
    before: list[str] = []
    while m := _HONORIFIC.match(name):
        if not re.match(r"(?:the\s+)?hon|mr|mrs|ms|dr|madam", m.group(), re.I):
            before.append(m.group().strip())
        name = name[m.end() :]
    return " ".join(before), _SUFFIX.sub("", name)
