"""The ficha parser reads the quirks of real documents; bad input becomes a Problem, never a crash.

Each quirk has a small ficha in ``tests/fichas/``. No database is needed: the parser only
reads text.
"""

import dataclasses
import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from practices.fichas.reader import (
    ImpossibleDate,
    PartialDate,
    parse_ficha,
    parse_number,
    parse_partial_date,
    split_dates,
)

FICHAS = Path(__file__).parent / "fichas"
COVID = "Atención a usuarios en tiempos de COVID"


def parse(name):
    return parse_ficha(name, (FICHAS / name).read_bytes())


def problems(ficha):
    return [(p.level, p.line, p.field, p.message) for p in ficha.problems]


def values(ficha):
    """Everything the ficha says, without where it was said."""
    data = dataclasses.asdict(ficha)
    for key in ("source", "problems", "spans"):
        data.pop(key)
    return data


def minimal_ficha(*rows):
    """A valid ficha with ``rows`` ("Campo<TAB>Valor") after the required ones."""
    lines = [
        "Título\tAtención virtual con intérprete de lengua de señas",
        "Código\tBP-ANDESCO-SSPD-014-2021",
        "Autor de la buena práctica\tAguas de Manizales SA ESP",
        f"Categoría\t{COVID}",
        *rows,
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


# 1. Values on the next line, wrapped, with blank lines --------------------------------


def test_value_on_the_line_after_its_field_name_is_read():
    ficha = parse("valor_en_linea_siguiente.txt")

    assert ficha.provider_name == "Empresas Públicas de Armenia ESP"
    assert ficha.provider_short_name == "EPA"
    assert ficha.category_name == COVID
    assert problems(ficha) == []


def test_wrapped_lines_join_with_a_space_and_blank_lines_make_paragraphs():
    ficha = parse("valor_en_linea_siguiente.txt")

    # The value starts on the next line, wraps without a tab, then a blank line.
    assert ficha.summary == (
        "La empresa capacitó a líderes comunitarios para apoyar la lectura de medidores en los "
        "barrios donde los lectores no podían entrar durante el aislamiento.\n\n"
        "Los líderes enviaron las lecturas por WhatsApp y la empresa las validó con "
        "fotografías de cada medidor."
    )
    # Lines with a leading tab; two blank lines are still one paragraph break.
    assert ficha.impact == (
        "Se evitó facturar por promedio a los usuarios de los barrios del sur de Armenia.\n\n"
        "Los reclamos por facturación bajaron durante el segundo semestre."
    )
    # A value on the field's line that wraps onto a line without a tab.
    assert ficha.limitations == (
        "La conectividad de algunos líderes retrasó el envío de las fotografías."
    )


# 2. Page breaks -----------------------------------------------------------------------


def test_page_break_continues_the_field_that_was_cut():
    ficha = parse("salto_de_pagina.txt")

    assert ficha.title == "Puntos de pago en tiendas de barrio"
    assert ficha.summary == (
        "La empresa habilitó puntos de pago en tiendas de barrio para que los usuarios no "
        "tuvieran que desplazarse hasta las oficinas durante el aislamiento y pagaran sus "
        "facturas cerca de su casa."
    )
    assert ficha.limitations == "Algunas tiendas no tenían conexión a internet."
    assert ficha.contact_name == "María Fernanda Ríos"
    assert ficha.errors == []


def test_page_break_with_only_blank_lines_and_the_repeated_title_as_in_the_reference():
    text = (FICHAS / "salto_de_pagina.txt").read_text(encoding="utf-8")
    without_header = text.replace("\fCampo\tValor\n", "")

    ficha = parse_ficha("salto.txt", without_header.encode("utf-8"))

    assert values(ficha) == values(parse("salto_de_pagina.txt"))
    assert ficha.errors == []


def test_line_numbers_after_a_form_feed_are_those_of_the_file():
    ficha = parse("salto_de_pagina.txt")

    # "Contacto" is on line 16 of the file; the form feed starts line 11, it is no line.
    assert [(p.level, p.line, p.field) for p in ficha.problems] == [
        ("warning", 16, "Contacto"),
        ("warning", 16, "Contacto"),
    ]
    assert ficha.problems[0].message == "no se encontró un correo electrónico en el contacto."


def test_page_break_repeating_another_title_is_reported_as_a_second_ficha():
    text = (FICHAS / "salto_de_pagina.txt").read_text(encoding="utf-8")
    first, rest = text.split("\f")
    rest = rest.replace("Puntos de pago en tiendas de barrio", "Otra práctica distinta", 1)

    ficha = parse_ficha("dos_fichas.txt", (first + "\f" + rest).encode("utf-8"))

    assert problems(ficha)[0] == (
        "error",
        13,
        "Título",
        "el archivo contiene otra ficha («Otra práctica distinta»); importe una ficha por archivo.",
    )


# 3. Field names ------------------------------------------------------------------------


def test_field_names_without_accents_in_upper_case_with_trailing_spaces_and_colons():
    ficha = parse("nombres_sin_tildes.txt")

    assert ficha.title == "Brigadas de revisión de instalaciones internas de gas"
    assert ficha.code == "BP-ANDESCO-SSPD-013-2021"
    assert (ficha.provider_name, ficha.provider_short_name) == (
        "Gases del Caribe SA ESP",
        "Gascaribe",
    )
    assert ficha.category_name == COVID
    assert (ficha.start_date, ficha.end_date) == (
        datetime.date(2020, 6, 1),
        datetime.date(2020, 11, 30),
    )
    assert ficha.target_population == "Usuarios residenciales de estratos 1 y 2"
    assert problems(ficha) == []


# 4. Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 de marzo de 2020", PartialDate(datetime.date(2020, 3, 15), "day")),
        ("1 de junio del 2020", PartialDate(datetime.date(2020, 6, 1), "day")),
        ("15/03/2020", PartialDate(datetime.date(2020, 3, 15), "day")),
        ("2020-03-15", PartialDate(datetime.date(2020, 3, 15), "day")),
        ("marzo de 2020", PartialDate(datetime.date(2020, 3, 1), "month")),
        ("Septiembre 2021", PartialDate(datetime.date(2021, 9, 1), "month")),
        ("sept. de 2021", PartialDate(datetime.date(2021, 9, 1), "month")),
        ("2019", PartialDate(datetime.date(2019, 1, 1), "year")),
        ("No reportada", PartialDate(None, "day", exact=False)),
        ("En curso", PartialDate(None, "day", ongoing=True)),
        ("Actualmente", PartialDate(None, "day", ongoing=True)),
        ("mediados de 2018", PartialDate(datetime.date(2018, 1, 1), "year", exact=False)),
        ("a partir de abril de 2020", PartialDate(datetime.date(2020, 4, 1), "month", exact=False)),
        ("sin información", PartialDate(None, "day", exact=False)),
    ],
)
def test_parse_partial_date_is_as_precise_as_the_text(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["31 de febrero de 2021", "2021-02-30", "31/04/2020"])
def test_parse_partial_date_rejects_impossible_dates(text):
    with pytest.raises(ImpossibleDate, match="no es una fecha posible"):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Fecha de inicio: 15 de marzo de 2020 Fecha de finalización: 31 de diciembre de 2020",
            ("15 de marzo de 2020", "31 de diciembre de 2020"),
        ),
        (
            "Fecha de inicio: marzo de 2020 Fecha de finalización: En curso",
            ("marzo de 2020", "en curso"),
        ),
        ("Fecha de finalización: 2021 Fecha de inicio: 2019", ("2019", "2021")),
        ("Fecha de inicio: 2019", ("2019", "")),
        ("2018 - 2020", ("2018", "2020")),
        ("marzo de 2020 a diciembre de 2020", ("marzo de 2020", "diciembre de 2020")),
        ("2020 – En curso", ("2020", "En curso")),
        ("Desde marzo de 2020", ("marzo de 2020", "")),
        ("Desde marzo de 2019 hasta diciembre de 2020", ("marzo de 2019", "diciembre de 2020")),
        ("Desde mediados de 2018 hasta hoy", ("mediados de 2018 hasta hoy", "")),
        ("2019", ("2019", None)),
        ("No reportada", ("No reportada", None)),
    ],
)
def test_split_dates_finds_start_and_end(text, expected):
    assert split_dates(text) == expected


