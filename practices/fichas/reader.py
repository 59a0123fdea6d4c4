"""Read fichas: the record sheets good practices were published in.

``parse_ficha(name, content)`` turns a plain-text ficha (the layout of the reference
ficha: "Campo<TAB>Valor" rows) or a ``.docx`` whose ficha is a two-column table into a
``ParsedFicha``: plain values, no database. Every problem names the file, the line (or
table row) and the field. practices.fichas.writer writes a practice back in the same
layout.

What real fichas do, and how it is read:

- a value may start on the line after its field name, wrap over several lines (with or
  without a leading tab) and contain blank lines (paragraph breaks);
- a page break repeats the "Campo / Valor" header and the "Título" row, then continues
  the previous field on a row whose field name is empty;
- field names come with or without accents, in any case, with trailing spaces or colons;
- dates are Spanish ("15 de marzo de 2020", "marzo de 2020", "2020", "En curso");
- success factors come as a list after dashes, bullets (Word's own too, U+F0B7) or
  numbers ("1.", "2)"), one item per line, several on one line, or without any marker;
  an item is "Título: descripción" or a plain sentence, its title (cut at a word past
  300 characters, the whole sentence then kept as its description);
- links come glued together or inside an HTML list;
- the contact line mixes name, role and email (whether it may be published is never
  read from a file: see _interpret_contact).
"""

import datetime
import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from practices.models import CODE_PATTERN
from practices.text import fold, fold_key, format_number, squash

# --- Problems ---------------------------------------------------------------------------


ERROR = "error"
WARNING = "warning"


@dataclass
class Problem:
    source: str
    line: int | None
    field: str
    message: str
    level: str = ERROR

    @property
    def is_error(self):
        return self.level == ERROR

    def __str__(self):
        where = [self.source]
        if self.line:
            where.append(_("línea %(line)s") % {"line": self.line})
        if self.field:
            where.append(_("campo «%(field)s»") % {"field": self.field})
        return f"{', '.join(where)}: {self.message}"


# --- Field names ------------------------------------------------------------------------

# key → the Spanish name used when writing a ficha and in messages.
FIELD_NAMES = {
    "title": "Título",
    "code": "Código",
    "provider": "Autor de la buena práctica",
    "dates": "Fecha de implementación",
    "category": "Categoría",
    "target_population": "Población objeto o partes interesadas",
    "summary": "Resumen del proyecto",
    "impact": "Impacto generado",
    "success_factors": "Factores de éxito",
    "coverage": "Cobertura geográfica",
    "validation": "Validación",
    "replicability": "Posibilidad de réplica",
    "limitations": "Limitaciones",
    "links": "Enlaces",
    "contact": "Contacto",
    # Rows the official layout leaves implicit; written by render_ficha_text.
    "edition": "Edición del reconocimiento",
    "services": "Servicios",
    "provider_size": "Tamaño del prestador",
    "users_reached": "Usuarios impactados",
    "metric": "Indicador de impacto",
    "department_codes": "Departamentos (DIVIPOLA)",
    "municipality_codes": "Municipios (DIVIPOLA)",
    "dates_note": "Nota sobre las fechas",
    "cost": "Costo aproximado (pesos)",
    "cost_year": "Año del costo",
    "people_involved": "Personas involucradas",
    "setup_months": "Meses para ponerla en marcha",
    "technology": "Tecnología necesaria",
    "partners": "Aliados",
    "prerequisites": "Requisitos previos",
    "contact_consent": "Autoriza publicar el contacto",
    "criterion:eficaz": "Criterio Eficaz",
    "criterion:eficiente": "Criterio Eficiente",
    "criterion:centrado-en-el-usuario": "Criterio Centrado en el usuario",
    "criterion:replicable-y-adaptable": "Criterio Replicable y adaptable",
}
OFFICIAL_ORDER = [
    "title",
    "code",
    "provider",
    "dates",
    "category",
    "target_population",
    "summary",
    "impact",
    "success_factors",
    "coverage",
    "validation",
    "replicability",
    "limitations",
    "links",
    "contact",
]
ALIASES = {
    "titulo de la buena practica": "title",
    "nombre de la buena practica": "title",
    "codigo de la buena practica": "code",
    "autor": "provider",
    "autor de la practica": "provider",
    "prestador": "provider",
    "fechas de implementacion": "dates",
    "fecha": "dates",
    "poblacion objeto": "target_population",
    "partes interesadas": "target_population",
    "resumen": "summary",
    "impacto": "impact",
    "factores claves de exito": "success_factors",
    "factores clave de exito": "success_factors",
    "cobertura": "coverage",
    "replicabilidad": "replicability",
    "links": "links",
    "enlaces de interes": "links",
    "datos de contacto": "contact",
    "edicion": "edition",
    "servicio": "services",
    "indicadores de impacto": "metric",
    "costo aproximado": "cost",
    "costo": "cost",
    "ano de la cifra de costo": "cost_year",
    "meses para ponerla en marcha": "setup_months",
    "tiempo para ponerla en marcha meses": "setup_months",
    "tecnologia": "technology",
}
HEADER_KEY = "campo"  # the "Campo / Valor" header row repeated on every page
LABELS = {fold_key(name): key for key, name in FIELD_NAMES.items()} | ALIASES
REPEATABLE = {"metric"}


def field_name(key):
    return FIELD_NAMES.get(key, key)


# --- Reading rows -----------------------------------------------------------------------


@dataclass
class Row:
    """One row of the source: a text line split at its first tab, or a table row."""

    line: int
    label: str
    value: str
    has_cells: bool  # a tab (text) or a second cell (docx) separates label and value


