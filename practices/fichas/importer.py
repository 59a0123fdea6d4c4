"""Import fichas into the catalogue, all or nothing.

``import_fichas(files, status=…, update=…, dry_run=…)`` is the one way in: the
``import_fichas`` management command, the admin's "Importar fichas" page and the tests
call it. Every file is parsed (``practices.fichas.reader``), matched against the catalogue
(provider, category, edition, services, DIVIPOLA coverage) and written inside one
transaction; a dry run, or any error in any file, rolls the whole batch back, so the
report is the same whether or not anything was written.

An import never records a contact's consent to publish it, whatever the file says: a
contact is stored as not authorised, and the report says, file by file, that a person
must record the consent (who, when, channel, notice version) before it goes public. An
update keeps a consent on record only while the person (name, e-mail, phone) is the same.
"""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practices import workflow
from practices.fichas.reader import ParsedFicha, Problem, parse_ficha
from practices.models import (
    Category,
    Criterion,
    CriterionEvidence,
    Department,
    Edition,
    ImpactMetric,
    Link,
    Municipality,
    Practice,
    Provider,
    Service,
    SuccessFactor,
    Transition,
    format_partial_date,
)
from practices.text import fold, fold_key

SUFFIXES = (".txt", ".docx")
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass
class FichaFile:
    name: str
    content: bytes


@dataclass
class Outcome:
    ficha: ParsedFicha
    action: str = ""  # "create", "update", "skip" or "" when the file has errors
    practice: Practice | None = None
    notes: list = field(default_factory=list)  # what the import did besides the practice
    # What the names in the ficha were matched to (kept for the preview of a dry run).
    services: list = field(default_factory=list)
    departments: list = field(default_factory=list)
    municipalities: list = field(default_factory=list)

    @property
    def problems(self):
        return self.ficha.problems


@dataclass
class ImportReport:
    outcomes: list
    dry_run: bool = False
    update: bool = False
    written: bool = False

    @property
    def problems(self):
        return [p for outcome in self.outcomes for p in outcome.problems]

    @property
    def errors(self):
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self):
        return not self.errors

    def count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def changes_something(self):
        """Whether importing would write anything: a file creates or updates a practice
        (otherwise each was skipped, or has errors)."""
        return self.count("create") + self.count("update") > 0


def read_paths(paths):
    """The ficha files named by ``paths`` (files, or folders searched recursively)."""
    files, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
            if not found:
                problems.append(
                    Problem(str(path), None, "", _("la carpeta no contiene fichas (.txt o .docx)."))
                )
        elif path.is_file():
            found = [path]
        else:
            problems.append(Problem(str(path), None, "", _("no existe el archivo o la carpeta.")))
            continue
        for file_path in found:
            if file_path.stat().st_size > MAX_FILE_BYTES:
                problems.append(
                    Problem(str(file_path), None, "", _("el archivo pesa más de 5 MB."))
                )
                continue
            files.append(FichaFile(str(file_path), file_path.read_bytes()))
    return files, problems


class _Rollback(Exception):
    pass


def import_fichas(
    files, *, status=Practice.Status.DRAFT, update=False, dry_run=False, seconds=None, by=None
):
    """Parse and import ``files`` (FichaFile); write nothing unless every file is valid.
    ``seconds`` bounds the reading of the whole batch (each file has its own bound too):
    a file not read in time is an error, so nothing is written. ``by``: the staff user
    importing (None for the command, run by the operator); a provider or category they may
    not add is created as a proposal (Proposable), for an administrator to confirm."""
    until = time.monotonic() + seconds if seconds is not None else None
    outcomes = [Outcome(parse_ficha(f.name, f.content, until)) for f in files]
    report = ImportReport(outcomes, dry_run=dry_run, update=update)
    seen = {}
    for outcome in outcomes:
        code = outcome.ficha.code
        if code and code in seen:
            outcome.ficha.problem(
                "code",
                _("el código %(code)s también está en «%(other)s».")
                % {"code": code, "other": seen[code]},
            )
        seen.setdefault(code, outcome.ficha.source)
    try:
        with transaction.atomic():
            resolver = _Resolver(by)
            for outcome in outcomes:
                if not outcome.ficha.errors:
                    _import_one(outcome, resolver, status=status, update=update)
            if dry_run or report.errors:
                raise _Rollback
    except _Rollback:
        for outcome in outcomes:
            if outcome.practice is not None and outcome.action == "create":
                outcome.practice.pk = None  # it was never kept
        return report
    report.written = True
    return report