def test_month_and_year_start_with_an_ongoing_end():
    ficha = parse("fechas_mes_y_en_curso.txt")

    assert (ficha.start_date, ficha.start_precision) == (datetime.date(2020, 3, 1), "month")
    assert ficha.end_date is None  # still running
    assert ficha.dates_note == ""
    assert problems(ficha) == []


def test_free_text_dates_keep_the_text_and_what_can_be_read_with_a_warning():
    ficha = parse("fechas_texto_libre.txt")

    assert (ficha.start_date, ficha.start_precision) == (datetime.date(2018, 1, 1), "year")
    assert ficha.end_date is None
    assert ficha.dates_note == "Desde mediados de 2018 hasta hoy"
    assert problems(ficha) == [
        (
            "warning",
            5,
            "Fecha de implementación",
            "fechas incompletas o en texto libre: se guardó el texto «Desde mediados de 2018 "
            "hasta hoy» y lo que se pudo leer de él; revíselo.",
        )
    ]


@pytest.mark.parametrize(
    ("dates", "start", "end", "note"),
    [
        (
            "Fecha de inicio: 15 de marzo de 2020 Fecha de finalización: 31 de diciembre de 2020",
            (datetime.date(2020, 3, 15), "day"),
            (datetime.date(2020, 12, 31), "day"),
            "",
        ),
        (
            "Desde marzo de 2019 hasta diciembre de 2020",
            (datetime.date(2019, 3, 1), "month"),
            (datetime.date(2020, 12, 1), "month"),
            "",
        ),
        (
            "2018 - 2020",
            (datetime.date(2018, 1, 1), "year"),
            (datetime.date(2020, 1, 1), "year"),
            "",
        ),
        ("2019", (datetime.date(2019, 1, 1), "year"), (None, "day"), "2019"),
        ("No reportada", (None, "day"), (None, "day"), "No reportada"),
    ],
)
def test_date_row_of_a_ficha(dates, start, end, note):
    ficha = parse_ficha("fechas.txt", minimal_ficha(f"Fecha de implementación\t{dates}"))

    assert (ficha.start_date, ficha.start_precision) == start
    assert (ficha.end_date, ficha.end_precision) == end
    assert ficha.dates_note == note
    # Only what could not be read whole is flagged, on the row's line.
    assert [(p.level, p.line) for p in ficha.problems] == ([("warning", 5)] if note else [])