@dataclass
class RawField:
    key: str
    label: str
    line: int
    chunks: list = field(default_factory=list)  # (line, text) | (line, None) for a blank
    last_line: int = 0
    size: int = 0  # characters so far (bounded by MAX_FIELD_CHARS)

    def add(self, line, text):
        self.chunks.append((line, text))
        self.last_line = max(self.last_line, line)
        self.size += len(text or "")
        if self.size > MAX_FIELD_CHARS:
            raise Refused(
                _("el campo tiene más de %(max)s caracteres: no parece una ficha.")
                % {"max": format_number(MAX_FIELD_CHARS)},
                key=self.key,
                line=line,
            )

    def lines(self):
        """The non-blank lines as written, for lists (factors, links) and previews."""
        return [text for _line, text in self.chunks if text and text != PAGE_BREAK]

    def text(self):
        """Lines joined into paragraphs: a blank line separates them, a wrap does not."""
        paragraphs, current, blank = [], [], False
        for _line, text in self.chunks:
            if text is None:
                blank = bool(current)
            elif text == PAGE_BREAK:
                blank = False
            else:
                if blank:
                    paragraphs.append(" ".join(current))
                    current = []
                current.append(squash(text))
                blank = False
        if current:
            paragraphs.append(" ".join(current))
        return "\n\n".join(p for p in paragraphs if p)


PAGE_BREAK = "\f"


def text_rows(text):
    rows = []
    _count(text.count("\n") + text.count(PAGE_BREAK) + 1)  # before splitting: a list costs
    for number, physical_line in enumerate(text.split("\n"), start=1):
        _bound_length(physical_line, number)
        # A form feed (page break) separates rows but starts no line: numbers stay the file's.
        for line in physical_line.split(PAGE_BREAK):
            if "\t" in line:
                label, value = line.split("\t", 1)
                rows.append(Row(number, label.strip(), squash(value.replace("\t", " ")), True))
            else:
                rows.append(Row(number, line.strip(), "", False))
    return rows


# --- Bounds ----------------------------------------------------------------------------
# What one file may ask of the reader (any editor can upload one). Past a bound the file is
# refused with a message naming it; within them, reading a file accepted by the importer's
# size limit takes well under two seconds and a few tens of megabytes
# (tests/test_hostile_fichas.py).

MAX_LINES = 20_000  # lines of a text file, or paragraphs and table rows of a .docx
MAX_CELLS = 20  # cells in one table row
MAX_FIELD_CHARS = 30_000  # one field's text, every line of it
MAX_PARTS = 500  # files inside a .docx
MAX_UNCOMPRESSED_BYTES = 30 * 1024 * 1024  # all of them once decompressed
MAX_ELEMENTS = 500_000  # XML elements in the document (a long real ficha has ~20.000)
MAX_HELD_ELEMENTS = 100_000  # in one paragraph or table row (read whole before it is dropped)
READ_SECONDS = 2.0  # reading and interpreting one file (checked between rows and fields)


class Refused(Exception):
    """The file asks too much of the reader; the message says what, in Spanish (and where:
    the field's key and the line, when there is one)."""

    def __init__(self, message, key="", line=None):
        super().__init__(message)
        self.key, self.line = key, line


class Deadline:
    """``check()`` raises Refused once ``seconds`` have passed since it was made, or at
    ``until`` (a ``time.monotonic()`` value: the end of a whole batch), whichever is first."""

    def __init__(self, seconds=None, until=None):
        self.ends = time.monotonic() + (READ_SECONDS if seconds is None else seconds)
        self.batch = until is not None and until < self.ends
        if self.batch:
            self.ends = until

    def check(self):
        if time.monotonic() > self.ends:
            if self.batch:
                raise Refused(_("el lote tomó demasiado tiempo: importe menos archivos a la vez."))
            raise Refused(
                _("leerlo tomó más de %(seconds)s segundos: no se importa.")
                % {"seconds": format_number(READ_SECONDS)}
            )


# WordprocessingML, the main part of a .docx.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT_PART = "word/document.xml"
_ZIP_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}


def docx_rows(content):
    """The paragraphs of a .docx, then the rows of its tables (a label cell, then the value
    cells; a cell spanning several columns counts once, whatever its declared span).

    Read from the XML directly rather than through python-docx, which builds one cell per
    spanned column (a span of 2³¹ asks for gigabytes) and follows vertical merges
    recursively: the archive is checked first (parts, sizes, methods, encryption), then
    the document is streamed, each paragraph and table row dropped once read, with every
    count bounded."""
    paragraphs, table_rows = _document_blocks(_document_part(content))
    rows, number = [], 0
    for text in paragraphs:
        number = _count(number + 1)
        _bound_length(text, number)
        rows.append(Row(number, text.strip(), "", False))
    for cells in table_rows:
        number = _count(number + 1)
        _bound_length(cells[0], number)
        label = cells[0].strip()
        value_lines = "\n".join(cells[1:]).split("\n")
        rows.append(Row(number, label, squash(value_lines[0]), True))
        for extra in value_lines[1:]:
            # Each Word paragraph is deliberate: a paragraph break, not a wrapped line.
            number = _count(number + 1)
            rows.append(Row(number, "", "", False))
            if extra.strip():
                rows.append(Row(number, "", squash(extra), True))
    return rows


def _document_blocks(xml):
    """The texts of the body's paragraphs, and the cell texts of its tables' rows."""
    paragraphs, table_rows = [], []
    path = []  # the tags open above the current element
    elements = held = 0
    has_body = False
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
            if event == "start":
                path.append(element.tag)
                has_body = has_body or (len(path) == 2 and element.tag == f"{_W}body")
                elements += 1
                held += 1
                if elements > MAX_ELEMENTS or held > MAX_HELD_ELEMENTS:
                    raise Refused(_("su estructura es demasiado grande para una ficha."))
                continue
            path.pop()
            # document > body > p | tbl > tr: a top-level block, read whole, then dropped.
            if len(path) == 2 and path[1] == f"{_W}body":
                if element.tag == f"{_W}p":
                    _count(len(paragraphs) + len(table_rows) + 1)
                    paragraphs.append(_paragraph_text(element))
                element.clear()
                held = 0
            elif len(path) == 3 and path[2] == f"{_W}tbl" and element.tag == f"{_W}tr":
                cells = element.findall(f"{_W}tc")
                if len(cells) > MAX_CELLS:
                    raise Refused(
                        _("una fila de sus tablas tiene %(n)s celdas (máximo %(max)s).")
                        % {"n": format_number(len(cells)), "max": MAX_CELLS}
                    )
                if len(cells) >= 2:
                    _count(len(paragraphs) + len(table_rows) + 1)
                    table_rows.append([_cell_text(cell) for cell in cells])
                element.clear()
                held = 0
    except ElementTree.ParseError as error:
        message = _("no es un documento Word (.docx) legible: %(error)s") % {"error": error}
        raise Refused(message) from error
    if not has_body:
        raise Refused(_("no es un documento Word (.docx) legible: no tiene cuerpo."))
    return paragraphs, table_rows


