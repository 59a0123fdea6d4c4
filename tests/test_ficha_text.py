"""/practicas/<code>/ficha.txt: the published ficha in the official layout, importable again."""

import datetime
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices.fichas.importer import FichaFile, import_fichas
from practices.fichas.reader import LABELS
from practices.fichas.writer import render_ficha_text
from practices.models import (
    Category,
    Criterion,
    CriterionEvidence,
    DatePrecision,
    Department,
    Edition,
    ImpactMetric,
    Link,
    Municipality,
    Practice,
    Provider,
    Service,
    SuccessFactor,
)
from practices.text import fold_key

from .factories import PracticeFactory
from .snapshots import snapshot

pytestmark = pytest.mark.django_db

URL = "/practicas/BP-ANDESCO-SSPD-002-2021/ficha.txt"


def test_download_is_the_ficha_in_the_official_layout(client, reference_practice):
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="BP-ANDESCO-SSPD-002-2021.txt"' in response["Content-Disposition"]
    text = response.content.decode()
    assert "Título\t\nSomos la energía que mueve el desarrollo del Quindío\t\n" in text
    assert "Código\tBP-ANDESCO-SSPD-002-2021\n" in text
    assert (
        "Fecha de implementación\tFecha de inicio: 15 de marzo de 2020 "
        "Fecha de finalización: 31 de diciembre de 2020\n" in text
    )
    assert (
        "Indicador de impacto\tPQR atendidas por mes | Portal web | 56 | 381 | PQR por mes\n"
        in text
    )


def test_importing_the_download_gives_the_same_practice_back(client, reference_practice):
    before = snapshot(reference_practice)
    content = client.get(URL).content
    Practice.objects.all().delete()

    report = import_fichas([FichaFile("descargada.txt", content)], status="published")

    assert report.ok, [str(p) for p in report.errors]
    after = snapshot(Practice.objects.get())
    # Of the contact, the role only (no personal data in the download), not authorised: an
    # import never records consent (a person does).
    _name, role, _email, _phone, allowed = before.pop("contact")
    assert allowed
    assert after.pop("contact") == ("", role, "", "", False)
    assert after == before


def test_the_ficha_page_links_to_the_download(client, reference_practice):
    assert f'href="{URL}"' in client.get("/practicas/BP-ANDESCO-SSPD-002-2021/").text


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_unpublished_practices_cannot_be_downloaded(client, status):
    PracticeFactory(code="BP-ANDESCO-SSPD-060-2023", status=status, published_at=None)

    assert client.get("/practicas/BP-ANDESCO-SSPD-060-2023/ficha.txt").status_code == 404


def test_contact_without_consent_is_not_in_the_download(client, reference_practice):
    Practice.objects.filter(pk=reference_practice.pk).update(contact_publish_allowed=False)

    text = client.get(URL).content.decode()

    assert "Durley" not in text
    assert "durley.riveros@edeq.com.co" not in text
    assert reference_practice.contact_role not in text


def test_a_consented_contact_gives_the_download_its_role_only(client, reference_practice):
    Practice.objects.filter(pk=reference_practice.pk).update(contact_phone="606 741 2500")

    text = client.get(URL).content.decode()

    assert reference_practice.contact_role in text
    assert "Durley" not in text and "durley.riveros@edeq.com.co" not in text
    assert "741 2500" not in text


# --- export → import is the identity on generated practices ------------------------------

WORD = st.text(alphabet=string.ascii_letters + "áéíóúñÁÉÍÓÚÑü0123456789", min_size=1, max_size=12)
PUNCTUATED = st.sampled_from(["", ",", ".", ";", "?", "!", ")"])
SENTENCE = st.lists(st.tuples(WORD, PUNCTUATED), min_size=1, max_size=12).map(
    lambda words: " ".join(w + p for w, p in words)
)
TEXT = st.lists(SENTENCE, min_size=0, max_size=3).map("\n\n".join)
LINE = SENTENCE.filter(lambda s: fold_key(s) not in LABELS)
SHORT = st.lists(WORD, min_size=1, max_size=5).map(" ".join)
UNIT = st.lists(WORD, min_size=1, max_size=3).map(" ".join)  # the model allows 50 characters
MONEY = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@st.composite
def dates(draw):
    start = draw(st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)))
    precision = draw(st.sampled_from(DatePrecision.values))
    start = {"day": start, "month": start.replace(day=1), "year": start.replace(month=1, day=1)}[
        precision
    ]
    end, end_precision = None, "day"
    if draw(st.booleans()):
        end = start + datetime.timedelta(days=draw(st.integers(0, 3000)))
        end_precision = draw(st.sampled_from(DatePrecision.values))
        end = {"day": end, "month": end.replace(day=1), "year": end.replace(month=1, day=1)}[
            end_precision
        ]
        if end < start:
            end = start
            end_precision = precision
    return start, precision, end, end_precision


@st.composite
def feasibility(draw):
    """What it takes to replicate it, each part given or not, agreeing with itself."""
    pesos = st.integers(0, 10**12)
    low, high = draw(st.none() | pesos), draw(st.none() | pesos)
    if low is not None and high is not None and high < low:
        low, high = high, low
    given = low is not None or high is not None
    return {
        "cost_min": low,
        "cost_max": high,
        "cost_year": draw(st.integers(1990, 2025)) if given else None,
        "people_involved": draw(st.none() | st.integers(0, 100_000)),
        "setup_months": draw(st.none() | st.integers(0, 600)),
        "technology": draw(TEXT),
        "partners": draw(TEXT),
        "prerequisites": draw(TEXT),
    }