# 5. Success factors --------------------------------------------------------------------


def test_success_factors_on_one_line_after_an_introduction():
    ficha = parse("factores_en_una_linea.txt")

    assert ficha.provider_name == "Air-e SAS ESP"
    assert ficha.success_factors == [
        (
            "Alianza con el INCI",
            "la impresión en braille se hizo con el Instituto Nacional para Ciegos.",
        ),
        ("Compromiso de Air-e con la inclusión", ""),  # the hyphen of Air-e splits nothing
        ("Participación de los usuarios", "las asociaciones de ciegos revisaron el diseño."),
    ]


def test_success_factors_one_per_line_with_dashes_and_wrapped_items():
    ficha = parse("factores_con_guiones.txt")

    assert ficha.success_factors == [
        (
            "Turnos escalonados",
            "las cuadrillas trabajaron en tres turnos para cubrir el día completo.",
        ),
        ("Geolocalización de las órdenes de trabajo", ""),
        ("Comunicación con el usuario", "un mensaje de texto avisa la llegada de la cuadrilla."),
    ]


def test_success_factors_one_per_line_without_dashes():
    ficha = parse("factores_sin_guiones.txt")

    assert ficha.success_factors == [
        ("Acompañamiento de la Superservicios", ""),
        ("Capacitación a los vocales", "talleres mensuales sobre la regulación tarifaria."),
        ("Seguimiento a los compromisos en cada mesa", ""),
    ]


