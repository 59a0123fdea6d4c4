"""/practicas/exportar.csv and .json: exactly what the list shows, every page, as open data."""

import csv
import io
import json
import re

import pytest

from practices.models import Practice, Service

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def parse_csv(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_of_the_reference_practice_parses_back_to_its_values(client, reference_practice):
    response, content = download(client, "/practicas/exportar.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    (row,) = parse_csv(content)
    assert row["codigo"] == "BP-ANDESCO-SSPD-002-2021"
    assert row["titulo"] == "Somos la energía que mueve el desarrollo del Quindío"
    assert row["prestador_sigla"] == "EDEQ"
    assert row["fecha_inicio"] == "2020-03-15"
    assert row["en_curso"] == "false"
    assert row["usuarios_impactados"] == "145061"
    assert row["municipios"].split(" | ")[:3] == ["Armenia", "Buenavista", "Calarcá"]
    assert len(row["codigos_municipios"].split(" | ")) == 12
    assert row["factores_exito"].split(" | ")[0].startswith("Habilitación trabajo en casa: ")
    assert "PQR atendidas por mes (Portal web): 56 → 381 PQR por mes" in row["indicadores"]
    assert len(row["enlaces"].split(" | ")) == 4
    assert row["contacto_cargo"] == "Gestor equipo mercadeo y ofertas"
    assert "durley" not in ",".join(row.values()).lower()  # no personal data in bulk
    assert row["limitaciones"].endswith("de forma que tuvieron respuesta en nuevos canales.")


def test_every_matching_practice_not_just_one_page(client):
    PracticeFactory.create_batch(45, services=[Service.objects.get(slug="aseo")])
    PracticeFactory.create_batch(3, services=[Service.objects.get(slug="glp")])

    _, content = download(client, "/practicas/exportar.csv?servicio=aseo")

    assert len(parse_csv(content)) == 45


def test_csv_json_and_list_agree_on_the_same_filtered_set(client, reference_practice):
    PracticeFactory.create_batch(5, summary="Recaudo en tiendas de barrio")
    PracticeFactory.create_batch(4)
    query = "q=recaudo&tamano=mediano"

    listed = client.get(f"/practicas/?{query}").context["paginator"].count
    _, csv_content = download(client, f"/practicas/exportar.csv?{query}")
    _, json_content = download(client, f"/practicas/exportar.json?{query}")

    csv_codes = {row["codigo"] for row in parse_csv(csv_content)}
    data = json.loads(json_content)
    json_codes = {p["codigo"] for p in data["practicas"]}
    assert csv_codes == json_codes
    assert len(csv_codes) == listed == 6  # five demo-like ones plus the reference (pagos)
    assert data["meta"]["consulta"] == {"q": ["recaudo"], "tamano": ["mediano"]}


def test_formula_injection_is_neutralised(client):
    PracticeFactory(
        title='=HYPERLINK("http://malo.example","clic")',
        summary="+57 300 000 0000",
        impact="-1 usuarios",
        limitations="@SUM(A1:A9)",
        validation="\tcon tabulador",
    )

    _, content = download(client, "/practicas/exportar.csv")

    (row,) = parse_csv(content)
    assert row["titulo"] == '\'=HYPERLINK("http://malo.example","clic")'
    assert row["resumen"] == "'+57 300 000 0000"
    assert row["impacto"] == "'-1 usuarios"
    assert row["limitaciones"] == "'@SUM(A1:A9)"
    assert row["validacion"] == "'\tcon tabulador"


def test_quotes_commas_and_line_breaks_follow_rfc_4180(client):
    PracticeFactory(title='Pagos "en línea", sin filas', summary="Primer párrafo.\n\nSegundo.")

    _, content = download(client, "/practicas/exportar.csv")

    assert b'"Pagos ""en l\xc3\xadnea"", sin filas"' in content
    (row,) = parse_csv(content)
    assert row["resumen"] == "Primer párrafo.\n\nSegundo."


def test_contact_only_with_consent(client, reference_practice):
    Practice.objects.filter(pk=reference_practice.pk).update(contact_publish_allowed=False)

    _, csv_content = download(client, "/practicas/exportar.csv")
    _, json_content = download(client, "/practicas/exportar.json")

    assert b"durley" not in csv_content.lower()
    assert b"durley" not in json_content.lower()


def test_json_export_describes_itself(client, reference_practice):
    response, content = download(client, "/practicas/exportar.json")

    data = json.loads(content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert data["meta"]["licencia"].startswith("Creative Commons")
    (practice,) = data["practicas"]
    assert practice["factores_exito"][1] == {
        "titulo": "Gestión social en sedes en reapertura",
        "descripcion": practice["factores_exito"][1]["descripcion"],
    }
    assert practice["indicadores"][1]["linea_base"] == 56


def test_bad_filters_export_everything_rather_than_fail(client, reference_practice):
    for query in ["desde=abc", "categoria=nope", "page=-4", "q=" + "x" * 5000]:
        response = client.get(f"/practicas/exportar.csv?{query}")
        assert response.status_code == 200, query


def test_the_list_links_to_both_exports_with_its_query(client, reference_practice):
    body = client.get("/practicas/?servicio=energia-electrica&q=quindio").text

    assert 'href="/practicas/exportar.csv?servicio=energia-electrica&amp;q=quindio"' in body
    assert 'href="/practicas/exportar.json?servicio=energia-electrica&amp;q=quindio"' in body


def test_the_data_page_documents_every_exported_field(client, reference_practice):
    from practices.opendata.exports import FIELD_NAMES

    body = client.get("/datos/").text
    _, content = download(client, "/practicas/exportar.csv")

    header = content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == FIELD_NAMES
    for name in FIELD_NAMES:
        assert f"<code>{name}</code>" in body
    assert 'rel="license"' in body
    assert '"@type": "dcat:Catalog"' in body


def test_the_colombian_csv_splits_at_semicolons_with_decimal_commas(client, reference_practice):
    response = client.get("/practicas/exportar.csv?formato=excel-co")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))

    assert rows[0][:2] == ["codigo", "titulo"]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["codigo"] == "BP-ANDESCO-SSPD-002-2021"
    assert "145.061" in record["indicadores"]  # as Colombians write it
    plain = b"".join(client.get("/practicas/exportar.csv").streaming_content).decode("utf-8-sig")
    assert "145061" in plain and plain.splitlines()[0].startswith("codigo,")


def test_the_open_data_speaks_the_dictionarys_language(client, reference_practice):
    data = json.loads(b"".join(client.get("/practicas/exportar.json").streaming_content))[
        "practicas"
    ][0]
    page = client.get("/datos/").text

    assert data["precision_fecha_inicio"] == "día"
    assert {link["tipo"] for link in data["enlaces"]} <= {"video", "documento", "página web"}
    # (The English names of the fields have a column of their own: "setup_months".)
    descriptions = re.sub(r'<code lang="en">[^<]*</code>', "", page)
    for english in ("day (", "month", "year)", "document (", "web)"):
        assert english not in descriptions
    assert "formato=excel-co" in page
