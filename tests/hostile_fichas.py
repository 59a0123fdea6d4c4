"""A corpus of hostile fichas, made by code (no binaries in the repository): what an
editor, by malice or by accident, could upload to the importer. Each is at most 5 MB, the
importer's size limit, and asks the reader for far more than a real ficha does: fields
made of one character repeated (the worst case of a backtracking pattern), absurd table
spans, row counts and nesting, archives that are encrypted, bombs, or lie about sizes.

``corpus()`` gives (name, content) pairs; tests/test_hostile_fichas.py reads every one
within the reader's bounds, through the parser, the command and the admin.
"""

import io
import struct
import zipfile
from pathlib import Path

REFERENCE = (Path(__file__).parent / "fichas" / "reference.txt").read_text(encoding="utf-8")
MAX_BYTES = 5 * 1024 * 1024

# Text that makes a naive pattern try every start against every end.
PAYLOADS = {
    "letras": "a",
    "digitos": "1",
    "digitos-espacios": "1 ",
    "menor-que": "<",
    "etiqueta-abierta": "<a ",
    "corchetes": "[",
    "arrobas": "@",
    "correo-a-medias": "a@",
    "puntos": "a.",
    "enlaces": "http://",
    "guiones": "- ",
    "fechas": "fecha de ",
    "meses": "15 de marzo de ",
    "usuarios": "beneficio a 1.000 ",
    "telefono": "tel 1-",
    "espacios": " \t",
}
# The fields whose text goes through patterns (contact, links, dates, lists, figures).
FIELDS = (
    "Contacto",
    "Enlaces",
    "Fecha de implementación",
    "Factores de éxito",
    "Impacto generado",
    "Autor de la buena practica",
    "Código",
    "Cobertura geográfica",
    "Título",
    "Categoría",
)


def with_field(label, value):
    """The reference ficha with the value of the field ``label`` replaced."""
    lines = REFERENCE.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(label + "\t"):
            lines[index] = f"{label}\t{value}"
            return "\n".join(lines).encode()
    raise LookupError(label)