# Plain sentences, no "Título: descripción": each one factor, however the list is marked.
PLAIN_FACTORS = [
    "Compromiso de la gerencia con el servicio al usuario.",
    "Capacitación del personal de atención en los nuevos canales.",
    "Seguimiento semanal de los indicadores de PQR.",
    "Alianza con las juntas de acción comunal de cada barrio.",
    "Comunicación clara de los cambios en la factura.",
    "Uso de la línea de WhatsApp para resolver solicitudes.",
]


@pytest.mark.parametrize(
    "name",
    [
        "factores_lista_guiones.txt",  # "- …" one per line, on the lines after the field
        "factores_lista_en_una_linea.txt",  # "- … - …" on one line of 350 characters
        "factores_lista_vinetas.txt",  # "• …" and "•…" after an introduction, one wrapped
        "factores_lista_numerada.txt",  # "1. …", "2) …" one per line
        "factores_lista_numerada_en_una_linea.txt",  # "…son: 1. … 2. …" on one line
    ],
)
def test_a_plain_list_of_sentences_is_one_factor_per_sentence(name):
    ficha = parse(name)

    assert ficha.success_factors == [(sentence, "") for sentence in PLAIN_FACTORS]
    assert problems(ficha) == []


def factors_docx(paragraphs):
    """A ficha in a Word table whose "Factores de éxito" cell holds ``paragraphs``."""
    document = docx.Document()
    rows = [
        ("Título", ["Oficina móvil en los barrios"]),
        ("Código", ["BP-ANDESCO-SSPD-020-2021"]),
        ("Autor de la buena práctica", ["Empresas Públicas de Armenia ESP (EPA)"]),
        ("Categoría", [COVID]),
        ("Factores de éxito", paragraphs),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for table_row, (label, lines) in zip(table.rows, rows, strict=True):
        table_row.cells[0].text = label
        table_row.cells[1].text = lines[0]
        for line in lines[1:]:
            table_row.cells[1].add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "paragraphs",
    [
        [f"- {sentence}" for sentence in PLAIN_FACTORS],
        [" ".join(f"- {sentence}" for sentence in PLAIN_FACTORS)],
        ["\n".join(f"• {sentence}" for sentence in PLAIN_FACTORS)],  # line breaks (w:br)
        ["Los factores de éxito fueron:", *(f"\uf0b7\t{s}" for s in PLAIN_FACTORS)],
        [" ".join(f"{n}. {s}" for n, s in enumerate(PLAIN_FACTORS, start=1))],
    ],
    ids=["dash-paragraphs", "one-paragraph", "line-breaks", "symbol-bullets", "numbered"],
)
def test_a_plain_list_of_sentences_in_a_word_cell_is_one_factor_per_sentence(paragraphs):
    ficha = parse_ficha("factores.docx", factors_docx(paragraphs))

    assert ficha.success_factors == [(sentence, "") for sentence in PLAIN_FACTORS]
    assert problems(ficha) == []