# Fields copied from a ficha, in groups that are taken or left whole: an update takes a
# group only when the file carries it (a ficha without dates, or with its contact left
# out because it is not public, keeps the stored ones; one with the contact's role only,
# as the public download gives it, keeps the stored person).
FIELD_GROUPS = (
    ("title",),
    ("code",),
    ("start_date", "start_precision", "end_date", "end_precision", "dates_note"),
    ("target_population",),
    ("summary",),
    ("impact",),
    ("users_reached",),
    ("coverage_note",),
    ("validation",),
    ("replicability",),
    ("limitations",),
    ("cost_min", "cost_max", "cost_year"),
    ("people_involved",),
    ("setup_months",),
    ("technology",),
    ("partners",),
    ("prerequisites",),
    ("contact_name", "contact_role", "contact_email", "contact_phone"),
)
CONTACT = FIELD_GROUPS[-1]
# Whom a consent on record was given by: another name, e-mail or phone is another person.
CONTACT_PERSON = ("contact_name", "contact_email", "contact_phone")


def _carried(ficha, group):
    return any(getattr(ficha, name) not in (None, "", False) for name in group)


def _import_one(outcome, resolver, *, status, update):
    """One parsed ficha into the catalogue: a new practice, an update of a draft, or a
    revision of a published one (``_target`` decides); nothing when it has errors."""
    ficha = outcome.ficha
    existing = Practice.objects.with_code(ficha.code).first()
    practice = _target(outcome, existing, status=status, update=update)
    if practice is None:
        return
    outcome.action = "update" if existing else "create"
    outcome.practice = practice
    consent_withdrawn = _take_values(outcome, practice, resolver, update=existing is not None)
    practice.stamp_publication()
    if not _valid(ficha, practice, exclude={"provider", "category"}):
        return
    rows = _rows(ficha, practice)
    if ficha.errors:
        return
    # What the file does not carry is kept: an empty list replaces nothing on an update.
    carried = {
        "services": outcome.services,
        "departments": outcome.departments,
        "municipalities": outcome.municipalities,
    }
    workflow.replace_content(
        practice,
        rows={model: items for model, items in rows.items() if items or not existing},
        **{name: items for name, items in carried.items() if items or not existing},
    )
    if not existing and practice.is_published:
        _published_on_import(outcome, practice)
    if practice.revision_of_id:
        _revision_made(outcome, practice, existing)
    if outcome.action != "skip" and not ficha.errors and _carried(ficha, CONTACT):
        _contact_notes(outcome, practice, consent_withdrawn)


def _target(outcome, existing, *, status, update):
    """The practice the ficha is written to, or None (skipped, or refused with a problem):
    a new one, an existing draft, or a revision of the published one, made through the
    workflow, which a reviewer publishes (the published one stays as it is until then)."""
    ficha = outcome.ficha
    if existing is None:
        return Practice(status=status)
    if not update:
        outcome.action = "skip"
        outcome.practice = existing
        ficha.warn(
            "code",
            _(
                "ya existe una práctica con el código %(code)s: no se importa (para "
                "actualizarla, importe el archivo de nuevo con «Actualizar las que ya existen» "
                "marcado, o con --update en la consola)."
            )
            % {"code": ficha.code},
        )
        return None
    if existing.status == Practice.Status.REVIEW:
        refusal = _(
            "la práctica %(code)s está en revisión: no se actualiza mientras un revisor la "
            "lee (devuélvala a borrador o publíquela primero)."
        )
    elif existing.is_published and existing.revisions.exists():
        # Someone's proposed changes, in draft or in review: a file must not overwrite
        # (or, equal to the published ficha, discard) them.
        refusal = _(
            "la práctica %(code)s ya tiene una revisión abierta: no se actualiza desde "
            "un archivo hasta que esa revisión se publique o se descarte."
        )
    elif existing.is_published:
        return workflow.open_revision(existing)
    else:
        return existing
    ficha.problem("code", refusal % {"code": ficha.code})
    return None


