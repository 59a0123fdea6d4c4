"""One JSON line per request on stdout, with a request id, and no personal data."""

import json
import re

import pytest
from django.urls import reverse

from ops.logging import request_id_from


def json_lines(output):
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def request_lines(output):
    return [line for line in json_lines(output) if line["logger"] == "practices.request"]


@pytest.mark.django_db
def test_a_request_writes_one_json_line_without_the_query_string(client, capsys):
    response = client.get(
        "/practicas/?q=ana.perez@example.org&servicio=acueducto", HTTP_X_REQUEST_ID="lb-42.abc"
    )

    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-42.abc"
    output = capsys.readouterr().out
    [line] = request_lines(output)
    assert line["request_id"] == "lb-42.abc"
    assert line["method"] == "GET"
    assert line["path"] == "/practicas/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["user_id"] is None
    assert line["level"] == "INFO"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert "ana.perez" not in output and "example.org" not in output and "q=" not in output


@pytest.mark.django_db
def test_a_signed_in_user_appears_by_id_only(client, staff_user, capsys):
    client.force_login(staff_user)
    client.cookies["tema"] = "cookie-value-not-for-logs"

    client.get(reverse("admin:index"))

    output = capsys.readouterr().out
    [line] = request_lines(output)
    assert line["user_id"] == staff_user.pk
    assert "editora" not in output  # neither the username nor the email
    assert "cookie-value-not-for-logs" not in output and "sessionid" not in output


@pytest.mark.django_db
def test_django_s_warnings_are_json_lines_with_the_request_id(client, capsys):
    response = client.get("/no-existe/?q=secreto")

    assert response.status_code == 404
    lines = json_lines(capsys.readouterr().out)
    warning = next(line for line in lines if line["logger"] == "django.request")
    assert warning["level"] == "WARNING"
    assert warning["message"] == "Not Found: /no-existe/"
    assert warning["request_id"] == response["X-Request-ID"]
    assert all("secreto" not in json.dumps(line) for line in lines)


@pytest.mark.django_db
def test_an_error_is_logged_with_its_traceback(client, capsys, monkeypatch):
    from practices.views import pages

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(pages.HomeView, "get", lambda self, request, *a, **k: broken(request))
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    lines = json_lines(capsys.readouterr().out)
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["level"] == "ERROR"
    assert "RuntimeError: boom" in error["exception"]
    assert error["request_id"] == response["X-Request-ID"]
    [line] = [line for line in lines if line["logger"] == "practices.request"]
    assert line["status"] == 500


@pytest.mark.django_db
def test_healthz_polls_stay_out_of_the_log(client, capsys):
    response = client.get("/healthz")

    assert response["X-Request-ID"]
    assert request_lines(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    "incoming",
    [
        "",
        "has space",
        'quote"d',
        "x" * 129,
        "-starts-with-a-dash",
        "new\nline",
        "ana.perez@example.org",
    ],
)
def test_an_insane_request_id_is_replaced(rf, incoming):
    request = rf.get("/", HTTP_X_REQUEST_ID=incoming)

    assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(request))


@pytest.mark.parametrize(
    "incoming", ["3f1c9a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", "Root=1-67891233-abcdef012345678912345678"]
)
def test_a_sane_request_id_is_kept(rf, incoming):
    assert request_id_from(rf.get("/", HTTP_X_REQUEST_ID=incoming)) == incoming
