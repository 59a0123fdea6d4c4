"""The API keeps its OpenAPI document: schemathesis generates requests from the document
(valid and invalid parameters) and checks every answer against it — no server error,
only declared status codes, JSON bodies that match the declared schemas.

The schema is loaded at module level (the fixture-based loader fails with pytest 9), so
the request for it is made before pytest-django prepares the test settings.
"""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

from catalogue_site.wsgi import application

from .factories import PracticeFactory

HOST = "localhost"  # the Host header schemathesis sends to a WSGI application

with override_settings(ALLOWED_HOSTS=[HOST]):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_connection():
    """Called directly, the WSGI handler closes the connection at the end of a request
    (a test transaction is not autocommit): keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue(db, settings, keep_connection):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    call_command("loaddata", "demo", verbosity=0)
    PracticeFactory.create_batch(3)
    PracticeFactory(draft=True)
    PracticeFactory(status="review", published_at=None)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_document(case, catalogue):
    case.call_and_validate()