def _document_part(content):
    """The bytes of word/document.xml, once the archive has been checked."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise Refused(
                _("el .docx contiene %(n)s archivos (máximo %(max)s).")
                % {"n": format_number(len(parts)), "max": MAX_PARTS}
            )
        for part in parts:
            if part.flag_bits & 0x1:
                raise Refused(_("el .docx está cifrado (protegido con contraseña)."))
            if part.compress_type not in _ZIP_METHODS:
                raise Refused(
                    _("el .docx usa una compresión que no se admite (método %(method)s).")
                    % {"method": part.compress_type}
                )
        declared = sum(part.file_size for part in parts)
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise Refused(_too_big(declared))
        try:
            part = archive.getinfo(_DOCUMENT_PART)
        except KeyError as error:
            raise Refused(
                _("no es un documento Word (.docx): le falta %(part)s.") % {"part": _DOCUMENT_PART}
            ) from error
        with archive.open(part) as stream:
            # The sizes in the archive's directory are declared, not proven: read one byte
            # more than allowed to know.
            xml = stream.read(MAX_UNCOMPRESSED_BYTES + 1)
    if len(xml) > MAX_UNCOMPRESSED_BYTES:
        raise Refused(_too_big(len(xml)))
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        # Word never writes one; entities are how an XML file multiplies itself.
        raise Refused(_("el .docx declara entidades XML (DOCTYPE): no lo escribió Word."))
    return xml


def _too_big(size):
    return _("el .docx ocupa más de %(size)s MB descomprimido (máximo %(max)s MB).") % {
        "size": format_number(size // 1024 // 1024),
        "max": MAX_UNCOMPRESSED_BYTES // 1024 // 1024,
    }


def _bound_length(text, line):
    """A line, paragraph or table row is part of one field: no longer than a field."""
    if len(text) > MAX_FIELD_CHARS:
        raise Refused(
            _("la línea tiene más de %(max)s caracteres: no parece una ficha.")
            % {"max": format_number(MAX_FIELD_CHARS)},
            line=line,
        )


def _count(number):
    if number > MAX_LINES:
        raise Refused(
            _("tiene más de %(max)s filas o párrafos.") % {"max": format_number(MAX_LINES)}
        )
    return number


def _cell_text(cell):
    return "\n".join(_paragraph_text(p) for p in cell.findall(f"{_W}p"))


def _paragraph_text(paragraph):
    """The text of a paragraph's runs (hyperlinks included), tabs and breaks kept."""
    parts = []
    for child in paragraph:
        if child.tag == f"{_W}r":
            _run_text(child, parts)
        elif child.tag == f"{_W}hyperlink":
            for run in child.iterfind(f"{_W}r"):
                _run_text(run, parts)
    return "".join(parts)


def _run_text(run, parts):
    for node in run:
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")


def decode_text(content):
    text = content.decode("utf-8")  # UnicodeDecodeError is reported by the caller
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- Values -----------------------------------------------------------------------------

_MONTH_NAMES = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)}
MONTHS |= {name[:3]: number for name, number in MONTHS.items()} | {"setiembre": 9, "sept": 9}
_MONTH = r"(?P<month>[a-z]{3,10})\.?"
_DAY_MONTH_YEAR = re.compile(
    rf"(?P<day>\d{{1,2}})\s{{1,5}}de\s{{1,5}}{_MONTH}\s{{1,5}}(?:de(?:l)?\s{{1,5}})?(?P<year>\d{{4}})"
)
_NUMERIC = re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_MONTH_YEAR = re.compile(rf"{_MONTH}\s{{1,5}}(?:de(?:l)?\s{{1,5}})?(?P<year>\d{{4}})")
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")
ONGOING = ("en curso", "actualmente", "a la fecha", "vigente", "continua", "permanente")
NOT_REPORTED = ("no reportada", "no reporta", "no aplica", "sin fecha", "n/a", "no definida")


class ImpossibleDate(ValueError):
    pass


@dataclass
class PartialDate:
    value: datetime.date | None
    precision: str = "day"
    exact: bool = True  # the whole text was the date, nothing else
    ongoing: bool = False


def _make_date(year, month, day, text):
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError as error:
        raise ImpossibleDate(_("«%(text)s» no es una fecha posible.") % {"text": text}) from error


def parse_partial_date(text):
    """A Spanish date as precise as it is written; ``None`` when it gives none."""
    folded = squash(fold(text)).strip(" .,;")
    if not folded or folded.startswith(NOT_REPORTED):
        return PartialDate(None, exact=False)
    if folded.startswith(ONGOING):
        return PartialDate(None, ongoing=True)
    for pattern, precision in [
        (_DAY_MONTH_YEAR, "day"),
        (_ISO, "day"),
        (_NUMERIC, "day"),
        (_MONTH_YEAR, "month"),
    ]:
        for match in pattern.finditer(folded):
            parts = match.groupdict()
            month = parts["month"]
            if not month.isdigit():
                month = MONTHS.get(month)
                if month is None:
                    continue
            day = parts.get("day") or 1
            value = _make_date(parts["year"], month, day, squash(text))
            exact = match.group(0) == folded
            return PartialDate(value, precision, exact=exact)
    match = _YEAR.search(folded)
    if match:
        value = datetime.date(int(match["year"]), 1, 1)
        return PartialDate(value, "year", exact=match.group(0) == folded)
    return PartialDate(None, exact=False)


_START = re.compile(r"fecha\s{1,5}de\s{1,5}inicio\s{0,5}:?")
_END = re.compile(r"fecha\s{1,5}de\s{1,5}(?:finalizacion|terminacion|fin|cierre)\s{0,5}:?")
_RANGE = re.compile(r"\s{1,5}(?:a|al|hasta|-|–)\s{1,5}")


