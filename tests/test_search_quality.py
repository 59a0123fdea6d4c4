"""The search's quality on judged queries: each query of tests/search_judgments.toml goes
through the public list's code path over the corpus of tests/search_corpus.py, and its
first five results are compared with the practices a person would want there.

recall@5: the share of a query's expected practices among its first five results,
averaged over the queries. MRR: the mean of 1/rank of the first expected practice within
the list's first page (20 results; 0 when none is there). Both per kind of query and
overall; the suite fails when the overall recall@5 falls below ``THRESHOLD`` for the
database. The held-out queries (``held_out = true``: written by someone who had not seen the
thesaurus, which had been extended while looking at the failures of the others) are also
reported apart from the rest, per kind and overall, since only their figures are not
optimistic. The tables are printed (``make search-eval``, or ``-s`` without workers) and
written to artifacts/search-eval/<database>.txt, with every query's results and both
groups' figures in <database>.json.
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
# The overall recall@5 each database must keep. Measured on 2026-12-04: before the search
# was reworked (commit c3ae38c), SQLite 0.437 and PostgreSQL 0.668 on the first 182
# queries; after it, 0.909 on both over all 290 (0.956 on the first 182, 0.829 on the 108
# held-out ones). The threshold is the measured figure less 0.03, rounded down.
THRESHOLD = {"sqlite": 0.87, "postgresql": 0.87}
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
    held_out: bool = False

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
    shown = found(query["q"], lang)
    return Result(
        query["q"], query["kind"], lang, query["expect"], shown, query.get("held_out", False)
    )


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def figures(group):
    """A group's figures: its queries, mean recall@5, MRR, and how many missed something."""
    return (
        len(group),
        mean(r.recall for r in group),
        mean(r.reciprocal_rank for r in group),
        sum(r.recall < 1 for r in group),
    )


def by_kind(results):
    return [*[(kind, [r for r in results if r.kind == kind]) for kind in KINDS], ("all", results)]


def misses(results, heading):
    """Every query of ``results`` that missed an expected practice, and where it was."""
    lines = []
    for r in results:
        if r.recall == 1:
            continue
        where = []
        for code in r.expect:
            if code in r.shown[:TOP]:
                continue
            rank = f"at {r.shown.index(code) + 1}" if code in r.shown else f"not in the {PAGE}"
            where.append(f"{code} {rank}")
        lines.append(f"  {r.kind:<9} {r.lang} «{r.q}»: {'; '.join(where)}")
    return ["", heading, *lines] if lines else []


def table(results, database):
    """The figures per kind and overall, then the held-out queries' beside the rest's, then
    every query that missed something."""
    lines = [
        f"Search quality on {database}: {len(results)} judged queries, "
        f"recall@{TOP} and MRR (first page of {PAGE})",
        f"{'kind':<10} {'queries':>7} {f'recall@{TOP}':>9} {'MRR':>6} {'missed':>6}",
    ]
    for kind, group in by_kind(results):
        lines.append("{:<10} {:>7} {:>9.3f} {:>6.3f} {:>6}".format(kind, *figures(group)))
    held_out = [r for r in results if r.held_out]
    rest = [r for r in results if not r.held_out]
    columns = f"{'queries':>7} {f'recall@{TOP}':>9} {'MRR':>6} {'missed':>6}"
    lines += [
        "",
        f"Held-out queries ({len(held_out)}, judged without seeing the thesaurus) "
        f"and the rest ({len(rest)})",
        f"{'':<10} {'held-out':^31} | {'rest':^31}",
        f"{'kind':<10} {columns} | {columns}",
    ]
    row = "{:>7} {:>9.3f} {:>6.3f} {:>6}"
    for (kind, held), (_, others) in zip(by_kind(held_out), by_kind(rest), strict=True):
        lines.append(f"{kind:<10} {row.format(*figures(held))} | {row.format(*figures(others))}")
    lines += misses(rest, f"Queries missing an expected practice in the first {TOP}:")
    lines += misses(held_out, f"Held-out queries missing an expected practice in the first {TOP}:")
    return "\n".join(lines)


def summary(results):
    queries, recall, mrr, missed = figures(results)
    return {"queries": queries, f"recall_at_{TOP}": recall, "mrr": mrr, "missed": missed}


def write_report(results, text, database):
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{database}.txt").write_text(text + "\n", encoding="utf-8")
    data = {
        "database": database,
        f"recall_at_{TOP}": mean(r.recall for r in results),
        "mrr": mean(r.reciprocal_rank for r in results),
        "held_out": summary([r for r in results if r.held_out]),
        "rest": summary([r for r in results if not r.held_out]),
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
    # The held-out queries cover every kind too, and are enough to be read apart.
    held_out = [q for q in queries if q.get("held_out")]
    assert len(held_out) >= 50
    assert {q["kind"] for q in held_out} == set(KINDS)
    seen = set()
    for query in queries:
        assert set(query) <= {"q", "kind", "lang", "expect", "note", "held_out"}, query
        assert isinstance(query.get("held_out", False), bool), query
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