def test_a_dash_inside_an_item_or_a_word_splits_nothing():
    ficha = parse_ficha(
        "guiones.txt",
        minimal_ficha(
            "Factores de éxito\t- Turnos escalonados - mañana, tarde y noche. - Alianza con "
            "Air-e para el recaudo.",
            "\t- Atención en 2 sedes - 3 días por semana",
            "\t- Convenio con EPM - Empresas Públicas de Medellín: recaudo en sus oficinas.",
        ),
    )

    assert ficha.success_factors == [
        ("Turnos escalonados - mañana, tarde y noche.", ""),
        ("Alianza con Air-e para el recaudo.", ""),
        ("Atención en 2 sedes - 3 días por semana", ""),
        ("Convenio con EPM - Empresas Públicas de Medellín", "recaudo en sus oficinas."),
    ]


def test_a_factor_too_long_for_a_title_is_cut_at_a_word_and_kept_whole_as_description():
    sentence = (
        "Compromiso de la gerencia con el servicio al usuario, que dispuso recursos para "
        "ampliar los canales virtuales, capacitar al personal de atención, acompañar a los "
        "usuarios mayores en el uso de la aplicación, hacer seguimiento semanal a los "
        "indicadores de PQR y comunicar con claridad los cambios en la factura durante toda "
        "la emergencia sanitaria."
    )
    assert len(sentence) > 300

    ficha = parse_ficha("largo.txt", minimal_ficha(f"Factores de éxito\t- {sentence}"))

    [(title, description)] = ficha.success_factors
    assert len(title) <= 300
    assert title.endswith("…")
    assert sentence.startswith(title[:-1]) and sentence[len(title) - 1] == " "  # a whole word
    assert description == sentence
    assert ficha.errors == []
    assert [(p.level, p.field) for p in ficha.problems] == [("warning", "Factores de éxito")]
    assert "su título se acortó y el texto completo quedó como descripción" in str(
        ficha.problems[0]
    )


# 6. Links ------------------------------------------------------------------------------


def test_links_glued_together_become_one_row_each_with_their_kind():
    ficha = parse("enlaces_pegados.txt")

    assert ficha.links == [
        {"url": "https://www.youtube.com/watch?v=aB3dE5fG7hI", "label": "", "kind": "video"},
        {"url": "https://www.acueducto.com.co/wps/portal/EAB2/pagos", "label": "", "kind": "web"},
        {
            "url": "https://www.acueducto.com.co/documentos/informe-pagos-2020.pdf",
            "label": "",
            "kind": "document",
        },
    ]
    assert problems(ficha) == []


def test_links_inside_an_html_list_become_one_row_each_with_their_kind():
    ficha = parse("enlaces_lista_html.txt")

    assert ficha.links == [
        {"url": "https://youtu.be/Q1w2E3r4T5y", "label": "", "kind": "video"},
        {
            "url": "https://drive.google.com/open?id=1AbCdEfGhIjKlMnOpQrStUvWxYz-0123",
            "label": "",
            "kind": "document",
        },
        {"url": "https://www.ebsa.com.co/chat-rural", "label": "", "kind": "web"},
    ]


# 7. Contact ----------------------------------------------------------------------------


def test_contact_line_mixing_name_role_email_and_phone_is_split_and_flagged():
    ficha = parse("contacto_mezclado.txt")

    assert ficha.contact_email == "carlos.mejia@acuacar.com.co"
    assert ficha.contact_phone == "605 693 2000 ext. 1120"
    assert ficha.contact_name == "Carlos Andrés Mejía"
    assert ficha.contact_role == "Coordinador de atención al cliente"
    assert problems(ficha)[0] == (
        "warning",
        5,
        "Contacto",
        "contacto separado automáticamente: nombre «Carlos Andrés Mejía», cargo «Coordinador "
        "de atención al cliente»; revíselo.",
    )


# 8. Figures ----------------------------------------------------------------------------