def split_dates(text):
    """("15 de marzo de 2020", "31 de diciembre de 2020") from the ficha's date row."""
    folded = fold(text)
    start_match, end_match = _START.search(folded), _END.search(folded)
    if start_match or end_match:
        text = folded  # the parts are read accent- and case-insensitively anyway
        start = end = ""
        if start_match:
            stop = (
                end_match.start() if end_match and end_match.start() > start_match.end() else None
            )
            start = text[start_match.end() : stop]
        if end_match:
            stop = (
                start_match.start()
                if start_match and start_match.start() > end_match.end()
                else None
            )
            end = text[end_match.end() : stop]
        return squash(start), squash(end)
    text = squash(text)
    since = squash(folded).startswith("desde ")
    if since:  # "Desde marzo de 2019 hasta diciembre de 2020" is a range too
        text = text[6:]
    parts = _RANGE.split(text, maxsplit=1)
    if len(parts) == 2 and all(_YEAR.search(part) or fold(part) in ONGOING for part in parts):
        return parts[0], parts[1]
    return text, "" if since else None


_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^[+-]?\d+(?:,\d+)?$")


def parse_number(text):
    """A figure written the Colombian way: "145.061" → 145061, "5,46" → 5.46."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(text) from error


# Items of a list: a dash, bullet or number that starts an item, never one inside a word.
# Bullets as Word writes them when a list is copied as text too (U+F0B7 and U+F0A7 in
# its Symbol and Wingdings fonts, ▪, ►…).
_BULLETS = "•·▪◦‣\u2043►➢✓✔\uf0b7\uf0a7"
_DASHES = "-–—*"
# At the start of a line: followed by a space, or by a letter ("•Compromiso", "1.Alianza").
_LINE_MARKER = re.compile(
    rf"^\s{{0,20}}(?:(?P<symbol>[{_DASHES}{_BULLETS}])|(?P<number>\d{{1,2}})[.)])"
    r"(?=\s|[^\W\d_])\s{0,20}"
)
_INLINE_MARKER = re.compile(rf"(?:^|\s)[-–{_BULLETS}]\s{{1,5}}(?=[^\W\d_¿¡\"“(])")
# Another item on the same line: the same kind of marker between spaces, after the end of a
# sentence and before a capital letter (both checked by the caller), or the next number of
# a numbered list.
_INLINE_SYMBOL = re.compile(rf"\s{{1,5}}(?P<symbol>[{_DASHES}{_BULLETS}])\s{{1,5}}")
_INLINE_NUMBER = re.compile(r"(?<!\S)(?P<number>\d{1,2})[.)]\s{1,5}")
_SENTENCE_END = tuple(".;!?")


def split_list(lines):
    """The items of a list field; an introductory sentence ending in ":" is not an item.

    One item per line when lines start with a dash, bullet or number; a line may still
    hold several items ("- Uno. - Dos.", "1. Uno. 2. Dos."), split where the same marker
    comes between the end of a sentence and a capital letter, or the next number before a
    capital letter (a dash inside an item, "turnos - mañana" or "EPM - Empresas Públicas",
    stays: a ficha.txt lists one factor per line, as written). Without markers at the start
    of lines, the items are split at dashes or numbers inside the text, else each line is
    an item."""
    if any(_LINE_MARKER.match(line) for line in lines):
        items = []  # [marker match, text]
        for line in lines:
            marker = _LINE_MARKER.match(line)
            if marker:
                items.append([marker, line[marker.end() :]])
            elif items:
                items[-1][1] += " " + line.strip()
            elif not line.rstrip().endswith(":"):
                items.append([None, line])
        split = [part for marker, text in items for part in _split_line_items(marker, text)]
        return [squash(item) for item in split if squash(item)]
    text = squash(" ".join(lines))
    segments = _INLINE_MARKER.split(text)
    if len(segments) == 1:
        segments = _numbered_items(text, 1, at_least=2)
    if len(segments) > 1:
        first, *rest = segments
        items = rest if not first or first.rstrip().endswith(":") else segments
        return [squash(item) for item in items if squash(item)]
    items = [squash(line) for line in lines if squash(line)]
    if len(items) > 1 and items[0].endswith(":"):
        items = items[1:]
    return items


def _split_line_items(marker, text):
    """The items of one line that started with ``marker``: more than one when the marker
    comes back (see split_list)."""
    if marker is None:
        return [text]
    if marker["number"]:
        return _numbered_items(text, int(marker["number"]) + 1, capital=True)
    kind = _marker_kind(marker["symbol"])
    items, start = [], 0
    for match in _INLINE_SYMBOL.finditer(text):
        ends_sentence = text[match.start() - 1 : match.start()] in _SENTENCE_END
        following = text[match.end() : match.end() + 1]
        if _marker_kind(match["symbol"]) == kind and ends_sentence and following.isupper():
            items.append(text[start : match.start()])
            start = match.end()
    return [*items, text[start:]]


def _marker_kind(symbol):
    return "-" if symbol in "-–" else symbol


def _numbered_items(text, number, *, at_least=1, capital=False):
    """``text`` cut before "<number>." and each next number in turn (followed by a capital
    letter if ``capital``): [text before, items…]; [text] when fewer than ``at_least``
    numbers follow each other."""
    cuts = []
    for match in _INLINE_NUMBER.finditer(text):
        following = text[match.end() : match.end() + 1]
        if int(match["number"]) == number and (following.isupper() or not capital):
            cuts.append(match)
            number += 1
    if len(cuts) < at_least:
        return [text]
    parts, start = [], 0
    for match in cuts:
        parts.append(text[start : match.start()])
        start = match.end()
    return [*parts, text[start:]]


_TITLE_SPLIT = re.compile(r"^(?P<title>[^:]{1,200}?)\s*:\s+(?P<description>.+)$", re.S)


def split_factor(item):
    """ "Título: descripción" → (title, description); otherwise the item is the title."""
    match = _TITLE_SPLIT.match(item)
    if match:
        return match["title"].strip(), match["description"].strip()
    return item, ""


MAX_FACTOR_TITLE = 300  # SuccessFactor.title


def factor_of(item):
    """(title, description, shortened) of a success factor: "Título: descripción" split at
    its colon; otherwise the item is the title, and one longer than a title can be is cut at
    a word, the whole item kept as its description (``shortened`` says so)."""
    title, description = split_factor(item)
    if len(title) <= MAX_FACTOR_TITLE:
        return title, description, False
    return shorten(title, MAX_FACTOR_TITLE), item, True


def shorten(text, limit):
    """``text`` cut to at most ``limit`` characters at a word, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


