"""Factories for unit tests: realistic Spanish records, one call per record."""

import datetime

import factory
from django.utils import timezone

from practices.models import (
    Category,
    Department,
    ImpactMetric,
    Link,
    Practice,
    Provider,
    Service,
    SuccessFactor,
)

factory.Faker._DEFAULT_LOCALE = "es_CO"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Categoría de prueba {n}")
    slug = factory.Sequence(lambda n: f"categoria-de-prueba-{n}")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Empresa de Servicios Públicos {n} S.A. E.S.P.")
    short_name = factory.Sequence(lambda n: f"ESP{n}")
    slug = factory.Sequence(lambda n: f"esp{n}")
    size = Provider.Size.MEDIUM
    department = factory.LazyFunction(lambda: Department.objects.get(code="63"))


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    title = factory.Faker("sentence", nb_words=6)
    code = factory.Sequence(lambda n: f"BP-ANDESCO-SSPD-{n % 1000:03d}-{2000 + n // 1000}")
    provider = factory.SubFactory(ProviderFactory)
    category = factory.SubFactory(CategoryFactory)
    start_date = datetime.date(2021, 2, 1)
    end_date = datetime.date(2021, 11, 30)
    target_population = factory.Faker("sentence")
    summary = factory.Faker("paragraph", nb_sentences=4)
    impact = factory.Faker("paragraph")
    replicability = factory.Faker("paragraph")
    limitations = factory.Faker("paragraph")
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create:
            self.services.set(extracted or [Service.objects.get(slug="acueducto")])

    class Params:
        draft = factory.Trait(status=Practice.Status.DRAFT, published_at=None)


class SuccessFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessFactor

    practice = factory.SubFactory(PracticeFactory)
    position = factory.Sequence(int)
    title = factory.Faker("sentence", nb_words=4)
    description = factory.Faker("sentence")


class ImpactMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactMetric

    practice = factory.SubFactory(PracticeFactory)
    position = factory.Sequence(int)
    label = "Usuarios atendidos"
    value = 1234
    unit = "usuarios"


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    practice = factory.SubFactory(PracticeFactory)
    position = factory.Sequence(int)
    url = factory.Sequence(lambda n: f"https://example.org/documento-{n}")
    kind = Link.Kind.WEB
