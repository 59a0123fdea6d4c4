"""Write a practice as a ficha: ``render_ficha_text(practice)`` gives the reference ficha's
text layout, with a few extra rows that carry what the official layout leaves implicit
(services, DIVIPOLA codes, metrics…), so that importing the file gives the practice back
(practices.fichas.reader reads it)."""

from django.utils import translation
from django.utils.translation import gettext as _

from practices.fichas.reader import KIND_NAMES, field_name, format_number, guess_link_kind
from practices.models import format_partial_date
from practices.text import squash

PREAMBLE = """Este documento proporciona información básica acerca de las buenas prácticas implementadas por prestadores de servicios públicos domiciliarios, dependencias, equipos o colaboradores internos de la entidad, con el fin de dar a conocer experiencias de éxito que han demostrado solucionar problemáticas y producir buenos resultados para la población objeto a quien es dirigida (usuarios o partes interesadas)."""  # noqa: E501


def render_ficha_text(practice):
    """The practice in the reference ficha's text layout; importing it gives it back."""
    with translation.override("es-co"):
        return _render(practice)


def sentence_of(practice, escape=str, category=str):
    """The official ficha's sentence that places the practice: size, edition, category
    (the ficha's text and its printed version say it alike). ``escape`` is applied to each
    piece, ``category`` to the category's name (italics, when printed)."""
    provider, edition = practice.provider, practice.edition
    if provider.size and edition:
        text = _(
            "La buena práctica relacionada a continuación corresponde a un prestador de "
            "servicios públicos domiciliarios de tamaño %(size)s y es resultado del "
            "%(edition)s en la categoría %(category)s."
        )
    elif provider.size:
        text = _(
            "La buena práctica relacionada a continuación corresponde a un prestador de "
            "servicios públicos domiciliarios de tamaño %(size)s, en la categoría %(category)s."
        )
    elif edition:
        text = _(
            "La buena práctica relacionada a continuación corresponde a un prestador de "
            "servicios públicos domiciliarios y es resultado del %(edition)s en la categoría "
            "%(category)s."
        )
    else:
        text = _(
            "La buena práctica relacionada a continuación corresponde a un prestador de "
            "servicios públicos domiciliarios, en la categoría %(category)s."
        )
    pieces = {
        "size": escape(provider.get_size_display().lower() if provider.size else ""),
        "edition": escape(edition.name if edition else ""),
        "category": category(escape(practice.category.name)),
    }
    return escape(text) % pieces


def _render(practice):
    """The rows in the official layout's order, then the ones it leaves implicit: one
    recipe read top to bottom, like the ficha it writes."""
    lines = ["", PREAMBLE, ""]
    lines += [sentence_of(practice), "", ""]

    def row(key, value=""):
        text = str(value or "")
        paragraphs = text.split("\n\n") if text else [""]
        lines.append(f"{field_name(key)}\t{squash(paragraphs[0])}")
        for paragraph in paragraphs[1:]:
            lines.append("")
            lines.append(f"\t{squash(paragraph)}")

    lines += [f"{field_name('title')}\t", f"{practice.title}\t"]
    row("code", practice.code)
    provider = practice.provider
    row(
        "provider",
        f"{provider.name} ({provider.short_name})" if provider.short_name else provider.name,
    )
    start = format_partial_date(practice.start_date, practice.start_precision)
    end = format_partial_date(practice.end_date, practice.end_precision)
    if practice.start_date:
        dates = f"Fecha de inicio: {start} Fecha de finalización: {end or 'En curso'}"
    else:
        dates = ""
    row("dates", dates)
    row("category", practice.category.name)
    row("target_population", practice.target_population)
    row("summary", practice.summary)
    row("impact", practice.impact)
    factors = [
        f"- {f.title}: {squash(f.description)}" if f.description else f"- {f.title}"
        for f in practice.success_factors.all()
    ]
    lines.append(f"{field_name('success_factors')}\t{factors[0] if factors else ''}")
    lines += [f"\t{factor}" for factor in factors[1:]]
    row("coverage", practice.coverage_note)
    row("validation", practice.validation)
    row("replicability", practice.replicability)
    row("limitations", practice.limitations)
    links = []
    for link in practice.links.all():
        mark = f"[{KIND_NAMES[link.kind]}] " if link.kind != guess_link_kind(link.url) else ""
        label = f"{link.label}: " if link.label else ""
        links.append(f"- {mark}{label}{link.url}")
    lines.append(f"{field_name('links')}\t{links[0] if links else ''}")
    lines += [f"\t{link}" for link in links[1:]]
    # No personal data in a file anyone may download: the contact's role only (in the
    # four places the reader knows: name | role | e-mail | phone).
    public_role = practice.contact_role if practice.contact_is_public else ""
    row("contact", f"| {public_role} | |" if public_role else "")

    # What the official layout leaves implicit.
    lines += ["", ""]
    if practice.edition:
        row("edition", practice.edition.name)
    row("services", "; ".join(s.name for s in practice.services.all()))
    row("provider_size", provider.get_size_display() if provider.size else "")
    if practice.dates_note:
        row("dates_note", practice.dates_note)
    users = practice.users_reached
    row("users_reached", format_number(users) if users is not None else "")
    for metric in practice.impact_metrics.all():
        baseline = format_number(metric.baseline) if metric.baseline is not None else ""
        value = format_number(metric.value)
        row("metric", f"{metric.label} | {metric.channel} | {baseline} | {value} | {metric.unit}")
    _feasibility_rows(practice, row)
    row("department_codes", ", ".join(d.code for d in practice.departments.all()))
    row("municipality_codes", ", ".join(m.code for m in practice.municipalities.all()))
    for evidence in practice.criterion_evidence.all():
        row(f"criterion:{evidence.criterion.slug}", evidence.evidence)
    return "\n".join(lines) + "\n"


def _feasibility_rows(practice, row):
    """What it takes to replicate the practice (models.Feasibility): only what is given,
    the figures as Colombians write them (the reader reads them back)."""
    low, high = practice.cost_min, practice.cost_max
    if low is not None and high is not None:
        row("cost", f"{format_number(low)} - {format_number(high)}")
    elif low is not None:
        row("cost", format_number(low))
    elif high is not None:
        row("cost", f"hasta {format_number(high)}")
    if practice.cost_year:
        row("cost_year", str(practice.cost_year))
    for name in ("people_involved", "setup_months"):
        if getattr(practice, name) is not None:
            row(name, format_number(getattr(practice, name)))
    for name in ("technology", "partners", "prerequisites"):
        if getattr(practice, name).strip():
            row(name, getattr(practice, name))