def test_metric_rows_and_users_reached_in_colombian_number_format():
    ficha = parse("indicadores.txt")

    assert ficha.users_reached == 145061
    assert ficha.metrics == [
        {
            "label": "Usuarios atendidos",
            "channel": "Portal web",
            "baseline": Decimal("56"),
            "value": Decimal("381"),
            "unit": "PQR por mes",
        },
        {
            "label": "Atenciones adicionales",
            "channel": "Portal web",
            "baseline": None,
            "value": Decimal("4193"),
            "unit": "atenciones",
        },
        {
            "label": "Reclamos sobre el total de facturas",
            "channel": "Todos los canales",
            "baseline": Decimal("7.10"),
            "value": Decimal("5.46"),
            "unit": "%",
        },
    ]
    assert problems(ficha) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("145.061", Decimal("145061")),
        ("5,46 %", Decimal("5.46")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("381", Decimal("381")),
        ("0,5", Decimal("0.5")),
    ],
)
def test_parse_number_reads_colombian_format(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1.5", "145.061 usuarios", "cinco", ""])
def test_parse_number_refuses_what_is_not_a_colombian_figure(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_a_metric_row_with_a_bad_figure_is_an_error_on_its_line():
    ficha = parse_ficha(
        "indicador.txt",
        minimal_ficha("Indicador de impacto\tUsuarios atendidos | Portal web | 56 | muchos | PQR"),
    )

    assert ficha.metrics == []
    assert problems(ficha) == [("error", 5, "Indicador de impacto", "«muchos» no es una cifra.")]


# 11. Encodings, line endings and Word documents ----------------------------------------

BASIC = (FICHAS / "basica.txt").read_bytes()


def test_the_basic_ficha_in_plain_lf_text():
    ficha = parse("basica.txt")

    assert ficha.title == "Somos la energía que mueve el desarrollo del Quindío"
    assert ficha.code == "BP-ANDESCO-SSPD-002-2021"
    assert ficha.summary == (
        "La práctica asegura la atención a usuarios durante la emergencia sanitaria mediante "
        "canales virtuales.\n\nSe capacitó al personal para el trabajo en casa."
    )
    assert ficha.success_factors == [
        ("Habilitación trabajo en casa", "teletrabajo para los asesores."),
        ("Habilitación de canales para pago", ""),
    ]
    assert len(ficha.links) == 2
    assert ficha.coverage_note == "12 municipios del departamento del Quindío"
    assert ficha.errors == []


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf" + BASIC,
        BASIC.replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + BASIC.replace(b"\n", b"\r\n"),
    ],
    ids=["utf8-bom", "crlf", "bom-and-crlf"],
)
def test_bom_and_crlf_give_the_same_ficha_as_plain_lf_text(content):
    expected = parse("basica.txt")

    ficha = parse_ficha("basica.txt", content)

    assert values(ficha) == values(expected)
    assert problems(ficha) == problems(expected)


