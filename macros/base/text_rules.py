"""The one rule for a text shown on one line (a field in data/, a page's title or description): the
characters it may not hold, however they were written (typed, or as an escape such as "\\u2028" in quotes,
which YAML turns into the character itself).

Refused: line breaks of every kind (it is shown on one line), tabs, control characters (XML 1.0, and so
the feed, cannot hold most of them) and invisible format characters (they can disguise text or a figure).
Used by macros/read/load.py for data/ and macros/read/page_rules.py for front matter.
"""

from __future__ import annotations

import unicodedata

LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_REFUSED_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")


def character_kind(char: str) -> str | None:
    """What is wrong with a character in a one-line text: "line break", "tab" or "invisible"; None if nothing."""
    if char in LINE_BREAKS:
        return "line break"
    if char == "\t":
        return "tab"
    if unicodedata.category(char) in _REFUSED_CATEGORIES or char in "\ufffe\uffff":
        return "invisible"
    return None


def first_refused(text: str) -> str | None:
    """The first character of text that a one-line text may not hold, or None."""
    if text.isascii() and text.isprintable():
        return None
    return next((char for char in text if character_kind(char)), None)


def refused_character(char: str, what: str = "this text") -> str | None:
    """Why a character may not be in a one-line text, in words an editor can act on; None if it may."""
    kind = character_kind(char)
    if kind == "line break":
        return (
            f"{what} has a line break (U+{ord(char):04X}: typed as \\n in quotes, or made by | or by a blank "
            "line under >), but it is shown on one line; write it as one line (a long text may go on several "
            "lines under >- with no blank line between them)"
        )
    if kind == "tab":
        return f"{what} has a tab character; write a space instead"
    if kind is None:
        return None
    category = unicodedata.category(char)
    described = unicodedata.name(char, "").lower() or {"Cc": "a control character", "Cs": "half of a character"}.get(
        category, "not a character"
    )
    return (
        f"{what} has an invisible character, U+{ord(char):04X} ({described}), perhaps written as an escape "
        "such as \\u202e or \\x1b in quotes; it cannot be shown, or can disguise text or a figure, so "
        "delete it (retype the words around it)"
    )