def _take_values(outcome, practice, resolver, *, update):
    """The ficha's values onto ``practice``; on an update, only what the file carries.
    True when a consent on record was withdrawn (the file names another contact)."""
    ficha = outcome.ficha
    practice.provider = resolver.provider(ficha, outcome)
    practice.category = resolver.category(ficha, outcome)
    edition = resolver.edition(ficha)
    if edition is not None or not update:
        practice.edition = edition
    withdrawn = False
    for group in FIELD_GROUPS:
        if update and not _carried(ficha, group):
            continue
        if group == CONTACT and update and not _carried(ficha, CONTACT_PERSON):
            # The role without a person (as the public download carries it): the stored
            # person, and any consent they gave, stay.
            practice.contact_role = ficha.contact_role
            continue
        if group == CONTACT:
            withdrawn = _take_contact(practice, ficha)
            continue
        for name in group:
            setattr(practice, name, getattr(ficha, name))
    outcome.departments, outcome.municipalities = resolver.coverage(ficha)
    outcome.services = resolver.services(ficha, practice.provider)
    return withdrawn


def _take_contact(practice, ficha):
    """The ficha's contact onto ``practice``, never authorised by the import: a consent on
    record (recorded by a person in the admin) stays only if the person is the same; for
    anyone else it is withdrawn (True when there was one), as it was not theirs."""
    same_person = practice.pk is not None and all(
        _person_key(name, getattr(practice, name)) == _person_key(name, getattr(ficha, name))
        for name in CONTACT_PERSON
    )
    for name in CONTACT:
        setattr(practice, name, getattr(ficha, name))
    if same_person:
        return False
    withdrawn = practice.contact_publish_allowed
    practice.contact_publish_allowed = False
    practice.contact_consent_at = None
    practice.contact_consent_channel = ""
    practice.contact_consent_notice_version = ""
    practice.contact_consent_recorded_by = None
    return withdrawn


def _person_key(name, value):
    """A contact's name, e-mail or phone as compared: "DURLEY RÍVEROS" is Durley Riveros,
    "(606) 741-2500" is 606 741 2500."""
    if name == "contact_phone":
        return re.sub(r"\D", "", value)
    return fold_key(value) if name == "contact_name" else value.strip().lower()


def _contact_notes(outcome, practice, withdrawn):
    """What the report says, per file, about the contact it carries."""
    if withdrawn:
        outcome.notes.append(
            _(
                "El contacto cambió: se retiró la autorización de publicarlo, registrada para "
                "el contacto anterior."
            )
        )
    if practice.contact_publish_allowed:
        outcome.notes.append(
            _(
                "El contacto es el mismo: se conserva la autorización de publicarlo registrada "
                "el %(date)s (%(channel)s)."
            )
            % {
                "date": format_partial_date(practice.contact_consent_at, "day"),
                "channel": practice.contact_consent_channel,
            }
        )
    else:
        outcome.notes.append(
            _(
                "Contacto por verificar: la publicación no está autorizada hasta que una "
                "persona registre la autorización (quién, cuándo, canal, versión del aviso)."
            )
        )