def basic_docx():
    """basica.txt as Word writes it: the ficha is a two-column table."""
    document = docx.Document()
    document.add_paragraph(
        "Este documento proporciona información básica acerca de las buenas prácticas."
    )
    rows = [
        ("Campo", ["Valor"]),
        ("Título", ["Somos la energía que mueve el desarrollo del Quindío"]),
        ("Código", ["BP-ANDESCO-SSPD-002-2021"]),
        ("Autor de la buena practica", ["Empresa de Energía del Quindío SA ESP (EDEQ)"]),
        (
            "Fecha de implementación",
            ["Fecha de inicio: 15 de marzo de 2020 Fecha de finalización: 31 de diciembre de 2020"],
        ),
        ("Categoría", [COVID]),
        (
            "Resumen del proyecto",
            [
                "La práctica asegura la atención a usuarios durante la emergencia sanitaria "
                "mediante canales virtuales.",
                "",
                "Se capacitó al personal para el trabajo en casa.",
            ],
        ),
        (
            "Factores de éxito",
            [
                "Los principales factores de éxito de la iniciativa son: - Habilitación trabajo "
                "en casa: teletrabajo para los asesores. - Habilitación de canales para pago"
            ],
        ),
        ("Cobertura geográfica", ["12 municipios del departamento del Quindío"]),
        (
            "Enlaces",
            [
                "https://www.youtube.com/watch?v=J17XR04OT6Y",
                "https://drive.google.com/open?id=1sTOlypTiJiUPMwKjr1tDEGqiEEkx-mUn",
            ],
        ),
        (
            "Contacto",
            ["Durley Riveros Gestor equipo mercadeo y ofertas durley.riveros@edeq.com.co"],
        ),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for table_row, (label, lines) in zip(table.rows, rows, strict=True):
        table_row.cells[0].text = label
        table_row.cells[1].text = lines[0]
        for line in lines[1:]:
            table_row.cells[1].add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_two_column_table_gives_the_same_ficha_as_plain_text():
    expected = parse("basica.txt")

    ficha = parse_ficha("basica.docx", basic_docx())

    assert values(ficha) == values(expected)
    assert [(p.level, p.field, p.message) for p in ficha.problems] == [
        (p.level, p.field, p.message) for p in expected.problems
    ]
    # In a Word document a problem names the table row (the paragraph before it counts as 1).
    assert {p.line for p in ficha.problems} == {15}


def test_each_word_paragraph_in_a_cell_is_a_paragraph_or_a_list_item():
    document = docx.Document()
    rows = [
        ("Título", ["Lectura de medidores con líderes comunitarios"]),
        ("Código", ["BP-ANDESCO-SSPD-015-2021"]),
        ("Autor de la buena práctica", ["Aguas de Manizales SA ESP"]),
        ("Categoría", [COVID]),
        ("Resumen del proyecto", ["Primer párrafo.", "Segundo párrafo."]),
        ("Factores de éxito", ["Liderazgo comunitario", "Validación con fotografías"]),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for table_row, (label, lines) in zip(table.rows, rows, strict=True):
        table_row.cells[0].text = label
        table_row.cells[1].text = lines[0]
        for line in lines[1:]:
            table_row.cells[1].add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)

    ficha = parse_ficha("parrafos.docx", buffer.getvalue())

    assert ficha.summary == "Primer párrafo.\n\nSegundo párrafo."
    assert ficha.success_factors == [
        ("Liderazgo comunitario", ""),
        ("Validación con fotografías", ""),
    ]


# 12. Bad input -------------------------------------------------------------------------


def test_a_file_without_a_title_row_is_not_a_ficha():
    ficha = parse("no_es_ficha.txt")

    assert problems(ficha) == [
        ("error", 1, "", "no parece una ficha: no se encontró la fila «Título».")
    ]
    assert str(ficha.problems[0]) == (
        "no_es_ficha.txt, línea 1: no parece una ficha: no se encontró la fila «Título»."
    )


def test_missing_code_is_an_error_naming_the_field():
    ficha = parse("sin_codigo.txt")

    assert ficha.code == ""
    # There is no row to point at: the message names the file and the field.
    assert problems(ficha) == [("error", None, "Código", "falta este campo obligatorio.")]
    assert str(ficha.problems[0]) == (
        "sin_codigo.txt, campo «Código»: falta este campo obligatorio."
    )


def test_empty_title_is_an_error_on_the_title_row():
    ficha = parse("sin_titulo.txt")

    assert ficha.title == ""
    assert ficha.code == "BP-ANDESCO-SSPD-026-2021"
    assert problems(ficha) == [("error", 1, "Título", "falta este campo obligatorio.")]


def test_invalid_code_is_an_error_on_the_code_row():
    ficha = parse("codigo_invalido.txt")

    assert ficha.code == ""
    assert problems(ficha) == [
        (
            "error",
            2,
            "Código",
            "«BP-ANDESCO-27-2021» no es un código válido: debe tener la forma "
            "BP-<PROGRAMA>-<ENTIDAD>-NNN-AAAA (por ejemplo BP-ANDESCO-SSPD-002-2021).",
        )
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "sin_titulo.txt",
            "sin_titulo.txt, línea 1, campo «Título»: falta este campo obligatorio.",
        ),
        (
            "codigo_invalido.txt",
            "codigo_invalido.txt, línea 2, campo «Código»: «BP-ANDESCO-27-2021» no es un código "
            "válido: debe tener la forma BP-<PROGRAMA>-<ENTIDAD>-NNN-AAAA (por ejemplo "
            "BP-ANDESCO-SSPD-002-2021).",
        ),
        (
            "fecha_imposible.txt",
            "fecha_imposible.txt, línea 5, campo «Fecha de implementación»: «31 de febrero de "
            "2021» no es una fecha posible.",
        ),
    ],
)
def test_a_problem_reads_as_file_line_and_field(name, message):
    assert [str(p) for p in parse(name).problems] == [message]


