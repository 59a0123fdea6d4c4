"""Small text helpers shared by the parser, the importer and search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text):
    """Lower-case and strip accents: "Energía ELÉCTRICA" → "energia electrica"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def squash(text):
    """Collapse every run of whitespace into one space and trim the ends."""
    return _SPACES.sub(" ", text).strip()


def fold_key(text):
    """A comparison key: folded, punctuation-insensitive, single-spaced."""
    return squash(re.sub(r"[^\w\s]", " ", fold(text)))
