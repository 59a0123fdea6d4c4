"""The record's invariants: the database guards them, clean() explains them in Spanish."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from practices.models import Municipality, Practice

from .factories import CategoryFactory, PracticeFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def test_duplicate_code_is_explained_in_spanish_and_refused_by_the_database():
    PracticeFactory(code="BP-ANDESCO-SSPD-001-2021")
    duplicate = PracticeFactory.build(
        code="BP-ANDESCO-SSPD-001-2021", provider=ProviderFactory(), category=CategoryFactory()
    )

    assert errors_of(duplicate) == {"code": ["Ya existe una buena práctica con este código."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize(
    "code",
    [
        "BP-ANDESCO-SSPD-2-2021",  # number needs three digits
        "ANDESCO-SSPD-002-2021",  # no BP prefix
        "BP-ANDESCO-SSPD-002-21",  # two-digit year
        "BP-ANDESCO SSPD-002-2021",
        "BP-ANDÉSCO-SSPD-002-2021",
    ],
)
def test_badly_formed_code_is_refused_with_the_expected_form(code):
    practice = PracticeFactory.build(
        code=code, provider=ProviderFactory(), category=CategoryFactory()
    )

    errors = errors_of(practice)

    assert "code" in errors
    assert "BP-<PROGRAMA>-<ENTIDAD>-NNN-AAAA" in errors["code"][0]


def test_code_typed_in_lower_case_is_normalised():
    practice = PracticeFactory(code="BP-X-Y-001-2020")
    practice.code = " bp-andesco-sspd-009-2022 "

    practice.full_clean()

    assert practice.code == "BP-ANDESCO-SSPD-009-2022"


def test_end_before_start_is_explained_on_the_end_date():
    practice = PracticeFactory(
        start_date=datetime.date(2020, 3, 15), end_date=datetime.date(2020, 12, 31)
    )
    practice.end_date = datetime.date(2020, 1, 31)

    assert errors_of(practice) == {
        "end_date": [
            "La fecha de finalización (31 de enero de 2020) no puede ser anterior a la "
            "fecha de inicio (15 de marzo de 2020)."
        ]
    }


def test_end_before_start_is_refused_by_the_database_even_without_clean():
    practice = PracticeFactory(start_date=datetime.date(2020, 3, 15), end_date=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(end_date=datetime.date(2019, 1, 1))


def test_an_empty_end_date_means_still_running():
    practice = PracticeFactory(start_date=datetime.date(2022, 5, 1), end_date=None)

    practice.full_clean()

    assert practice.is_ongoing
    assert practice.years_display == "2022–en curso"


def test_status_outside_the_closed_list_is_refused_by_the_database():
    practice = PracticeFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(status="borrado")


def test_publishing_records_the_first_publication_date_once():
    practice = PracticeFactory(draft=True)
    assert practice.published_at is None

    practice.status = Practice.Status.PUBLISHED
    practice.save()
    first = practice.published_at
    practice.title = "Otro título"
    practice.save()

    practice.refresh_from_db()
    assert first is not None
    assert practice.published_at == first


def test_a_published_practice_without_publication_date_is_refused_by_the_database():
    practice = PracticeFactory(draft=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.PUBLISHED)


def test_saving_updates_the_modification_time():
    practice = PracticeFactory()
    Practice.objects.filter(pk=practice.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    practice.refresh_from_db()
    before = practice.updated_at

    practice.save(update_fields=["title"])

    practice.refresh_from_db()
    assert practice.updated_at > before


def test_municipality_code_must_belong_to_its_department():
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(code="05999", name="Inventado", department_id="63")


def test_published_is_the_only_public_status():
    published = PracticeFactory()
    for status in ["draft", "review", "archived"]:
        PracticeFactory(status=status, published_at=None)

    assert list(Practice.objects.published()) == [published]
