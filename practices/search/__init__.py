"""Search of practices: the same forgiving Spanish search on both databases.

Every query is folded (no accents, lower case) and split into terms; each term is
expanded with its group of the sector's thesaurus (``ThesaurusEntry``, kept by staff; on
the English pages its English forms too). A practice matches when it matches every term,
through any of its alternatives; words are compared by their Spanish stems (Snowball, as
PostgreSQL's ``es_unaccent`` makes them: practices.search.stems), so plural and singular,
masculine and feminine meet. Stop words are left out of the query.

- PostgreSQL: full-text search in ``practices_practice_search`` (migration 0013), a narrow
  table beside the practices that triggers keep, with GIN indexes on ``document`` (title,
  summary and everything else), ``title`` and ``summary``.
- SQLite: an FTS5 index of the stems of the same three texts (``sqlite_triggers.py``).

Relevance is the same on both: for each term, a practice whose title has it scores
``TITLE_WEIGHT``, whose summary has it ``SUMMARY_WEIGHT`` (the words as typed in the title
a little more than their synonyms); ties go to the newest. Each
part is one set read off an index (no text is read however many practices match), so both
databases give the same results in the same order. (FTS5's bm25 and PostgreSQL's ts_rank
would each weigh term frequencies their own way, and the two lists would differ.)

When nothing published matches, a word the catalogue does not know is corrected to the
closest one it does (practices.search.spelling): "facturasion" searches "facturación";
failing that, the practices with at least half of the words are given (``partial``). The
list, the exports and the API resolve a query alike (``resolve``) and say which it was.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.db import connection, connections
from django.db.models import FloatField, Value
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from practices.search import spelling
from practices.search.stems import ENGLISH_STOPWORDS, STOPWORDS, query_stems, stem
from practices.text import fold, fold_key, squash

SEARCH_CONFIG = "es_unaccent"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
LONGEST_PHRASE = 6  # words of the longest phrase of the thesaurus looked for in a query
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what the FTS5 tokenizer keeps together

# The thesaurus as search reads it: read when the catalogue version moves (one query),
# parsed again only when its rows changed.
_THESAURUS = {"version": None, "state": None, "groups": None}


def synonyms(version=None):
    """{stems of a phrase: the folded Spanish phrases of its group (it first)}, in the
    page's language: on the English pages the English forms lead to the Spanish ones too.
    ``version``: the catalogue version the caller read (None: the one last checked)."""
    if _THESAURUS["groups"] is None or (version is not None and version != _THESAURUS["version"]):
        from practices.models import ThesaurusEntry, split_forms

        rows = list(ThesaurusEntry.objects.values_list("spanish", "english"))
        if rows != _THESAURUS["state"]:
            entries = [(split_forms(es), split_forms(en)) for es, en in rows]
            groups = {"es": _groups(entries, False), "en": _groups(entries, True)}
            _THESAURUS.update(state=rows, groups=groups)
        _THESAURUS["version"] = version
    return _THESAURUS["groups"]["en" if _english() else "es"]


def _english():
    return (get_language() or "es").startswith("en")


def _phrase(text):
    return " ".join(_WORD.findall(fold(text)))


def _key(phrase):
    """How a phrase is looked up in the thesaurus: its stems without stop words, so that
    "facturaciones" finds the group of "facturación"."""
    return " ".join(query_stems(phrase))


def _groups(entries, english):
    groups = {}
    for spanish, english_forms in entries:
        group = [_phrase(form) for form in spanish]
        phrases = group + ([_phrase(form) for form in english_forms] if english else [])
        for phrase in phrases:
            key = _key(phrase)
            if not key:
                continue
            alternatives = groups.setdefault(key, [phrase] if phrase in group else [])
            alternatives += [other for other in group if other and other not in alternatives]
    return groups


def clean_query(q):
    """The query as typed, trimmed to a sane length (a 5.000-character `q` is not a search)."""
    return squash(q or "")[:MAX_QUERY_LENGTH]


def terms(q, version=None):
    """The query as groups of alternatives: [["pqr", "peticiones quejas y reclamos", …], …].
    A group is a phrase of the thesaurus (the longest that matches; as typed, then the
    other forms of its group) or one word; stop words that are not part of a phrase of the
    thesaurus are left out."""
    words = _WORD.findall(fold(clean_query(q)))
    known = synonyms(version)
    stopwords = STOPWORDS | ENGLISH_STOPWORDS if _english() else STOPWORDS
    longest = LONGEST_PHRASE
    groups, i = [], 0
    while i < len(words) and len(groups) < MAX_TERMS:
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            key = _key(phrase)
            if key in known and (size > 1 or phrase not in stopwords):
                # The words as typed first (they rank a little higher), then their group.
                alternatives = _without_redundant([phrase, *known[key]])
                groups.append([phrase, *(a for a in alternatives if a != phrase)])
                i += size
                break
        else:
            if words[i] not in stopwords:
                groups.append([words[i]])
            i += 1
    return [group for group in groups if any(query_stems(p) for p in group)]


def _without_redundant(group):
    """The alternatives without the several-word ones that a one-word alternative already
    finds ("zona rural" beside "rural"): the same practices match, for less work."""
    single = {stem(phrase) for phrase in group if " " not in phrase}
    return [p for p in group if " " not in p or not single & set(query_stems(p))]


@dataclass(frozen=True)
class Match:
    """The practices (of any status) whose words match a query, found in one query:
    ``ids`` and each one's relevance ``ranks`` (numpy arrays of the same length)."""

    ids: object
    ranks: object