def _revision_made(outcome, revision, published):
    """A revision just made from a file: dropped when it changes nothing."""
    if workflow.content_of(revision) == workflow.content_of(published):
        revision.delete()  # made just now, and nothing to review: the file is what is published
        outcome.action = "skip"
        outcome.practice = published
        outcome.ficha.warn("code", _("sin cambios: la ficha es igual a la publicada."))
    else:
        outcome.notes.append(
            _(
                "los cambios quedan en una revisión (borrador) de la práctica publicada, que "
                "sigue en línea sin ellos hasta que un revisor publique la revisión."
            )
        )


def _published_on_import(outcome, practice):
    """A new practice imported as published (the command's ``--status published``) meets
    the same gate as one a reviewer publishes, and its publication is on record."""
    _percent, missing = workflow.completeness(practice)
    missing += workflow.unconfirmed_references(practice)
    if missing:
        outcome.ficha.problem(
            "",
            _("no se puede importar como publicada: falta %(missing)s.")
            % {"missing": ", ".join(missing)},
        )
        return
    Transition.objects.create(
        practice=practice,
        from_status=Practice.Status.DRAFT,
        to_status=Practice.Status.PUBLISHED,
        comment=_("Publicada al importar «%(file)s».") % {"file": Path(outcome.ficha.source).name},
    )


# Model field → the ficha row an editor finds it in.
_FIELD_KEYS = {
    "title": "title",
    "code": "code",
    "start_date": "dates",
    "end_date": "dates",
    "dates_note": "dates",
    "contact_name": "contact",
    "contact_role": "contact",
    "contact_email": "contact",
    "contact_phone": "contact",
    "coverage_note": "coverage",
    "users_reached": "users_reached",
    "cost_min": "cost",
    "cost_max": "cost",
    "__all__": "",
}


def _valid(ficha, instance, exclude=(), key=None):
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            row = key or _FIELD_KEYS.get(name, name)
            for message in messages:
                ficha.problem(row, message)
        return False
    return True


def _rows(ficha, practice):
    rows = {
        SuccessFactor: [
            SuccessFactor(position=i, title=title, description=description)
            for i, (title, description) in enumerate(ficha.success_factors, start=1)
        ],
        ImpactMetric: [
            ImpactMetric(position=i, **metric) for i, metric in enumerate(ficha.metrics, start=1)
        ],
        Link: [Link(position=i, **link) for i, link in enumerate(ficha.links, start=1)],
        CriterionEvidence: [],
    }
    criteria = {c.slug: c for c in Criterion.objects.all()}
    for slug, evidence in ficha.criteria.items():
        rows[CriterionEvidence].append(
            CriterionEvidence(criterion=criteria[slug], evidence=evidence)
        )
    keys = {
        SuccessFactor: "success_factors",
        ImpactMetric: "metric",
        Link: "links",
        CriterionEvidence: "",
    }
    for model, items in rows.items():
        for item in items:
            _valid(ficha, item, exclude={"practice"}, key=keys[model])
    return rows


SERVICE_KEYWORDS = [
    (r"\benergi", "energia-electrica"),
    (r"\b(acueducto|aguas?)\b", "acueducto"),
    (r"\balcantarillado\b", "alcantarillado"),
    (r"\b(aseo|residuos|basuras)\b", "aseo"),
    (r"\bgas natural\b", "gas-natural"),
    (r"\b(glp|gas licuado|propano)\b", "glp"),
]