def text_fichas(length):
    for payload_name, unit in PAYLOADS.items():
        value = (unit * (length // len(unit) + 1))[:length]
        for label in FIELDS:
            yield f"{payload_name}-{label[:12]}-{length}.txt", with_field(label, value)


# --- .docx, written by hand: the reader needs only word/document.xml ---------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def cell(text, properties=""):
    return f"<w:tc>{properties}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def reference_rows():
    """The reference ficha's fields as (label, value) table rows."""
    rows = []
    for line in REFERENCE.split("\n"):
        if "\t" in line:
            label, value = line.split("\t", 1)
            value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            rows.append(f"<w:tr>{cell(label)}{cell(value)}</w:tr>")
    return rows


def document(body, prolog='<?xml version="1.0" encoding="UTF-8"?>'):
    return f'{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def spanned(span):
    return (
        f"<w:tr>{cell('Notas', f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>')}{cell('x')}</w:tr>"
    )


def package(document_xml, method=zipfile.ZIP_DEFLATED, extra_parts=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document_xml)
        for name, content in extra_parts:
            archive.writestr(name, content)
    return buffer.getvalue()


def ficha_docx(extra_rows=()):
    rows = reference_rows() + list(extra_rows)
    return package(document(f"<w:tbl>{''.join(rows)}</w:tbl>"))


# Where a field sits in a local file header (PK\3\4) and in a central directory entry
# (PK\1\2), and its struct format: the archive's own description of each entry.
HEADERS = {
    "flags": (6, 8, "<H"),
    "method": (8, 10, "<H"),
    "uncompressed size": (22, 24, "<I"),
}


def rewritten(content, field, change):
    """The archive with ``field`` of every entry replaced by ``change(old value)``."""
    local_at, central_at, fmt = HEADERS[field]
    data = bytearray(content)
    for signature, at in ((b"PK\x03\x04", local_at), (b"PK\x01\x02", central_at)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            (value,) = struct.unpack_from(fmt, data, start + at)
            struct.pack_into(fmt, data, start + at, change(value))
            start += 4
    return bytes(data)


def with_method(content, method):
    """The archive with every entry claiming compression ``method`` (a number)."""
    return rewritten(content, "method", lambda _old: method)


def encrypted(content):
    """The archive with every entry flagged as encrypted (general purpose bit 0)."""
    return rewritten(content, "flags", lambda flags: flags | 1)


def lying_sizes(content):
    """Every entry declares 1.000 bytes uncompressed, whatever it holds."""
    return rewritten(content, "uncompressed size", lambda _old: 1000)


def docx_fichas():
    rows = reference_rows()
    label_value = rows[1]
    yield "gridspan-2e31.docx", ficha_docx([spanned(2**31 - 1)])
    yield "gridspan-1e8.docx", ficha_docx([spanned(10**8)])
    yield "200000-filas.docx", ficha_docx([label_value] * 200_000)
    merge = "<w:tcPr><w:vMerge/></w:tcPr>"
    yield (
        "5000-filas-combinadas.docx",
        ficha_docx(
            [f"<w:tr>{cell('', '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>')}{cell('a')}</w:tr>"]
            + [f"<w:tr>{cell('', merge)}{cell('b')}</w:tr>"] * 5000
        ),
    )
    yield "celdas-por-fila.docx", ficha_docx([f"<w:tr>{cell('x') * 5000}</w:tr>"])
    yield (
        "corridas-por-parrafo.docx",
        package(document(f"<w:p>{'<w:r><w:t>a</w:t></w:r>' * 300_000}</w:p>")),
    )
    nested = "<w:tbl><w:tr><w:tc>" * 50_000 + "</w:tc></w:tr></w:tbl>" * 50_000
    yield "anidado.docx", package(document(nested))
    yield "parrafos.docx", package(document("<w:p/>" * 400_000))
    huge = f"<w:p><w:r><w:t>{'a' * 4_000_000}</w:t></w:r></w:p>"
    yield "un-parrafo-enorme.docx", package(document(huge))
    yield "bomba.docx", package(document("<w:p/>" + " " * 40_000_000))
    yield "bomba-que-miente.docx", lying_sizes(package(document("<w:p/>" + " " * 40_000_000)))
    yield "cifrado.docx", encrypted(ficha_docx())
    yield "bzip2.docx", package(document("<w:p/>"), method=zipfile.ZIP_BZIP2)
    yield "metodo-99.docx", with_method(ficha_docx(), 99)
    yield (
        "quinientas-partes.docx",
        package(document("<w:p/>"), extra_parts=[(f"word/media/{n}.xml", "x") for n in range(600)]),
    )
    entities = "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    )
    laughs = document(
        "<w:p><w:r><w:t>&j;</w:t></w:r></w:p>",
        prolog=f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">{entities}]>',
    )
    yield "mil-millones-de-risas.docx", package(laughs)
    yield "xml-roto.docx", package(document("<w:p>") + "<")
    yield "sin-documento.docx", _without_document()
    yield "truncado.docx", ficha_docx()[:-200]
    yield "no-es-zip.docx", b"PK\x03\x04" + b"\xff" * 4_000_000


def _without_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    return buffer.getvalue()


def whole_file_fichas():
    yield "una-linea.txt", b"a" * (MAX_BYTES - 1)
    yield "lineas-vacias.txt", b"\n" * (MAX_BYTES - 1)
    yield "campos-repetidos.txt", (b"Contacto\tx\n" * (MAX_BYTES // 11))
    continued = "\n".join(["Contacto\tDurley"] + ["a" * 100] * 40_000)
    yield "contacto-en-muchas-lineas.txt", with_field("Contacto", continued)[:MAX_BYTES]
    yield "latin1.txt", "Título\tÑandú".encode("latin-1")
    yield "nulos.txt", b"\x00" * 1000


def corpus():
    """Every hostile file: (name, content)."""
    files = [
        *text_fichas(29_000),  # just under the field limit: read in full, in linear time
        *text_fichas(60_000),  # over it: refused
        *docx_fichas(),
        *whole_file_fichas(),
    ]
    for name, content in files:
        assert len(content) <= MAX_BYTES, (name, len(content))
    return files


def refused(name):
    """Whether the reader must refuse the file (the others are read, whatever they hold)."""
    if name.startswith(("espacios-", "gridspan-", "5000-filas-combinadas")):
        return False  # blanks are squashed; a span or a merge counts once
    return not name.endswith("-29000.txt")  # under the field limit: read in full


if __name__ == "__main__":
    # Run by tests/test_hostile_fichas.py in a process of its own: one JSON line per file
    # with the processor time and the peak of memory that reading it took.
    import json
    import os
    import sys
    import time
    import tracemalloc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue_site.settings")
    django.setup()
    from django.utils import translation

    from practices.fichas.reader import parse_ficha

    translation.activate("es")
    for name, content in corpus():
        started = time.process_time()
        ficha = parse_ficha(name, content)
        seconds = time.process_time() - started
        tracemalloc.start()
        parse_ficha(name, content)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        errors = [str(problem) for problem in ficha.errors]
        print(json.dumps({"name": name, "seconds": seconds, "peak": peak, "errors": errors}))
        sys.stdout.flush()