# Relevance: for each group of the query, a practice whose title has one of its words
# scores TITLE_WEIGHT, whose summary has one, SUMMARY_WEIGHT (the ratio of the default
# weights of full-text search's A and B, as whole numbers so that sums tie exactly); ties
# go to the newest.
TITLE_WEIGHT, SUMMARY_WEIGHT = 5, 2


def search(queryset, q, version=None):
    """Practices of ``queryset`` matching every term of ``q``, with their ``rank`` (the
    rank ``match`` gives, computed in SQL)."""
    groups = terms(q, version)
    if not groups:  # nothing searchable ("±"): no condition, and every rank equal
        return queryset.annotate(rank=Value(0.0))
    matching, params = _condition(groups)
    column = f'"{queryset.model._meta.db_table}"."id"'
    scores, score_params = [], []
    for (part, part_params), weight in _rank_parts(groups, connection.vendor):
        scores.append(f"CASE WHEN {column} IN ({part}) THEN {weight} ELSE 0 END")
        score_params += part_params
    return queryset.filter(pk__in=RawSQL(matching, params)).annotate(
        rank=RawSQL(f"({' + '.join(scores)})", score_params, output_field=FloatField())
    )


def _rank_parts(groups, vendor):
    """[((SQL, params), weight)]: per group, the practices with one of its words in the
    title, in the summary, and (when it has synonyms) with the words as typed in the title
    (in the summary too it would cost a larger set for a rank the judged queries did not
    tell apart: recall@5 0.909 either way, MRR 0.878 against 0.883)."""
    parts = []
    for group in groups:
        for field, weight in (("title", TITLE_WEIGHT), ("summary", SUMMARY_WEIGHT)):
            parts.append((_condition([group], field, vendor), weight))
            if field == "title" and len(group) > 1:  # the title tells most (one set more)
                own = _condition([group[:1]], field, vendor)
                parts.append((own, weight * OWN_WORDS_BONUS))
    return parts


def match(q, using="default", version=None, partial=False):
    """``Match`` of ``q`` in one query (every practice, whatever its status: the caller
    keeps the ones it may show), or None when ``q`` has nothing searchable.

    Strict (the usual): practices with every term, ranked by where the terms are (title,
    summary; the words as typed count a little more than their synonyms). ``partial``:
    practices with at least half of the terms (a query of two or more), ranked first by
    how many and how rare (a rare word tells more than a common one), the best
    ``PARTIAL_LIMIT``: what is shown when no practice has them all."""
    groups = terms(q, version)
    if not groups or (partial and len(groups) < 2):
        return None
    vendor = connections[using].vendor
    parts, weights = [], []  # the sets to read, and what each adds to a practice's rank
    if partial:
        for group in groups:
            parts.append(_condition([group], vendor=vendor))
            weights.append(("document", group))
            for field, weight in (("title", TITLE_WEIGHT), ("summary", SUMMARY_WEIGHT)):
                parts.append(_condition([group], field, vendor))
                weights.append((weight, group))
    else:
        parts.append(_condition(groups, vendor=vendor))
        for part, weight in _rank_parts(groups, vendor):
            parts.append(part)
            weights.append((weight, None))
    sets = _read_sets(parts, using, vendor)
    if partial:
        return _partial_match(groups, sets, weights)
    ids = sets[0]
    ranks = np.zeros(len(ids), dtype=np.float64)
    for members, (weight, _group) in zip(sets[1:], weights, strict=True):
        if len(members):
            ranks += weight * np.isin(ids, members)
    return Match(ids, ranks)


# The words as typed in the title score this share more than a synonym there.
OWN_WORDS_BONUS = 0.4
PARTIAL_LIMIT = 1000