class _Resolver:
    """Matches names in fichas to catalogue records, creating what is missing once."""

    def __init__(self, by=None):
        self.propose = {model: model.proposed_by(by) for model in (Provider, Category)}
        self.departments = {fold_key(d.name): d for d in Department.objects.all()}
        for department in list(self.departments.values()):
            short = fold_key(department.name.split(",")[0])
            self.departments.setdefault(short, department)
        self.municipalities = {}
        for municipality in Municipality.objects.select_related("department"):
            self.municipalities.setdefault(fold_key(municipality.name), []).append(municipality)
        self.service_index = {}
        for service in Service.objects.all():
            self.service_index[fold_key(service.name)] = service
            self.service_index[service.slug] = service
            acronym = re.search(r"\((\w+)\)", service.name)
            if acronym:
                self.service_index[fold_key(acronym[1])] = service

    # Provider -----------------------------------------------------------------------

    @staticmethod
    def _provider_key(text):
        """ "SA ESP", "S.A. E.S.P." and "S. A. E. S. P." are one: no accents, case or dots."""
        return fold_key(text).replace(" ", "")

    def provider(self, ficha, outcome):
        name = self._provider_key(ficha.provider_name)
        short = self._provider_key(ficha.provider_short_name)
        for provider in Provider.objects.all():
            if self._provider_key(provider.name) == name or (
                short and self._provider_key(provider.short_name) == short
            ):
                return provider
        provider = Provider(
            name=ficha.provider_name,
            short_name=ficha.provider_short_name,
            size=ficha.provider_size,
            slug=_free_slug(Provider, ficha.provider_short_name or ficha.provider_name),
            department=self._department_in(ficha.provider_name),
            proposed=self.propose[Provider],
        )
        if not _valid(ficha, provider, exclude={"slug"}, key="provider"):
            return provider
        provider.save()
        guessed = self._guess_services(ficha.provider_name)
        provider.services.set(guessed)
        if provider.proposed:
            outcome.notes.append(
                _(
                    "Se propone el prestador «%(name)s»: un revisor o un administrador debe "
                    "confirmarlo antes de que se publique una práctica suya."
                )
                % {"name": provider}
            )
        else:
            outcome.notes.append(_("Se crea el prestador «%(name)s».") % {"name": provider})
        ficha.warn(
            "provider",
            _(
                "prestador nuevo: %(name)s (tamaño: %(size)s; departamento: %(department)s; "
                "servicios: %(services)s); revise sus datos."
            )
            % {
                "name": provider,
                "size": provider.get_size_display() or _("sin dato"),
                "department": provider.department or _("sin dato"),
                "services": ", ".join(s.name for s in guessed) or _("sin dato"),
            },
        )
        return provider

    def _department_in(self, text):
        words = f" {fold_key(text)} "
        matches = {d for key, d in self.departments.items() if f" {key} " in words}
        return matches.pop() if len(matches) == 1 else None

    # Category and edition --------------------------------------------------------------

    def category(self, ficha, outcome):
        key = fold_key(ficha.category_name)
        for category in Category.objects.all():
            if fold_key(category.name) == key:
                return category
        category = Category(
            name=ficha.category_name,
            slug=_free_slug(Category, ficha.category_name),
            proposed=self.propose[Category],
        )
        if _valid(ficha, category, exclude={"slug"}, key="category"):
            category.save()
            if category.proposed:
                outcome.notes.append(
                    _(
                        "Se propone la categoría «%(name)s»: un revisor o un administrador "
                        "debe confirmarla antes de que se publique una práctica de ella."
                    )
                    % {"name": category}
                )
            else:
                outcome.notes.append(_("Se crea la categoría «%(name)s».") % {"name": category})
            ficha.warn("category", _("categoría nueva: %(name)s.") % {"name": category})
        return category

    def edition(self, ficha):
        if ficha.edition_number is None:
            return None
        edition = Edition.objects.filter(number=ficha.edition_number).first()
        if edition is None:
            ficha.warn(
                "edition",
                _(
                    "la edición %(number)s del reconocimiento no está registrada: regístrela y "
                    "asígnela a mano."
                )
                % {"number": ficha.edition_number},
            )
        return edition

    # Services --------------------------------------------------------------------------

    def services(self, ficha, provider):
        if ficha.service_names is not None:
            found = []
            for name in ficha.service_names:
                service = self.service_index.get(fold_key(name)) or self.service_index.get(
                    slugify(name)
                )
                if service is None:
                    ficha.problem(
                        "services", _("servicio desconocido: «%(name)s».") % {"name": name}
                    )
                else:
                    found.append(service)
            return found
        if provider.pk and provider.services.count() == 1:
            return list(provider.services.all())
        guessed = self._guess_services(f"{ficha.provider_name} {ficha.title}")
        if guessed:
            ficha.warn(
                "services",
                _("servicio deducido del nombre del prestador y del título: %(names)s; revíselo.")
                % {"names": ", ".join(s.name for s in guessed)},
                line=ficha.spans.get("provider", (None,))[0],
            )
        return guessed

    def _guess_services(self, text):
        folded = fold(text)
        slugs = [slug for pattern, slug in SERVICE_KEYWORDS if re.search(pattern, folded)]
        return [self.service_index[slug] for slug in slugs if slug in self.service_index]

    # Coverage --------------------------------------------------------------------------

    def coverage(self, ficha):
        """(departments, municipalities): DIVIPOLA codes when given, else read from the note
        (each way a real ficha names its places is one branch; kept together)."""
        if ficha.department_codes is not None or ficha.municipality_codes is not None:
            return self._by_codes(ficha)
        note = fold(ficha.coverage_note)
        if not note:
            return [], []
        match = re.search(r"(\d+)\s+municipios\s+del?\s+departamento\s+del?\s+([^,.;(]+)", note)
        if match:
            department = self.departments.get(fold_key(match[2]))
            if department:
                municipalities = [
                    m
                    for ms in self.municipalities.values()
                    for m in ms
                    if m.department_id == department.code
                ]
                if int(match[1]) == len(municipalities):
                    return [department], sorted(municipalities, key=lambda m: m.code)
                ficha.warn(
                    "coverage",
                    _(
                        "no se sabe cuáles %(count)s municipios de %(department)s: se registra el "
                        "departamento; agregue los municipios a mano."
                    )
                    % {"count": match[1], "department": department.name},
                )
                return [department], []
        departments, municipalities, unknown = [], [], []
        tokens = [
            t for t in re.split(r"\s*(?:,|;|\s+y\s+|\s+e\s+)\s*", ficha.coverage_note) if t.strip()
        ]
        for token in tokens:
            inside = re.match(r"^(?P<name>[^()]+)\((?P<department>[^()]+)\)$", token.strip())
            name = fold_key(inside["name"] if inside else token)
            name = re.sub(r"^(todo el |el )?(departamento|municipio)s? (de |del )?", "", name)
            candidates = self.municipalities.get(name, [])
            if inside:
                department = self.departments.get(fold_key(inside["department"]))
                candidates = [
                    m for m in candidates if department and m.department_id == department.code
                ]
            department = self.departments.get(name)
            # "Córdoba (Quindío)" names the municipality, though Córdoba is a department too.
            if len(candidates) == 1 and (inside or not department):
                municipalities.append(candidates[0])
            elif department and not candidates:
                departments.append(department)
            elif candidates or department:
                ficha.warn(
                    "coverage",
                    _("«%(name)s» es ambiguo (varios municipios o departamentos): asígnelo a mano.")
                    % {"name": token.strip()},
                )
            else:
                unknown.append(token.strip())
        if unknown and (departments or municipalities):
            ficha.warn(
                "coverage",
                _("no se reconocieron como lugares de Colombia: %(names)s.")
                % {"names": "; ".join(unknown)},
            )
        for municipality in municipalities:
            if municipality.department not in departments:
                departments.append(municipality.department)
        return departments, municipalities

    def _by_codes(self, ficha):
        departments = list(Department.objects.filter(code__in=ficha.department_codes or []))
        municipalities = list(Municipality.objects.filter(code__in=ficha.municipality_codes or []))
        missing = set(ficha.department_codes or []) - {d.code for d in departments}
        missing |= set(ficha.municipality_codes or []) - {m.code for m in municipalities}
        if missing:
            ficha.problem(
                "municipality_codes",
                _("códigos DIVIPOLA inexistentes: %(codes)s.")
                % {"codes": ", ".join(sorted(missing))},
            )
        return departments, municipalities


def _free_slug(model, text):
    base = slugify(text)[:180] or "sin-nombre"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
