"""What the source reports contain: their headings and their paragraphs of prose."""

from __future__ import annotations

import re

# Headings the extraction did not print in capitals.
MIXED_CASE_HEADINGS = ("Introduction by Cabinet Member", "DIGITAL PROGRAMME: Completed elements")


def headings(text: str) -> list[str]:
    """Lines printed as headings: capitals, not a table row, plus the few in mixed case."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        letters = re.sub(r"[^A-Za-z]", "", line)
        is_capitals = len(letters) >= 4 and letters.isupper() and not re.search(r"\d,\d|^\d|£", line)
        if is_capitals or line in MIXED_CASE_HEADINGS:
            found.append(line)
    return found


def paragraphs(text: str) -> list[str]:
    """Runs of text between blank lines, each joined into one line."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def words(text: str) -> list[str]:
    """Lower-case words and numbers, ignoring punctuation, hyphens and bullets."""
    return re.findall(r"[a-z0-9]+", text.casefold().replace("’", "'").replace("'", ""))


def normalise_heading(text: str) -> str:
    return " ".join(words(text))


# Table headings the site prints in its own words ("Full year budget (£)"), so not compared as prose.
_BUDGET_HEADINGS = re.compile(r"Full Year\s+(Budget|Forecast)|Variance|Service Area|£0|£(?=\s)")
_URL_ONLY = re.compile(r"^((https?://|mailto:)\S+\s*)+$")


def prose(text: str) -> list[str]:
    """The source's paragraphs with extraction artefacts removed: lost bullet glyphs (a lone
    "o" for sub-bullets), a stray "I" line, budget column headings and duplicated bare URLs."""
    text = re.sub(r"(?m)^\s*I\s*$", "", text)
    text = re.sub(r"(?m)^\s*[o]\s+", "", text)
    text = _BUDGET_HEADINGS.sub(" ", text)
    return [paragraph for paragraph in paragraphs(text) if not _URL_ONLY.match(paragraph)]


def missing_paragraphs(source: str, site_text: str, skip: tuple[str, ...] = ()) -> list[str]:
    """Source paragraphs not found whole in the site's text (every 5-word run must be there)."""
    site_words = words(site_text)
    site_runs = {tuple(site_words[i : i + 5]) for i in range(len(site_words) - 4)}
    missing = []
    for paragraph in prose(source):
        paragraph_words = words(paragraph)
        if len(paragraph_words) < 5 or paragraph in skip:
            continue
        if not all(tuple(paragraph_words[i : i + 5]) in site_runs for i in range(len(paragraph_words) - 4)):
            missing.append(paragraph)
    return missing