_URL_START = re.compile(r"https?://", re.I)
_KIND_LABELS = {"video": "video", "documento": "document", "pagina web": "web"}
KIND_NAMES = {"video": "Video", "document": "Documento", "web": "Página web"}
_KIND_MARK = re.compile(r"\[(?P<kind>[^\[\]]{1,40})\]")


def guess_link_kind(url):
    lowered = url.lower()
    if any(host in lowered for host in ("youtube.com", "youtu.be", "vimeo.com")):
        return "video"
    if any(host in lowered for host in ("drive.google.com", "docs.google.com")) or re.search(
        r"\.(pdf|docx?|xlsx?|pptx?|odt)(?:$|[?#])", lowered
    ):
        return "document"
    return "web"


def split_links(text):
    """Each URL once, in order, with the label and kind written before it."""
    text = _TAG.sub(" ", text)
    starts = [m.start() for m in _URL_START.finditer(text)]
    links, previous_end = [], 0
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else len(text)
        url = re.split(r"[\s<>\"']", text[start:stop], maxsplit=1)[0]
        url = url.rstrip("-–.,;:")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        prefix = text[previous_end:start]
        previous_end = start + len(url)
        kind = guess_link_kind(url)
        mark = _KIND_MARK.search(prefix)
        if mark and fold(mark["kind"]) in _KIND_LABELS:
            kind = _KIND_LABELS[fold(mark["kind"])]
            prefix = prefix[: mark.start()] + prefix[mark.end() :]
        label = squash(prefix).strip(" -–•:|")
        links.append({"url": url, "label": label, "kind": kind})
    return links


# Every pattern applied to a file's text has bounded repetitions (a run of 60.000 letters
# must not be tried from each of its positions to the end: quadratic time).
_TAG = re.compile(r"<[^<>]{1,500}>")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}", re.U)
_PHONE = re.compile(
    r"(?:\+57[\s-]?)?(?:\(\d{1,3}\)[\s-]?)?\d[\d\s.-]{5,20}\d"
    r"(?:\s{0,3}(?:ext\.?|extensi[oó]n)\s{0,3}\d{1,6})?",
    re.I,
)
# The phone with the word that announces it, colon or not ("Tel. 605 693 2000").
_LABELLED_PHONE = re.compile(
    r"(?:\b(?:tel[eé]fonos?|tel|cel(?:ular)?|m[oó]vil)\b\.?\s{0,5}:?\s{0,5})?" + _PHONE.pattern,
    re.I,
)
_CONTACT_LABELS = re.compile(
    r"\b(?:correo(?: electr[oó]nico)?|e-?mail|tel[eé]fono|tel\.?|cel(?:ular)?\.?|cargo|nombre)"
    r"\s{0,5}:",
    re.I,
)
ROLE_WORDS = {
    fold(word)
    for word in [
        "gestor",
        "gestora",
        "director",
        "directora",
        "coordinador",
        "coordinadora",
        "jefe",
        "jefa",
        "profesional",
        "gerente",
        "subgerente",
        "analista",
        "lider",
        "asesor",
        "asesora",
        "ingeniero",
        "ingeniera",
        "especialista",
        "tecnico",
        "tecnica",
        "auxiliar",
        "secretario",
        "secretaria",
        "presidente",
        "vicepresidente",
        "supervisor",
        "supervisora",
        "administrador",
        "administradora",
        "contratista",
        "funcionario",
        "funcionaria",
        "asistente",
        "comunicador",
        "comunicadora",
        "representante",
        "practicante",
        "ejecutivo",
        "ejecutiva",
        "encargado",
        "encargada",
        "responsable",
        "consultor",
        "consultora",
        "oficial",
    ]
}


def split_contact(text):
    """(name, role, email, phone, reviewed): reviewed is False when the split was guessed."""
    if "|" in text:
        parts = [squash(part) for part in text.split("|")]
        if len(parts) == 4:  # as render_ficha_text writes it
            return (*parts, True)
        email = next((p for p in parts if _EMAIL.fullmatch(p)), "")
        phone = next((p for p in parts if p != email and _PHONE.fullmatch(p)), "")
        rest = [p for p in parts if p and p not in (email, phone)]
        name = rest[0] if rest else ""
        role = ", ".join(rest[1:])
        return name, role, email, phone, True
    email_match = _EMAIL.search(text)
    email = email_match.group(0).rstrip(".") if email_match else ""
    rest = _EMAIL.sub(" ", text)
    phone_match = _PHONE.search(rest)
    phone = squash(phone_match.group(0)) if phone_match else ""
    rest = _LABELLED_PHONE.sub(" ", rest) if phone_match else rest
    rest = squash(_CONTACT_LABELS.sub(" ", rest)).strip(" ,;-–|")
    separated = [squash(p) for p in re.split(r"\s?(?:,|;|\s[-–]\s)\s?", rest) if squash(p)]
    if len(separated) > 1:
        return separated[0], ", ".join(separated[1:]), email, phone, False
    words = rest.split()
    for index, word in enumerate(words[1:], start=1):
        if fold(word).strip(".,") in ROLE_WORDS:
            return " ".join(words[:index]), " ".join(words[index:]), email, phone, False
    return rest, "", email, phone, False


_PROVIDER = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[^()]{2,30})\)\s*$")


def split_provider(text):
    match = _PROVIDER.match(squash(text))
    if match:
        return match["name"], match["short"].strip()
    return squash(text), ""


_ORDINAL_NAMES = "primer segundo tercer cuarto quinto sexto septimo octavo noveno decimo"
ORDINALS = {name: number for number, name in enumerate(_ORDINAL_NAMES.split(), start=1)}
ORDINALS |= {"primero": 1, "tercero": 3}
_EDITION = re.compile(
    r"(?P<ordinal>" + "|".join(ORDINALS) + r")\s+reconocimiento\b(?P<rest>[^.(,]*)", re.I
)
_SIZE = re.compile(r"de\s+tamano\s+(?P<size>pequen[oa]|median[oa]|grande)")
SIZES = {"pequeno": "pequeno", "pequena": "pequeno", "mediano": "mediano", "mediana": "mediano"}
SIZES |= {"grande": "grande"}


