import json
import re
from collections import Counter

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from practices.search import highlight as highlight_text

register = template.Library()

# An address inside free text (the controller's contact data): what harvesters look for.
_EMAIL_IN_TEXT = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


@register.simple_tag
def facet_options(facet, options):
    """The checkboxes of a facet's options (the list's sidebar: hundreds of options, so
    written here rather than through a template per option)."""
    name = escape(facet.name)
    separator = formats.get_format("THOUSAND_SEPARATOR")
    items = []
    for option in options:
        value = escape(option["value"])
        checked = " checked" if option["selected"] else ""
        count = f"{option['count']:,}".replace(",", separator)
        items.append(
            f'<li><input type="checkbox" id="f-{name}-{value}" name="{name}" value="{value}"'
            f'{checked}>\n  <label for="f-{name}-{value}">{escape(option["label"])} '
            f'<span class="count">({count})</span></label></li>'
        )
    return mark_safe("\n".join(items))


@register.filter
def highlight(text, q):
    """The part of ``text`` around the searched words, the words in <mark> (escaped)."""
    return highlight_text(text or "", q, words=35)


@register.filter
def obfuscate_email(address):
    """ "durley.riveros [arroba] edeq.com.co": readable by people, not by simple harvesters.

    static/js/contact.js turns the text of an element marked ``data-email`` back into a
    mailto link (it reads any bracketed word, so the word may be translated)."""
    local, at, domain = (address or "").rpartition("@")
    if not at:
        return address or ""
    word = gettext("arroba")  # outside the f-string: xgettext does not read f-strings
    return f"{local} [{word}] {domain}"


@register.filter(needs_autoescape=True)
def obfuscate_emails(text, autoescape=True):
    """Free text, escaped, with each address in it obfuscated and marked for contact.js."""
    escape = conditional_escape if autoescape else str
    text = text or ""
    parts, end = [], 0
    for match in _EMAIL_IN_TEXT.finditer(text):
        parts.append(escape(text[end : match.start()]))
        parts.append(
            format_html('<span class="email" data-email>{}</span>', obfuscate_email(match.group()))
        )
        end = match.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(str(part) for part in parts))


@register.filter
def jsonld(data):
    """A JSON-LD <script> block; "<", ">" and "&" escaped so the data cannot close it."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def coverage_map(departments, label_id):
    """The small map of the departments a practice covers (see statistics.coverage_svg)."""
    from practices.statistics.counts import coverage_svg

    return coverage_svg(departments, label_id)


# A list the author typed: "- Portal web: …", "• Chat", "1. Alianza", one per line, or
# several on one line after a leading dash ("- Portal web: … - Visión web: …").
_ITEM = re.compile(r"^(?:[-–•*]|\d{1,2}[.)])\s+")
_INLINE_ITEM = re.compile(r"\s[-–•]\s+(?=\S)")


@register.filter(needs_autoescape=True)
def prose(text, autoescape=True):
    """Plain text as HTML: paragraphs at blank lines, line breaks kept, and the lists the
    author wrote with dashes, bullets or numbers as lists. Escaped."""
    escape = conditional_escape if autoescape else str
    parts = []
    for block in re.split(r"\n[ \t]*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if len(lines) == 1 and _ITEM.match(lines[0]) and _INLINE_ITEM.search(lines[0]):
            lines = ["- " + item for item in _INLINE_ITEM.split(_ITEM.sub("", lines[0], 1))]
        if len(lines) > 1 and all(_ITEM.match(line) for line in lines):
            ordered = lines[0][0].isdigit()
            items = "".join(f"<li>{escape(_ITEM.sub('', line, 1))}</li>" for line in lines)
            parts.append(f"<ol>{items}</ol>" if ordered else f"<ul>{items}</ul>")
        elif lines:
            parts.append("<p>" + "<br>".join(str(escape(line)) for line in lines) + "</p>")
    return mark_safe("\n".join(parts))


@register.filter
def labelled(links):
    """[(link, label)]: each link's display label, numbered where several read the same
    ("Documento en drive.google.com (1)", "(2)"), so each says where it goes."""
    links = list(links)
    labels = [str(link.display_label) for link in links]
    repeated = Counter(labels)
    seen = Counter()
    result = []
    for link, label in zip(links, labels, strict=True):
        if repeated[label] > 1:
            seen[label] += 1
            label = f"{label} ({seen[label]})"
        result.append((link, label))
    return result


@register.filter
def feasibility(practice):
    """What the ficha's «Lo que se necesita» lists of what it takes to replicate the
    practice (models.Feasibility), only what is given, in the ficha's order: dicts of
    ``label``, ``value`` and ``text`` (the authors' own words, shown as written, in the
    content's language; the others are figures in the page's language)."""
    items = []

    def add(label, value, text=False):
        items.append({"label": label, "value": value, "text": text})

    if practice.cost_display:
        add(gettext("Costo aproximado"), capfirst(practice.cost_display))
    if practice.people_involved is not None:
        people = formats.localize(practice.people_involved, use_l10n=True)
        add(gettext("Personas involucradas"), people)
    if practice.setup_months is not None:
        months = ngettext("%(n)s mes", "%(n)s meses", practice.setup_months) % {
            "n": formats.localize(practice.setup_months, use_l10n=True)
        }
        add(gettext("Tiempo para ponerla en marcha"), months)
    for name, label in (
        ("technology", gettext("Tecnología necesaria")),
        ("partners", gettext("Aliados")),
        ("prerequisites", gettext("Requisitos previos")),
    ):
        if getattr(practice, name).strip():
            add(label, getattr(practice, name), text=True)
    return items
