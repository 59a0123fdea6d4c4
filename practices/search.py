"""Search of practices: forgiving Spanish search on both databases.

Every query is folded (no accents, lower case) and split into terms; each term is
expanded with the sector's synonyms (``synonyms.txt``). A practice matches when it
matches every term, through any of its alternatives.

- PostgreSQL: full-text search with the ``es_unaccent`` configuration (Spanish stemming
  on accent-folded words) in ``practices_practice_search`` (migration 0013), a narrow
  table beside the practices that triggers keep: ``document`` (title A, summary B,
  everything else C) is matched through its GIN index, ``ranking`` (title and summary
  only, small and in the row) is what ``ts_rank`` reads, so ranking ten thousand matches
  reads a few megabytes, not the practices' wide rows. When nothing matches,
  trigram word similarity on ``search_names`` (title, provider, category, places) still
  finds near misses such as "quindoi".
- SQLite: an FTS5 index of ``search_text`` (the folded words kept on save; see
  ``sqlite_triggers.py``); every alternative must start a word. No stemming and no typo
  tolerance: those are PostgreSQL-only.
"""

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, connections
from django.db.models import FloatField, Value
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from .text import fold, fold_key, squash

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
                groups.append(known[phrase])
                i += size
                break
        else:
            if words[i] not in STOPWORDS:
                groups.append([words[i]])
            i += 1
    return groups


@dataclass(frozen=True)
class Match:
    """The practices (of any status) whose words match a query, found in one query:
    ``ids`` and, where the database ranks (PostgreSQL), each one's ``ranks``."""

    ids: list
    ranks: list | None = None


def search(queryset, q):
    """Practices matching every term of ``q``; ranked (``rank``) on PostgreSQL."""
    groups = terms(q)
    if not groups:  # nothing searchable ("±"): no condition, and every rank equal
        return queryset.annotate(rank=Value(0.0)) if connection.vendor == "postgresql" else queryset
    if connection.vendor == "postgresql":
        query, params = _tsquery(groups)
        matching = f"SELECT practice_id FROM {PG_TABLE} WHERE document @@ {query}"
        rank = (
            f"SELECT ts_rank(ranking, {query}) FROM {PG_TABLE} "
            f'WHERE practice_id = "{queryset.model._meta.db_table}"."id"'
        )
        return queryset.filter(pk__in=RawSQL(matching, params)).annotate(
            rank=RawSQL(rank, params, output_field=FloatField())
        )
    return queryset.filter(pk__in=RawSQL(SQLITE_MATCH, [_fts5_expression(groups)]))


def match(q, using="default"):
    """``Match`` of ``q`` in one query (every practice, whatever its status: the caller
    keeps the ones it may show), or None when ``q`` has nothing searchable."""
    groups = terms(q)
    if not groups:
        return None
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            query, params = _tsquery(groups)
            cursor.execute(
                f"SELECT practice_id, ts_rank(ranking, {query}) "
                f"FROM {PG_TABLE} WHERE document @@ {query}",
                params + params,
            )
            rows = cursor.fetchall()
            return Match([row[0] for row in rows], [row[1] for row in rows])
        cursor.execute(SQLITE_MATCH, [_fts5_expression(groups)])
        return Match([row[0] for row in cursor.fetchall()])


# PostgreSQL: the search index beside the practices (migration 0013), one row each.
PG_TABLE = "practices_practice_search"
SQLITE_MATCH = "SELECT rowid FROM practices_practice_fts WHERE practices_practice_fts MATCH %s"


def _fts5_expression(groups):
    """Every group, any alternative, each a quoted phrase matched at the start of words:
    ("pago"* OR "recaudo"*) AND ("energia"*). Quoting keeps FTS5 syntax out of user input."""
    return " AND ".join(
        "(" + " OR ".join('"' + phrase.replace('"', '""') + '"*' for phrase in group) + ")"
        for group in groups
    )


def _tsquery(groups):
    """(SQL, params) of the tsquery: every group, any of its phrases (words in order)."""
    parts, params = [], []
    for group in groups:
        alternatives = []
        for phrase in group:
            kind = "phraseto_tsquery" if " " in phrase else "plainto_tsquery"
            alternatives.append(f"{kind}('{SEARCH_CONFIG}'::regconfig, %s)")
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
    stems = [phrase.split()[0] for group in terms(q) for phrase in group]
    tokens = re.split(r"(\s+)", text)
    words_only = [i for i, token in enumerate(tokens) if token.strip()]

    def matches(token):
        folded = fold(token).strip(".,;:()¿?¡!\"'«»")
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


def search_fields(texts, names):
    """(search_text, search_names): the folded words of the practice's texts and of the
    names it goes by, without punctuation, one space apart."""
    search_names = fold_key(" ".join(n for n in names if n))
    search_text = fold_key(" ".join(t for t in [*names, *texts] if t))
    return search_text, search_names
