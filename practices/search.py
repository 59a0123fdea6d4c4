"""Search of practices: forgiving Spanish search on both databases.

Every query is folded (no accents, lower case) and split into terms; each term is
expanded with the sector's synonyms (``synonyms.txt``). A practice matches when it
matches every term, through any of its alternatives.

- PostgreSQL: full-text search with the ``es_unaccent`` configuration (Spanish stemming
  on accent-folded words) in ``practices_practice_search`` (migration 0013), a narrow
  table beside the practices that triggers keep, with GIN indexes on ``document`` (title,
  summary and everything else), ``title`` and ``summary``: a search is three bitmaps of
  those indexes per group of words (matches; those with a word in the title; in the
  summary), and its relevance a weighted count of them (``TITLE_WEIGHT``,
  ``SUMMARY_WEIGHT``), so no text is read however many practices match. When nothing
  matches,
  trigram word similarity on ``search_names`` (title, provider, category, places) still
  finds near misses such as "quindoi".
- SQLite: an FTS5 index of ``search_text`` (the folded words kept on save; see
  ``sqlite_triggers.py``); every alternative must start a word. No stemming and no typo
  tolerance: those are PostgreSQL-only.
"""

import html
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, connections
from django.db.models import FloatField, Value
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from practices.text import fold, fold_key, squash

SEARCH_CONFIG = "es_unaccent"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
STOPWORDS = {
    *("a", "al", "con", "de", "del", "e", "el", "en", "la", "las", "lo", "los", "o"),
    *("para", "por", "que", "se", "un", "una", "y"),
}
_WORD = re.compile(r"\w+")


