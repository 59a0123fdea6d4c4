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


SORT_KEY_LENGTH = 60


def sort_key(text):
    """How a title sorts, the same in both databases and in Python: folded, without
    punctuation, ASCII only, at most ``SORT_KEY_LENGTH`` characters ("Ágil y claro" →
    "agil y claro"). Compared byte by byte (collation "C"), so no locale decides."""
    return squash(fold_key(text).encode("ascii", "ignore").decode())[:SORT_KEY_LENGTH].strip()