def parse_edition(text):
    """(number, name) of a recognition edition named in ``text``, or (None, "")."""
    folded = fold(text)
    match = _EDITION.search(folded)
    if not match:
        return None, ""
    name = squash(text[match.start() : match.end()]) if len(folded) == len(text) else ""
    name = re.split(r"\s{1,5}a\s{1,5}las\s{1,5}", name)[0].strip(" ,;–-")
    return ORDINALS[match["ordinal"].lower()], name


_USERS = re.compile(
    r"(?:impact\w{0,12}|benefici\w{0,12}|atend\w{0,12}|lleg\w{0,12}|alcanz\w{0,12})"
    r"\s{1,5}(?:a\s{1,5})?(?:mas\s{1,5}de\s{1,5})?"
    r"(?P<number>\d{1,3}(?:\.\d{3}){1,6}|\d{1,15})\s{1,5}usuari",
)
_FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w])|(?<![\w.,])\d+,\d+(?![\w])")


def figures_in(text):
    """The Colombian-format figures a text mentions ("145.061", "5,46"), for the editor."""
    return [m.group(0) for m in _FIGURE.finditer(text)]


# --- The parsed ficha -------------------------------------------------------------------


@dataclass
class ParsedFicha:
    source: str
    problems: list = field(default_factory=list)
    spans: dict = field(default_factory=dict)  # key → (first line, last line, source text)
    title: str = ""
    code: str = ""
    provider_name: str = ""
    provider_short_name: str = ""
    provider_size: str = ""
    edition_number: int | None = None
    edition_name: str = ""
    category_name: str = ""
    service_names: list | None = None  # None: the ficha does not say
    start_date: datetime.date | None = None
    start_precision: str = "day"
    end_date: datetime.date | None = None
    end_precision: str = "day"
    dates_note: str = ""
    target_population: str = ""
    summary: str = ""
    impact: str = ""
    users_reached: int | None = None
    metrics: list = field(default_factory=list)  # dicts: label, channel, baseline, value, unit
    success_factors: list = field(default_factory=list)  # (title, description)
    coverage_note: str = ""
    department_codes: list | None = None
    municipality_codes: list | None = None
    validation: str = ""
    replicability: str = ""
    limitations: str = ""
    links: list = field(default_factory=list)  # dicts: url, label, kind
    contact_name: str = ""
    contact_role: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    criteria: dict = field(default_factory=dict)  # criterion slug → evidence
    # What it takes to replicate it (models.Feasibility).
    cost_min: int | None = None
    cost_max: int | None = None
    cost_year: int | None = None
    people_involved: int | None = None
    setup_months: int | None = None
    technology: str = ""
    partners: str = ""
    prerequisites: str = ""

    @property
    def errors(self):
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self):
        return [p for p in self.problems if not p.is_error]

    def problem(self, key, message, *, level=ERROR, line=None):
        if line is None and key in self.spans:
            line = self.spans[key][0]
        self.problems.append(Problem(self.source, line, field_name(key), message, level))

    def warn(self, key, message, line=None):
        self.problem(key, message, level=WARNING, line=line)


def parse_ficha(name, content, until=None):
    """Parse one file (bytes) into a ParsedFicha; never raises for bad input: a file that
    cannot be read, or asks too much (see the bounds above; ``until``, a monotonic time,
    ends a batch), is one problem naming it."""
    ficha = ParsedFicha(source=name)
    deadline = Deadline(until=until)
    try:
        deadline.check()
        if content[:4] == b"PK\x03\x04" or name.lower().endswith(".docx"):
            rows = _docx_rows_or_refusal(content)
        else:
            text = decode_text(content)
            if "\x00" in text:
                ficha.problem("", _("el archivo no es texto: contiene bytes nulos"), line=1)
                return ficha
            rows = text_rows(text)
        deadline.check()
        _read_rows(ficha, rows, deadline)
    except Refused as refused:
        ficha.problem(refused.key, str(refused), line=refused.line)
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        message = _("el archivo no es texto UTF-8 (byte %(byte)s)") % {"byte": error.start + 1}
        ficha.problem("", message, line=line)
    return ficha


# What a damaged or hostile .docx makes the standard library raise.
_UNREADABLE_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # an encrypted part
    OverflowError,
    KeyError,
    ValueError,
)


def _docx_rows_or_refusal(content):
    try:
        return docx_rows(content)
    except _UNREADABLE_ZIP as error:
        message = _(
            "no es un documento Word (.docx) legible: el archivo está dañado o incompleto "
            "(detalle técnico: %(error)s)."
        ) % {"error": error}
        raise Refused(message) from error


def _another_ficha(ficha, title, line):
    ficha.problem(
        "title",
        _("el archivo contiene otra ficha («%(title)s»); importe una ficha por archivo.")
        % {"title": title},
        line=line,
    )


def _read_rows(ficha, rows, deadline):
    """The rows gathered into raw fields, then interpreted (``_interpret``).

    One loop over the rows with a little state (started, the current field, a page break,
    a repeated title): kept whole on purpose, longer than the house's usual function, as
    every rule about where a row's text belongs is one branch of it, read top to bottom.
    """
    fields, preamble = {}, []
    current = None
    started = False
    repeated_title = False  # after a repeated "Título" row whose value is on the next line
    page_break = False
    for index, row in enumerate(rows):
        if index % 500 == 0:
            deadline.check()
        key = LABELS.get(fold_key(row.label)) if row.label else None
        if fold_key(row.label) == HEADER_KEY and fold_key(row.value) in ("valor", ""):
            page_break = started
            continue
        if not started:
            if key == "title":
                started = True
            else:
                preamble.append(row.label)
                continue
        if key == "title" and "title" in fields:
            # A page break repeats the title row; the field before it continues afterwards.
            value = row.value
            if not value:
                repeated_title = True
            elif fold_key(value) != fold_key(fields["title"].text()):
                _another_ficha(ficha, value, row.line)
            page_break = True
            _drop_trailing_blanks(current)
            continue
        if repeated_title and not key:
            if not row.label and not row.value:
                continue
            text = row.label if not row.value else row.value if not row.label else ""
            repeated_title = False
            if text and fold_key(text) == fold_key(fields["title"].text()):
                continue
            if text:
                _another_ficha(ficha, text, row.line)
                continue
        if key:
            repeated_title = False
            page_break = False
            if key in fields and key not in REPEATABLE:
                ficha.warn(
                    key,
                    _("el campo aparece dos veces (líneas %(first)s y %(second)s); se unieron.")
                    % {"first": fields[key].line, "second": row.line},
                    line=row.line,
                )
                current = fields[key]
            else:
                current = RawField(key, row.label, row.line, last_line=row.line)
                if key in REPEATABLE:
                    fields.setdefault(key, []).append(current)
                else:
                    fields[key] = current
            if row.value:
                current.add(row.line, row.value)
            continue
        if current is None:
            continue
        if not row.label and not row.value:
            if row.has_cells:
                continue
            current.add(row.line, None)
            continue
        if page_break:
            current.add(row.line, PAGE_BREAK)
            page_break = False
        if not row.label:
            current.add(row.line, row.value)
        elif not row.value:
            current.add(row.line, row.label)
        else:
            ficha.warn(
                current.key,
                _("campo no reconocido «%(label)s»: su texto se agregó a «%(field)s»; revíselo.")
                % {"label": row.label, "field": field_name(current.key)},
                line=row.line,
            )
            current.add(row.line, f"{row.label} {row.value}")
    if not started:
        ficha.problem("", _("no parece una ficha: no se encontró la fila «Título»."), line=1)
        return
    for raw in [
        f for value in fields.values() for f in (value if isinstance(value, list) else [value])
    ]:
        _drop_trailing_blanks(raw)
    deadline.check()
    _interpret(ficha, fields, " ".join(preamble))
    deadline.check()