def test_lower_case_code_with_spaces_is_normalised():
    ficha = parse_ficha(
        "codigo.txt",
        minimal_ficha().replace(b"BP-ANDESCO-SSPD-014-2021", b"bp-andesco-sspd- 014-2021"),
    )

    assert ficha.code == "BP-ANDESCO-SSPD-014-2021"
    assert problems(ficha) == []


def test_impossible_date_is_an_error_on_the_date_row():
    ficha = parse("fecha_imposible.txt")

    assert ficha.start_date is None
    assert problems(ficha) == [
        (
            "error",
            5,
            "Fecha de implementación",
            "«31 de febrero de 2021» no es una fecha posible.",
        )
    ]


def test_end_before_start_is_an_error_on_the_date_row():
    ficha = parse("fin_antes_de_inicio.txt")

    assert problems(ficha) == [
        (
            "error",
            5,
            "Fecha de implementación",
            "la fecha de finalización (30 de junio de 2021) es anterior a la de inicio "
            "(1 de julio de 2021).",
        )
    ]


def test_non_utf8_bytes_are_an_error_naming_the_line():
    # Saved as Windows-1252: "información" on line 2 is the first byte UTF-8 cannot read.
    content = BASIC.decode("utf-8").encode("cp1252")

    ficha = parse_ficha("latin1.txt", content)

    byte = content.index("ó".encode("cp1252")) + 1
    assert problems(ficha) == [
        ("error", 2, "", f"el archivo no es texto UTF-8 (byte {byte})"),
    ]
    assert ficha.title == ""


def test_an_empty_file_is_not_a_ficha():
    ficha = parse_ficha("vacio.txt", b"")

    assert problems(ficha) == [
        ("error", 1, "", "no parece una ficha: no se encontró la fila «Título».")
    ]


def _corrupt_document_xml(content, corrupt):
    """A copy of a .docx whose word/document.xml went through ``corrupt``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = corrupt(data)
            target.writestr(item, data)
    return buffer.getvalue()


def _flip_compressed_bytes(content):
    """A .docx whose compressed word/document.xml was damaged (a bad download)."""
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    damaged = bytearray(content)
    for index in range(start, start + 20):
        damaged[index] ^= 0xFF
    return bytes(damaged)


@pytest.mark.parametrize(
    "make",
    [
        lambda good: b"",
        lambda good: b"Esto es texto con extension .docx",
        lambda good: good[: len(good) // 2],
        lambda good: _corrupt_document_xml(good, lambda xml: xml[:200]),
        _flip_compressed_bytes,
    ],
    ids=["empty", "plain-text", "truncated", "broken-xml", "damaged-compressed-data"],
)
def test_a_broken_docx_is_an_error_not_an_exception(make):
    ficha = parse_ficha("roto.docx", make(basic_docx()))

    assert len(ficha.problems) == 1
    problem = ficha.problems[0]
    assert (problem.source, problem.level, problem.line, problem.field) == (
        "roto.docx",
        "error",
        None,
        "",
    )
    assert problem.message.startswith("no es un documento Word (.docx) legible: ")
    assert ficha.title == ""
