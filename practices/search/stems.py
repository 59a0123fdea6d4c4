"""Spanish words as the search compares them, the same on both databases.

PostgreSQL's ``es_unaccent`` configuration (migration 0003) folds a word's accents, drops
it if it is a stop word, and stems it with Snowball's Spanish stemmer. This module does
the same in Python, with the same Snowball algorithm, for SQLite's index (the stems of
each text, written by the triggers through ``stemmed``: sqlite_triggers.py) and for the
query on both databases: "facturaciones" and "facturación" meet at "factur" everywhere.
"""

import re
import threading
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from practices.text import fold

_WORD = re.compile(r"[^\W_]+")  # letters and digits: what the FTS5 tokenizer keeps together
_STEMMER = snowballstemmer.stemmer("spanish")
_LOCK = threading.Lock()  # a Snowball stemmer keeps state while it works


def _stopwords(name="stopwords.txt"):
    """Snowball's Spanish stop words, as PostgreSQL applies them: after the accents are
    folded, so "más" (written with its accent in the list) never stops anything."""
    text = Path(__file__).with_name(name).read_text(encoding="utf-8")
    words = " ".join(line for line in text.splitlines() if not line.startswith("#")).split()
    return frozenset(word for word in words if fold(word) == word)


STOPWORDS = _stopwords()
# On the English pages, the English words that tell nothing either ("solar energy in rural
# areas"): none is a Spanish word a ficha would be searched by.
ENGLISH_STOPWORDS = _stopwords("stopwords_en.txt")


@lru_cache(maxsize=200_000)
def stem(word):
    """The stem of one folded word ("facturaciones" → "factur")."""
    with _LOCK:
        return _STEMMER.stemWord(word)


def words(text):
    """The folded words of ``text``."""
    return _WORD.findall(fold(text or ""))


def stemmed(text):
    """The stems of every word of ``text``, one space apart (what SQLite indexes)."""
    return " ".join(stem(word) for word in words(text))


def query_stems(phrase):
    """The stems a phrase of a query asks for: its words but the stop words."""
    return [stem(word) for word in words(phrase) if word not in STOPWORDS]