def _drop_trailing_blanks(raw):
    if raw is None:
        return
    while raw.chunks and raw.chunks[-1][1] is None:
        raw.chunks.pop()


def _interpret(ficha, fields, preamble):
    """The raw fields turned into the ficha's values, with a problem or a warning for each
    doubt, section by section (each section reads its fields through ``text_of``, which
    records the lines they came from)."""

    def text_of(key):
        raw = fields.get(key)
        if raw is None:
            return ""
        ficha.spans[key] = (raw.line, raw.last_line, "\n".join(raw.lines()))
        return raw.text()

    _interpret_identity(ficha, fields, text_of)
    _interpret_dates(ficha, text_of("dates"), text_of("dates_note"))

    for key in (
        "target_population",
        "summary",
        "impact",
        "validation",
        "replicability",
        "limitations",
    ):
        setattr(ficha, key, text_of(key))
    ficha.coverage_note = squash(text_of("coverage"))

    _interpret_impact(ficha, fields, text_of)
    _interpret_feasibility(ficha, text_of)
    _interpret_lists(ficha, fields, text_of)
    _interpret_contact(ficha, text_of)
    _interpret_context(ficha, fields, text_of, preamble)


def _interpret_identity(ficha, fields, text_of):
    """Title, code, provider and category: what names the practice."""
    for key in ("title", "code"):
        if not text_of(key):
            ficha.problem(
                key,
                _("falta este campo obligatorio."),
                line=fields[key].line if key in fields else None,
            )
    ficha.title = squash(text_of("title"))
    code = re.sub(r"\s+", "", text_of("code")).upper()
    if code:
        if re.fullmatch(CODE_PATTERN, code):
            ficha.code = code
        else:
            ficha.problem(
                "code",
                _(
                    "«%(code)s» no es un código válido: debe tener la forma "
                    "BP-<PROGRAMA>-<ENTIDAD>-NNN-AAAA (por ejemplo BP-ANDESCO-SSPD-002-2021)."
                )
                % {"code": code},
            )

    ficha.provider_name, ficha.provider_short_name = split_provider(text_of("provider"))
    if not ficha.provider_name:
        ficha.problem("provider", _("falta el autor de la buena práctica."), line=None)
    ficha.category_name = squash(text_of("category"))
    if not ficha.category_name:
        ficha.problem("category", _("falta la categoría."), line=None)


def _interpret_impact(ficha, fields, text_of):
    """Users reached, figures in the text worth a metric, and the metrics."""
    users = text_of("users_reached")
    if users:
        try:
            ficha.users_reached = int(parse_number(users))
        except ValueError:
            ficha.problem("users_reached", _("«%(value)s» no es un número.") % {"value": users})
    elif ficha.impact and "users_reached" not in fields:
        match = _USERS.search(fold(ficha.impact))
        if match:
            ficha.users_reached = int(parse_number(match["number"]))
            ficha.warn(
                "impact",
                _("usuarios impactados tomados del texto: %(users)s; revíselo.")
                % {"users": match["number"]},
            )
    if ficha.impact and "metric" not in fields:
        figures = figures_in(ficha.impact)
        if figures:
            ficha.warn(
                "impact",
                _(
                    "el texto menciona cifras (%(figures)s): regístrelas como indicadores de "
                    "impacto si son comparables."
                )
                % {"figures": ", ".join(figures)},
            )

    for raw in fields.get("metric", []):
        _interpret_metric(ficha, raw)


_COST_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_COST_YEAR = re.compile(r"\(?\s*pesos de (?P<year>\d{4})\s*\)?")


def _interpret_feasibility(ficha, text_of):
    """What it takes to replicate the practice: the cost ("20.000.000", "20.000.000 -
    35.000.000", "hasta 35.000.000", "$" and "(pesos de 2024)" allowed), its year, people
    and months (whole numbers), and three texts. Whether they agree with each other is
    the model's rule (Feasibility.feasibility_errors), checked on import."""
    cost = fold(text_of("cost"))
    year = text_of("cost_year")
    if cost:
        stated = _COST_YEAR.search(cost)
        if stated:
            year = year or stated["year"]
            cost = cost[: stated.start()] + cost[stated.end() :]
        figures = _COST_NUMBER.findall(cost)
        if len(figures) == 1 and cost.strip(" $").startswith("hasta"):
            ficha.cost_max = int(parse_number(figures[0]))
        elif len(figures) in (1, 2):
            ficha.cost_min = int(parse_number(figures[0]))
            if len(figures) == 2:
                ficha.cost_max = int(parse_number(figures[1]))
        else:
            ficha.problem(
                "cost",
                _(
                    "«%(value)s» no es un costo: escriba una cifra en pesos (20.000.000) o "
                    "un rango (20.000.000 - 35.000.000)."
                )
                % {"value": squash(text_of("cost"))},
            )
    for key, value in (
        ("cost_year", year),
        ("people_involved", text_of("people_involved")),
        ("setup_months", text_of("setup_months")),
    ):
        if not value:
            continue
        try:
            number = parse_number(value)
            if number != number.to_integral_value():
                raise ValueError(value)
            setattr(ficha, key, int(number))
        except ValueError:
            ficha.problem(key, _("«%(value)s» no es un número entero.") % {"value": squash(value)})
    for key in ("technology", "partners", "prerequisites"):
        setattr(ficha, key, text_of(key))


