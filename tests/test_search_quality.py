"""The search's quality on judged queries: each query of tests/search_judgments.toml goes
through the public list's code path over the corpus of tests/search_corpus.py, and its
first five results are compared with the practices a person would want there.

recall@5: the share of a query's expected practices among its first five results,
averaged over the queries. MRR: the mean of 1/rank of the first expected practice within
the list's first page (20 results; 0 when none is there). Both per kind of query and
overall; the suite fails when the overall recall@5 falls below ``THRESHOLD`` for the
database. The table is printed (``make search-eval``, or ``-s`` without workers) and
written to artifacts/search-eval/<database>.txt, with every query's results in
<database>.json.
"""

import json
import logging
import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation

from practices.listing import Listing
from practices.models import CODE_PATTERN, Practice
from practices.views.catalogue import PracticeListView

from .search_corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
JUDGMENTS = Path(__file__).with_name("search_judgments.toml")
REPORTS = ROOT / "artifacts" / "search-eval"
KINDS = ["exact", "folded", "typo", "stem", "synonym", "english", "multiword"]
LANGUAGES = ["es", "en"]
TOP = 5
PAGE = PracticeListView.paginate_by
# The overall recall@5 each database must keep: the baseline measured on 2026-12-04 at
# commit c3ae38c, before any tuning of the search for these judgments (SQLite 0.437,
# PostgreSQL 0.668), less 0.02 and rounded down. Raise them as the search improves (the
# aim is 0.9 on both).
THRESHOLD = {"sqlite": 0.41, "postgresql": 0.64}
# Queries whose list page is compared whole with what this module computes.
ON_THE_PAGE = [("medidores prepago", "es"), ("conexiones ilegales", "es"), ("chatbot", "en")]


def judgments():
    with JUDGMENTS.open("rb") as file:
        return tomllib.load(file)["query"]


@dataclass
class Result:
    q: str
    kind: str
    lang: str
    expect: list
    shown: list  # the codes of the list's first page, in order

    @property
    def recall(self):
        top = set(self.shown[:TOP])
        return sum(code in top for code in self.expect) / len(self.expect)

    @property
    def reciprocal_rank(self):
        ranks = [self.shown.index(code) + 1 for code in self.expect if code in self.shown]
        return 1 / min(ranks) if ranks else 0.0


def found(q, lang):
    """The codes of the list's first page for ``q`` in ``lang``, as /practicas/?q=… (or
    /en/practicas/?q=…) orders them: the page's Listing and its default sort."""
    with translation.override(lang):
        request = RequestFactory().get("/practicas/", {"q": q})
        view = PracticeListView()
        view.setup(request)
        view.listing = Listing(QueryDict(urlencode({"q": q})))
        return [p.code for p in view.listing.page(view.sort_key(), 0, PAGE)]


def evaluate(query):
    lang = query.get("lang", "es")
    return Result(query["q"], query["kind"], lang, query["expect"], found(query["q"], lang))


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def table(results, database):
    """The figures per kind and overall, then every query that missed something."""
    lines = [
        f"Search quality on {database}: {len(results)} judged queries, "
        f"recall@{TOP} and MRR (first page of {PAGE})",
        f"{'kind':<10} {'queries':>7} {f'recall@{TOP}':>9} {'MRR':>6} {'missed':>6}",
    ]
    groups = [(kind, [r for r in results if r.kind == kind]) for kind in KINDS]
    for kind, group in [*groups, ("all", results)]:
        missed = sum(r.recall < 1 for r in group)
        recall, mrr = mean(r.recall for r in group), mean(r.reciprocal_rank for r in group)
        lines.append(f"{kind:<10} {len(group):>7} {recall:>9.3f} {mrr:>6.3f} {missed:>6}")
    misses = [r for r in results if r.recall < 1]
    if misses:
        lines += ["", f"Queries missing an expected practice in the first {TOP}:"]
    for r in misses:
        where = []
        for code in r.expect:
            if code in r.shown[:TOP]:
                continue
            rank = f"at {r.shown.index(code) + 1}" if code in r.shown else f"not in the {PAGE}"
            where.append(f"{code} {rank}")
        lines.append(f"  {r.kind:<9} {r.lang} «{r.q}»: {'; '.join(where)}")
    return "\n".join(lines)


def write_report(results, text, database):
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{database}.txt").write_text(text + "\n", encoding="utf-8")
    data = {
        "database": database,
        f"recall_at_{TOP}": mean(r.recall for r in results),
        "mrr": mean(r.reciprocal_rank for r in results),
        "queries": [
            {**asdict(r), "recall": r.recall, "reciprocal_rank": r.reciprocal_rank} for r in results
        ],
    }
    (REPORTS / f"{database}.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The evaluation corpus, written once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        codes = load_corpus()
        yield codes
        transaction.set_rollback(True)


@pytest.fixture
def quiet():
    """No INFO lines (the request log, the snapshot's) among the printed table."""
    logging.disable(logging.INFO)
    yield
    logging.disable(logging.NOTSET)


def test_the_judgments_are_well_formed():
    queries = judgments()

    assert len(queries) >= 80
    assert {q["kind"] for q in queries} == set(KINDS)
    seen = set()
    for query in queries:
        assert set(query) <= {"q", "kind", "lang", "expect", "note"}, query
        assert query["q"].strip() and query["expect"], query
        assert query.get("lang", "es") in LANGUAGES, query
        assert (query["kind"] == "english") == (query.get("lang") == "en"), query
        assert all(re.fullmatch(CODE_PATTERN, code) for code in query["expect"]), query
        assert len(set(query["expect"])) == len(query["expect"]) <= TOP, query
        key = (query["q"].casefold(), query.get("lang", "es"))
        assert key not in seen, query
        seen.add(key)


def test_recall_of_the_judged_queries_stays_above_the_threshold(corpus, db, client, quiet):
    queries = judgments()
    published = set(Practice.objects.published().values_list("code", flat=True))
    judged = {code for query in queries for code in query["expect"]}
    assert not judged - published, f"judged but not in the corpus: {sorted(judged - published)}"
    assert set(corpus) <= published
    # What is computed here is what the list page shows.
    for q, lang in ON_THE_PAGE:
        prefix = "/en" if lang == "en" else ""
        response = client.get(f"{prefix}/practicas/", {"q": q})
        assert response.status_code == 200
        assert [p.code for p in response.context["practices"]] == found(q, lang), q

    results = [evaluate(query) for query in queries]

    database = connection.vendor
    text = table(results, database)
    print(f"\n{text}\n")
    write_report(results, text, database)
    recall = mean(r.recall for r in results)
    assert recall >= THRESHOLD[database], (
        f"recall@{TOP} {recall:.3f} is below {THRESHOLD[database]} on {database}\n\n{text}"
    )
