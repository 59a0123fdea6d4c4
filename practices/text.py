"""Small text helpers shared by the parser, the importer and search."""

import re
import unicodedata
from decimal import Decimal

from django.utils import formats

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


def format_number(value):
    """A number as Colombians write it: 145061 → "145.061", Decimal("5.46") → "5,46"."""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    value = value.quantize(Decimal(1)) if whole else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def metric_summary(label, channel, baseline, value, unit):
    """An impact metric in one line: "Pagos en línea (web): 1.200 → 4.193 pagos" (the
    channel, the baseline and the unit when there are)."""
    text = f"{label} ({channel})" if channel else label
    figures = f"{format_number(baseline)} → " if baseline is not None else ""
    figures += format_number(value)
    return f"{text}: {figures} {unit}" if unit else f"{text}: {figures}"