@cache
def synonyms():
    """Folded phrase → the folded phrases of its group (itself first)."""
    groups = {}
    path = Path(__file__).with_name("synonyms.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        group = [" ".join(_WORD.findall(fold(p))) for p in line.split(",") if p.strip()]
        for phrase in group:
            groups.setdefault(phrase, [phrase])
            groups[phrase] += [other for other in group if other not in groups[phrase]]
    return groups


def clean_query(q):
    """The query as typed, trimmed to a sane length (a 5.000-character `q` is not a search)."""
    return squash(q or "")[:MAX_QUERY_LENGTH]


def terms(q):
    """The query as groups of alternatives: [["pqr", "peticiones quejas y reclamos", …], …]."""
    words = _WORD.findall(fold(clean_query(q)))
    known = synonyms()
    longest = max((len(p.split()) for p in known), default=1)
    groups, i = [], 0
    while i < len(words) and len(groups) < MAX_TERMS:
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            if phrase in known and (size > 1 or phrase not in STOPWORDS):
                groups.append(_without_redundant(known[phrase]))
                i += size
                break
        else:
            if words[i] not in STOPWORDS:
                groups.append([words[i]])
            i += 1
    return groups


def _without_redundant(group):
    """The alternatives without the several-word ones that a one-word alternative already
    finds ("zona rural" beside "rural"): the same practices match, for less work."""
    single = {phrase for phrase in group if " " not in phrase}
    return [p for p in group if " " not in p or not single & set(p.split())]


@dataclass(frozen=True)
class Match:
    """The practices (of any status) whose words match a query, found in one query:
    ``ids`` and, where the database ranks (PostgreSQL), each one's ``ranks`` (sequences
    of the same length: numpy arrays, or lists)."""

    ids: object
    ranks: object = None


# Relevance on PostgreSQL: for each group of the query, a practice whose title has one of
# its words scores TITLE_WEIGHT, whose summary has one, SUMMARY_WEIGHT (the ratio of the
# default weights of full-text search's A and B, as whole numbers so that sums tie
# exactly); ties go to the newest. Each part is a bitmap of the index, no text is read.
TITLE_WEIGHT, SUMMARY_WEIGHT = 5, 2


def search(queryset, q):
    """Practices matching every term of ``q``; ranked (``rank``) on PostgreSQL."""
    groups = terms(q)
    if not groups:  # nothing searchable ("±"): no condition, and every rank equal
        return queryset.annotate(rank=Value(0.0)) if connection.vendor == "postgresql" else queryset
    if connection.vendor == "postgresql":
        query, params = _tsquery(groups)
        matching = f"SELECT practice_id FROM {PG_TABLE} WHERE document @@ {query}"
        scores, score_params = [], []
        for group in groups:
            alternatives, group_params = _tsquery([group])
            scores.append(
                f"{TITLE_WEIGHT} * (title @@ {alternatives})::int"
                f" + {SUMMARY_WEIGHT} * (summary @@ {alternatives})::int"
            )
            score_params += group_params * 2
        rank = (
            f"SELECT ({' + '.join(scores)})::float FROM {PG_TABLE} "
            f'WHERE practice_id = "{queryset.model._meta.db_table}"."id"'
        )
        return queryset.filter(pk__in=RawSQL(matching, params)).annotate(
            rank=RawSQL(rank, score_params, output_field=FloatField())
        )
    return queryset.filter(pk__in=RawSQL(SQLITE_MATCH, [_fts5_expression(groups)]))


def match(q, using="default"):
    """``Match`` of ``q`` in one query (every practice, whatever its status: the caller
    keeps the ones it may show), or None when ``q`` has nothing searchable."""
    groups = terms(q)
    if not groups:
        return None
    with connections[using].cursor() as cursor:
        if connections[using].vendor != "postgresql":
            cursor.execute(SQLITE_MATCH, [_fts5_expression(groups)])
            return Match([row[0] for row in cursor.fetchall()])
        # One row of arrays: the matches, then per group those with a word of it in the
        # title, and in the summary. Each is one bitmap of a GIN index.
        query, params = _tsquery(groups)
        parts = [f"document @@ {query}"]
        for group in groups:
            alternatives, group_params = _tsquery([group])
            parts += [f"title @@ {alternatives}", f"summary @@ {alternatives}"]
            params = params + group_params * 2
        # Each set as packed 8-byte integers (bytea): tens of thousands of ids arrive as
        # one value, read by numpy without a Python object each.
        cursor.execute(
            "SELECT "
            + ", ".join(
                f"(SELECT coalesce(string_agg(int8send(practice_id), ''), '') "
                f"FROM {PG_TABLE} WHERE {part})"
                for part in parts
            ),
            params,
        )
        found, *fields = (np.frombuffer(packed, dtype=">i8") for packed in cursor.fetchone())
    ids = found.astype(np.int64)
    ranks = np.zeros(len(ids), dtype=np.float64)
    for index, members in enumerate(fields):
        if len(members):
            weight = TITLE_WEIGHT if index % 2 == 0 else SUMMARY_WEIGHT
            ranks += weight * np.isin(ids, members)
    return Match(ids, ranks)


# PostgreSQL: the search index beside the practices (migration 0013), one row each.
PG_TABLE = "practices_practice_search"
SQLITE_MATCH = "SELECT rowid FROM practices_practice_fts WHERE practices_practice_fts MATCH %s"


def _fts5_expression(groups):
    """Every group, any alternative, every word of an alternative at the start of a word:
    ("pago"* OR "recaudo"*) AND ("agua"* AND "potable"*). Quoting keeps FTS5 syntax out
    of user input."""

    def alternative(phrase):
        words = ['"' + word.replace('"', '""') + '"*' for word in phrase.split()]
        return words[0] if len(words) == 1 else "(" + " AND ".join(words) + ")"

    return " AND ".join(
        "(" + " OR ".join(alternative(phrase) for phrase in group) + ")" for group in groups
    )


def _tsquery(groups):
    """(SQL, params) of the tsquery: every group, any of its alternatives, every word of an
    alternative. (Not a phrase, words in order: the index cannot tell positions, and
    checking them reads every candidate's whole document, ten times slower.)"""
    parts, params = [], []
    for group in groups:
        alternatives = []
        for phrase in group:
            alternatives.append(f"plainto_tsquery('{SEARCH_CONFIG}'::regconfig, %s)")
            params.append(phrase)
        parts.append("(" + " || ".join(alternatives) + ")")
    return "(" + " && ".join(parts) + ")", params


def _near_text(q):
    return " ".join(w for group in terms(q) for w in group[:1])


def near_misses(queryset, q):
    """PostgreSQL only: practices whose names look like ``q`` (typos), most similar first."""
    if connection.vendor != "postgresql":
        return queryset.none()
    text = _near_text(q)
    if not text:
        return queryset.none().annotate(rank=Value(0.0))  # still sortable by relevance
    return queryset.filter(search_names__trigram_word_similar=text).annotate(
        rank=TrigramWordSimilarity(text, "search_names")
    )


def near_match(queryset, q):
    """``Match`` of ``near_misses`` in one query (ranked by similarity)."""
    rows = list(near_misses(queryset, q).values_list("pk", "rank"))
    return Match([row[0] for row in rows], [row[1] for row in rows])


def highlight(text, q, words=40):
    """A window of ``text`` around the first match, escaped, matches wrapped in <mark>."""
    stems = _stems(q)
    tokens = re.split(r"(\s+)", text)
    words_only = [i for i, token in enumerate(tokens) if token.strip()]

    def matches(token):
        folded = _folded_word(token)
        return any(folded.startswith(stem) for stem in stems)

    first = next((n for n, i in enumerate(words_only) if matches(tokens[i])), 0)
    start = max(0, first - words // 3)
    chosen = words_only[start : start + words]
    if not chosen:
        return ""
    parts = []
    for index in range(chosen[0], chosen[-1] + 1):
        token = tokens[index]
        escaped = html.escape(token)
        parts.append(f"<mark>{escaped}</mark>" if token.strip() and matches(token) else escaped)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + words < len(words_only) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


@lru_cache(maxsize=256)
def _stems(q):
    return tuple(phrase.split()[0] for group in terms(q) for phrase in group)


@lru_cache(maxsize=20_000)
def _folded_word(token):
    """A word of a text as search compares it (the same words come back on every card)."""
    return fold(token).strip(".,;:()¿?¡!\"'«»")


def search_fields(texts, names):
    """(search_text, search_names): the folded words of the practice's texts and of the
    names it goes by, without punctuation, one space apart."""
    search_names = fold_key(" ".join(n for n in names if n))
    search_text = fold_key(" ".join(t for t in [*names, *texts] if t))
    return search_text, search_names