def _partial_match(groups, sets, weights):
    """The practices with at least half of the groups, by how many and how rare, then place."""
    documents = [m for m, (kind, _g) in zip(sets, weights, strict=True) if kind == "document"]
    ids = np.unique(np.concatenate(documents)) if documents else np.zeros(0, np.int64)
    covered = np.zeros(len(ids))
    ranks = np.zeros(len(ids))
    rarity = {}
    for members, (kind, group) in zip(sets, weights, strict=True):
        if kind == "document":
            rarity[id(group)] = 1 / np.log2(2 + len(members))  # rarer words weigh more
            inside = np.isin(ids, members)
            covered += inside
            ranks += 100 * rarity[id(group)] * inside
        elif len(members):
            ranks += kind * rarity[id(group)] * np.isin(ids, members)
    keep = covered >= -(-len(groups) // 2)
    ids, ranks = ids[keep], ranks[keep]
    best = np.argsort(-ranks, kind="stable")[:PARTIAL_LIMIT]
    return Match(ids[best], ranks[best])


def _read_sets(parts, using, vendor):
    """The ids of each (SQL, params) of ``parts``, as numpy arrays, in one query."""
    params = [p for _sql, part_params in parts for p in part_params]
    with connections[using].cursor() as cursor:
        if vendor == "postgresql":
            # Each set as packed 8-byte integers (bytea): tens of thousands of ids arrive as
            # one value, read by numpy without a Python object each.
            cursor.execute(
                "SELECT "
                + ", ".join(
                    f"(SELECT coalesce(string_agg(int8send(id), ''), '') FROM ({sql}) s(id))"
                    for sql, _params in parts
                ),
                params,
            )
            return [
                np.frombuffer(packed, dtype=">i8").astype(np.int64) for packed in cursor.fetchone()
            ]
        # Each set as one text of comma-separated ids: one value per set, not a row per id.
        cursor.execute(
            "SELECT "
            + ", ".join(f"(SELECT group_concat(id) FROM ({sql}))" for sql, _params in parts),
            params,
        )
        return [
            np.array(text.split(","), dtype=np.int64) if text else np.zeros(0, np.int64)
            for text in cursor.fetchone()
        ]


@dataclass(frozen=True)
class Resolved:
    """What a search shows: the ``match`` of the query as typed; or, when no published
    practice has its words, of the ``corrected`` query, or else (``partial``) the
    practices with most of the words."""

    match: object = None
    corrected: str = ""
    partial: bool = False


def resolve(q, published, using="default", version=None):
    """``Resolved`` for ``q``; ``published(ids)`` tells whether any of ids may be shown."""
    found = match(q, using, version)
    if found is None or published(found.ids):
        return Resolved(found)
    tried = {}

    def finds(text):
        if text not in tried:
            tried[text] = match(text, using, version)
        return tried[text] is not None and published(tried[text].ids)

    corrected = spelling.correction(q, finds, synonyms(version), using)
    if corrected:
        return Resolved(tried[corrected], corrected)
    near = match(q, using, version, partial=True)
    if near is not None and published(near.ids):
        return Resolved(near, partial=True)
    return Resolved(found)


# PostgreSQL: the search index beside the practices (migration 0013), one row each.
PG_TABLE = "practices_practice_search"
# SQLite: the FTS5 index of stems (sqlite_triggers.py).
FTS_TABLE = "practices_practice_fts"


def _condition(groups, field="document", vendor=None):
    """(SQL, params): a query of the ids of the practices whose ``field`` (document,
    title or summary) has every group, through any of its alternatives. (Each part alone:
    narrowing the rank's parts to the matches costs more than the ids they save.)"""
    if (vendor or connection.vendor) == "postgresql":
        query, params = _tsquery(groups)
        return f"SELECT practice_id FROM {PG_TABLE} WHERE {field} @@ {query}", params
    expression = _fts5_expression(groups)
    if field != "document":
        expression = f"{field} : ({expression})"
    return f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression]


def _fts5_expression(groups):
    """Every group, any alternative, every stem of an alternative:
    ("pag" OR "recaud") AND ("agu" AND "potabl"). Quoting keeps FTS5 syntax out of user
    input."""

    def alternative(phrase):
        stems = ['"' + s.replace('"', '""') + '"' for s in query_stems(phrase)]
        return stems[0] if len(stems) == 1 else "(" + " AND ".join(stems) + ")"

    return " AND ".join(
        "(" + " OR ".join(alternative(p) for p in group if query_stems(p)) + ")" for group in groups
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


def highlight(text, q, words=40):
    """A window of ``text`` around the first match, escaped, matches wrapped in <mark>."""
    stems = set(_stems(q, get_language()))
    tokens = re.split(r"(\s+)", text)
    words_only = [i for i, token in enumerate(tokens) if token.strip()]

    def matches(token):
        return stem(_folded_word(token)) in stems

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
def _stems(q, language):
    return tuple(s for group in terms(q) for phrase in group for s in query_stems(phrase))


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