@st.composite
def practices(draw):
    start, start_precision, end, end_precision = draw(dates())
    consent = draw(st.booleans())
    return {
        "practice": {
            "title": draw(LINE),
            "start_date": start,
            "start_precision": start_precision,
            "end_date": end,
            "end_precision": end_precision,
            "dates_note": draw(st.one_of(st.just(""), SHORT)),
            "target_population": draw(TEXT),
            "summary": draw(TEXT),
            "impact": draw(TEXT),
            "users_reached": draw(st.one_of(st.none(), st.integers(0, 50_000_000))),
            "coverage_note": draw(st.one_of(st.just(""), SHORT)),
            "validation": draw(TEXT),
            "replicability": draw(TEXT),
            "limitations": draw(TEXT),
            "contact_name": draw(SHORT) if consent else "",
            "contact_role": draw(st.one_of(st.just(""), SHORT)) if consent else "",
            "contact_email": "contacto@prestador.com.co" if consent else "",
            "contact_phone": draw(st.sampled_from(["", "606 741 2500", "+57 300 123 4567"]))
            if consent
            else "",
            "contact_publish_allowed": consent,
            "contact_consent_at": datetime.date(2024, 5, 2) if consent else None,
            "contact_consent_channel": "Formulario de postulación" if consent else "",
            **draw(feasibility()),
        },
        "edition": draw(st.booleans()),
        "services": draw(st.lists(st.sampled_from(["acueducto", "aseo", "glp"]), unique=True)),
        "departments": draw(st.lists(st.sampled_from(["05", "63", "11"]), unique=True)),
        "municipalities": draw(st.lists(st.sampled_from(["63001", "05001", "11001"]), unique=True)),
        "factors": draw(st.lists(st.tuples(SHORT, st.one_of(st.just(""), SENTENCE)), max_size=4)),
        "metrics": draw(
            st.lists(
                st.tuples(SHORT, st.one_of(st.just(""), SHORT), st.none() | MONEY, MONEY, UNIT),
                max_size=3,
            )
        ),
        "links": draw(
            st.lists(
                st.tuples(
                    st.sampled_from(
                        [
                            "https://www.youtube.com/watch?v=abc123",
                            "https://drive.google.com/open?id=1-x_Y",
                            "https://www.prestador.com.co/informe.pdf",
                            "https://www.prestador.com.co/programa-social",
                        ]
                    ),
                    st.one_of(st.just(""), SHORT),
                    st.sampled_from(Link.Kind.values),
                ),
                max_size=3,
            )
        ),
        "criteria": draw(
            st.dictionaries(
                st.sampled_from(["eficaz", "eficiente", "centrado-en-el-usuario"]),
                TEXT.filter(bool),
            )
        ),
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=practices())
def test_export_then_import_is_the_identity(db, data):
    provider, _ = Provider.objects.get_or_create(
        slug="aguas-prueba",
        defaults={"name": "Aguas de Prueba S.A. E.S.P.", "short_name": "AGP", "size": "pequeno"},
    )
    category, _ = Category.objects.get_or_create(slug="agua", defaults={"name": "Agua para todos"})
    practice = Practice.objects.create(
        code="BP-ANDESCO-SSPD-123-2024",
        provider=provider,
        category=category,
        edition=Edition.objects.get(number=3) if data["edition"] else None,
        status="draft",  # any content, complete or not (published ones pass the gate)
        **data["practice"],
    )
    practice.services.set(Service.objects.filter(slug__in=data["services"]))
    practice.departments.set(Department.objects.filter(code__in=data["departments"]))
    practice.municipalities.set(Municipality.objects.filter(code__in=data["municipalities"]))
    for i, (title, description) in enumerate(data["factors"]):
        SuccessFactor.objects.create(
            practice=practice, position=i, title=title, description=description
        )
    for i, (label, channel, baseline, value, unit) in enumerate(data["metrics"]):
        ImpactMetric.objects.create(
            practice=practice,
            position=i,
            label=label,
            channel=channel,
            baseline=baseline,
            value=value,
            unit=unit,
        )
    for i, (url, label, kind) in enumerate(data["links"]):
        Link.objects.create(practice=practice, position=i, url=url, label=label, kind=kind)
    for slug, evidence in data["criteria"].items():
        CriterionEvidence.objects.create(
            practice=practice, criterion=Criterion.objects.get(slug=slug), evidence=evidence
        )
    before = snapshot(practice)
    text = render_ficha_text(Practice.objects.with_ficha().get(pk=practice.pk))
    practice.delete()

    report = import_fichas([FichaFile("generada.txt", text.encode())])

    assert report.ok, [str(p) for p in report.errors]
    after = snapshot(Practice.objects.get(code="BP-ANDESCO-SSPD-123-2024"))
    Practice.objects.all().delete()
    # Of the contact, the role only comes back (no personal data in the download), not
    # authorised: an import never records consent.
    _name, role, _email, _phone, _allowed = before.pop("contact")
    assert after.pop("contact") == ("", role, "", "", False)
    assert after == before
