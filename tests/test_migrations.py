"""Migrations are reversible: an empty database migrated forward, back to zero (the app's
migrations) and forward again ends with the same schema and reference data, on SQLite and
on PostgreSQL (a database of the test's own). CI applies them forward on PostgreSQL too.

What going back cannot give back (docs/deploy.md, "Migrations"): 0008 withdrew the
publication of contacts without recorded consent, and going back does not publish them
again; 0009's groups lose their members; 0002's reference data cannot be removed while
practices use it; 0003 leaves the PostgreSQL extensions and the text-search
configuration, which the server may share with other databases.
"""

import json

import pytest

from .ops import child_env, own_postgres_database, script


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    with own_postgres_database("migrations") as url:
        yield url


def test_forward_back_to_zero_and_forward_again(database_url):
    output = script(child_env(database_url), "migration_scenario").stdout
    result = json.loads(output.strip().splitlines()[-1])
    first, again = result["first"], result["again"]

    assert result["zero"] == {"tables": [], "triggers": [], "functions": []}
    assert first["reference"]["departments"] == 33
    assert first["reference"]["groups"] == ["Administrador", "Editor", "Jurado", "Revisor"]
    assert again["reference"] == first["reference"]
    assert sorted(again["schema"]["tables"]) == sorted(first["schema"]["tables"])
    for table, shape in first["schema"]["tables"].items():
        assert again["schema"]["tables"][table] == shape, table
    assert again["schema"]["triggers"] == first["schema"]["triggers"]
    assert again["schema"]["functions"] == first["schema"]["functions"]
    assert again["schema"]["configurations"] == first["schema"]["configurations"]
    if result["vendor"] == "postgresql":
        assert "es_unaccent" in first["schema"]["configurations"]
        assert "practices_log_change" in first["schema"]["functions"]
        assert "practices_practice_search_index" in first["schema"]["functions"]
    else:
        assert "practices_practice_stems_insert" in first["schema"]["triggers"]