def _interpret_lists(ficha, fields, text_of):
    """Success factors and links, one item per line or run together."""
    factor_lines = fields["success_factors"].lines() if "success_factors" in fields else []
    text_of("success_factors")
    ficha.success_factors = []
    for item in split_list(factor_lines):
        title, description, shortened = factor_of(item)
        ficha.success_factors.append((title, description))
        if shortened:
            ficha.warn(
                "success_factors",
                _(
                    "el factor «%(title)s» tiene más de %(max)s caracteres: su título se acortó "
                    "y el texto completo quedó como descripción; revíselo."
                )
                % {"title": shorten(title, 60), "max": MAX_FACTOR_TITLE},
            )

    links_text = "\n".join(fields["links"].lines()) if "links" in fields else ""
    text_of("links")
    ficha.links = split_links(links_text)
    if links_text and not ficha.links:
        ficha.warn("links", _("no se encontró ninguna dirección web (https://…)."))


def _interpret_contact(ficha, text_of):
    """The contact split into name, role, e-mail and phone. Whether it may be shown is
    never read from a file (not even from its "Autoriza publicar el contacto" row): a person
    records the holder's consent in the admin (practices.fichas.importer)."""
    contact = text_of("contact")
    if contact:
        name, role, email, phone, reviewed = split_contact(contact)
        ficha.contact_name, ficha.contact_role = name, role
        ficha.contact_email, ficha.contact_phone = email, phone
        if not email:
            ficha.warn("contact", _("no se encontró un correo electrónico en el contacto."))
        if not reviewed:
            ficha.warn(
                "contact",
                _(
                    "contacto separado automáticamente: nombre «%(name)s», cargo «%(role)s»; "
                    "revíselo."
                )
                % {"name": name, "role": role},
            )


def _interpret_context(ficha, fields, text_of, preamble):
    """Provider size, edition, services, DIVIPOLA codes and criteria (rows the official
    layout leaves implicit, or the preamble's sentence)."""
    size = fold(text_of("provider_size"))
    match = _SIZE.search(fold(preamble)) if not size else None
    size = size or (match["size"] if match else "")
    ficha.provider_size = SIZES.get(size.strip(), "")
    if size and not ficha.provider_size:
        ficha.warn(
            "provider_size", _("tamaño «%(size)s» desconocido: se deja vacío.") % {"size": size}
        )

    edition = text_of("edition")
    ficha.edition_number, ficha.edition_name = parse_edition(edition or preamble)
    if edition and ficha.edition_number is None:
        ficha.warn("edition", _("no se reconoce la edición «%(edition)s».") % {"edition": edition})

    if "services" in fields:
        services = text_of("services")
        ficha.service_names = [squash(s) for s in re.split(r"[;,]", services) if squash(s)]

    for key, target in (("department_codes", 2), ("municipality_codes", 5)):
        value = text_of(key)
        if key not in fields:
            continue
        codes = re.findall(r"\d+", value)
        bad = [code for code in codes if len(code) != target]
        if bad:
            ficha.problem(
                key, _("códigos DIVIPOLA no válidos: %(codes)s.") % {"codes": ", ".join(bad)}
            )
        setattr(ficha, key, [code for code in codes if len(code) == target])

    for key in fields:
        if key.startswith("criterion:"):
            evidence = text_of(key)
            if evidence:
                ficha.criteria[key.split(":", 1)[1]] = evidence


def _interpret_dates(ficha, text, note):
    if not text:
        ficha.dates_note = squash(note)
        return
    start_text, end_text = split_dates(text)
    exact = True
    try:
        start = parse_partial_date(start_text) if start_text else PartialDate(None, exact=False)
        end = parse_partial_date(end_text) if end_text else None
    except ImpossibleDate as error:
        ficha.problem("dates", str(error))
        return
    ficha.start_date, ficha.start_precision = start.value, start.precision
    exact = start.exact and start.value is not None
    if end is None:
        # No end given at all: free text or a single date.
        exact = exact and end_text is not None
    elif end.ongoing:
        pass
    else:
        ficha.end_date, ficha.end_precision = end.value, end.precision
        exact = exact and end.exact and end.value is not None
    if ficha.start_date is None and ficha.end_date is not None:
        ficha.problem("dates", _("hay fecha de finalización pero no de inicio."))
    if ficha.start_date and ficha.end_date and ficha.end_date < ficha.start_date:
        ficha.problem(
            "dates",
            _("la fecha de finalización (%(end)s) es anterior a la de inicio (%(start)s).")
            % {"end": end_text, "start": start_text},
        )
    if note:
        ficha.dates_note = squash(note)
    elif not exact:
        ficha.dates_note = squash(text)
        ficha.warn(
            "dates",
            _(
                "fechas incompletas o en texto libre: se guardó el texto «%(text)s» y lo que se "
                "pudo leer de él; revíselo."
            )
            % {"text": squash(text)},
        )


def _interpret_metric(ficha, raw):
    parts = [squash(part) for part in raw.text().split("|")]
    if len(parts) != 5:
        ficha.problem(
            "metric",
            _(
                "se esperaban cinco partes separadas por «|» (indicador | canal | línea base | "
                "resultado | unidad)."
            ),
            line=raw.line,
        )
        return
    label, channel, baseline, value, unit = parts
    try:
        metric = {
            "label": label,
            "channel": channel,
            "baseline": parse_number(baseline) if baseline else None,
            "value": parse_number(value),
            "unit": unit,
        }
    except ValueError as error:
        ficha.problem(
            "metric", _("«%(value)s» no es una cifra.") % {"value": error.args[0]}, line=raw.line
        )
        return
    ficha.metrics.append(metric)
