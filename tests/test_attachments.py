"""The checks on the evidence attached to an application (recognition.attachments).

Every test file is built here, in code: a minimal PDF with a correct xref, JPEG and PNG
headers crafted with struct (CRCs with zlib.crc32), zips made with zipfile. Refused files
must leave the storage empty; accepted ones are stored under a random name.
"""

import hashlib
import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from recognition import attachments
from recognition.attachments import (
    AttachmentRejected,
    PdfActiveContentScanner,
    StoredAttachment,
    store,
)

FOLDER = "postulaciones/7"


# --- Building files -----------------------------------------------------------------------


def make_pdf(catalog_extra=b"", *, padding=b"", before_header=b"", eof=True):
    """A one-page PDF that readers open (its xref offsets are right). ``catalog_extra``
    goes into the catalogue dictionary; ``padding`` (a comment) before the objects."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    out = bytearray(before_header + b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + padding)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out) - len(before_header))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out) - len(before_header)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n" % (len(objects) + 1, xref)
    if eof:
        out += b"%%EOF\n"
    return bytes(out)


def comment(length):
    """A PDF comment line of exactly ``length`` bytes."""
    return b"%" + b"x" * (length - 2) + b"\n"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png(width=2, height=2, *, crc=None, trailer=b""):
    """An RGB PNG whose IHDR declares ``width`` by ``height``; its image data holds at most
    four rows (the checks read the header, never the pixels)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    header = png_chunk(b"IHDR", ihdr)
    if crc is not None:
        header = header[:-4] + struct.pack(">I", crc)
    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(min(height, 4)))
    return (
        attachments.PNG_SIGNATURE
        + header
        + png_chunk(b"IDAT", zlib.compress(rows))
        + png_chunk(b"IEND", b"")
        + trailer
    )


def jpeg_segment(marker, data):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data


def make_jpeg(width=16, height=8, *, frame=True, scan=True):
    """A baseline JPEG's structure: SOI, JFIF APP0, a frame header (SOF0) with the size,
    the start of the scan, some data and EOI."""
    out = b"\xff\xd8"
    out += jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    if frame:
        components = b"\x01\x11\x00\x02\x11\x01\x03\x11\x01"
        out += jpeg_segment(
            0xC0, b"\x08" + struct.pack(">HH", height, width) + b"\x03" + components
        )
    if scan:
        out += jpeg_segment(0xDA, b"\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00")
        out += b"\x12\x34\xff\x00\x56" * 4 + b"\xff\xd9"
    return out


def make_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_docx():
    return make_zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b"<w:document><w:body><w:p>Acta</w:p></w:body></w:document>",
        }
    )


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path / "media")


@pytest.fixture
def temporary_upload():
    """An upload as Django makes it for large files: in a temporary file, read in chunks
    of the size asked (a SimpleUploadedFile gives all its bytes in one chunk)."""
    made = []

    def make(name, data):
        uploaded = TemporaryUploadedFile(name, "application/octet-stream", len(data), None)
        uploaded.write(data)
        uploaded.seek(0)
        made.append(uploaded)
        return uploaded

    yield make
    for uploaded in made:
        uploaded.close()


def stored_files(storage):
    root = storage.base_location
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def refused(storage, uploaded, code):
    """The refusal of ``uploaded``, after checking its code and that nothing was saved."""
    before = stored_files(storage)
    with pytest.raises(AttachmentRejected) as caught:
        store(uploaded, storage=storage, folder=FOLDER)
    assert stored_files(storage) == before
    assert caught.value.code == code, caught.value.message
    assert caught.value.message == str(caught.value)
    return caught.value.message


# --- Accepted files ----------------------------------------------------------------------


def test_the_minimal_pdf_is_one_a_reader_opens():
    pypdf = pytest.importorskip("pypdf")
    assert len(pypdf.PdfReader(io.BytesIO(make_pdf())).pages) == 1


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (make_pdf(), "application/pdf", ".pdf"),
        (make_jpeg(), "image/jpeg", ".jpg"),
        (make_png(), "image/png", ".png"),
    ],
    ids=["pdf", "jpeg", "png"],
)
def test_an_accepted_file_is_stored_under_a_random_name(storage, data, content_type, extension):
    result = store(
        upload("Informe anual (2024) – Acueducto.bin", data), storage=storage, folder=FOLDER
    )

    assert isinstance(result, StoredAttachment)
    assert re.fullmatch(rf"postulaciones/7/[0-9a-f]{{32}}{re.escape(extension)}", result.name)
    assert "Informe" not in result.name
    assert result.content_type == content_type
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.original_name == "Informe_anual_2024__Acueducto.bin"
    assert stored_files(storage) == [result.name]
    with storage.open(result.name) as saved:
        assert saved.read() == data


def test_the_type_comes_from_the_content_not_the_name_or_the_browser(storage):
    result = store(upload("foto.png", make_pdf(), "image/png"), storage=storage)

    assert result.content_type == "application/pdf"
    assert result.name.endswith(".pdf")
    assert result.original_name == "foto.png"


def test_without_a_folder_the_name_is_at_the_storage_root(storage):
    result = store(upload("acta.pdf", make_pdf()), storage=storage)

    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", result.name)
    assert stored_files(storage) == [result.name]


def test_two_uploads_of_one_file_get_two_names(storage):
    first = store(upload("acta.pdf", make_pdf()), storage=storage, folder=FOLDER)
    second = store(upload("acta.pdf", make_pdf()), storage=storage, folder=FOLDER)

    assert first.name != second.name
    assert first.sha256 == second.sha256
    assert len(stored_files(storage)) == 2


def test_the_default_storage_is_used_when_none_is_given(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "default")},
        },
    }

    result = store(upload("acta.pdf", make_pdf()), folder=FOLDER)

    assert (tmp_path / "default" / result.name).read_bytes() == make_pdf()


def test_the_original_name_is_cleaned_and_kept_to_200_characters(storage):
    long_name = store(upload("á" * 300 + ".pdf", make_pdf()), storage=storage)
    with_folders = store(upload("C:\\Users\\ana\\acta final.pdf", make_pdf()), storage=storage)
    unusable = store(upload("...", make_pdf()), storage=storage)

    assert len(long_name.original_name) == 200
    assert long_name.original_name.endswith("á.pdf")
    assert with_folders.original_name == "acta_final.pdf"
    assert unusable.original_name == "..."
    assert all("acta" not in name for name in stored_files(storage))


def test_files_made_by_real_programs_are_accepted(storage):
    pypdf = pytest.importorskip("pypdf")
    image = pytest.importorskip("PIL.Image")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    pdf = io.BytesIO()
    writer.write(pdf)
    jpeg, png = io.BytesIO(), io.BytesIO()
    picture = image.new("RGB", (64, 48), (200, 120, 40))
    picture.save(jpeg, "JPEG", quality=80)
    picture.save(png, "PNG")

    results = [
        store(upload(name, data.getvalue()), storage=storage)
        for name, data in [("a.pdf", pdf), ("b.jpg", jpeg), ("c.png", png)]
    ]

    assert [r.content_type for r in results] == ["application/pdf", "image/jpeg", "image/png"]


def test_the_pdf_header_may_come_up_to_1024_bytes_in(storage):
    junk = b"x" * (1024 - len(b"%PDF-"))
    assert store(upload("a.pdf", make_pdf(before_header=junk)), storage=storage)

    message = refused(storage, upload("b.pdf", make_pdf(before_header=junk + b"x")), "type")
    assert message == 'El archivo "b.pdf" no es un PDF ni una imagen JPEG o PNG.'


# --- Files of another type ---------------------------------------------------------------


def test_a_word_document_is_refused(storage):
    message = refused(storage, upload("informe.docx", make_docx()), "type")

    assert message == 'El archivo "informe.docx" no es un PDF ni una imagen JPEG o PNG.'


def zip_bomb():
    # 50 MB of zeros in about 50 KB: refused from its first bytes, never opened.
    return make_zip({"word/document.xml": bytes(50 * 1024 * 1024)})


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("acta.docx", zip_bomb),
        ("acta.pdf", make_docx),
        ("acta.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(300) + b"PE\x00\x00" * 50),
        ("foto.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("foto.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("foto.jpg", b"\xff\xd8"),  # the JPEG signature is three bytes
        ("foto.png", attachments.PNG_SIGNATURE[:7]),
        ("notas.txt", "Acta de la reunión".encode()),
    ],
    ids=[
        "zip-bomb",
        "docx-as-pdf",
        "exe-as-pdf",
        "html-as-png",
        "svg",
        "two-bytes",
        "png-cut",
        "text",
    ],
)
def test_files_of_other_types_are_refused(storage, name, data):
    data = data() if callable(data) else data
    message = refused(storage, upload(name, data, "application/pdf"), "type")

    assert message == f'El archivo "{name}" no es un PDF ni una imagen JPEG o PNG.'


# --- PDFs with code or actions -----------------------------------------------------------


@pytest.mark.parametrize(
    "catalog_extra",
    [
        b" /Names << /JavaScript << /Names [(a) 4 0 R] >> >>",
        b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/OpenAction[3 0 R /Fit]",
        b" /AA << /WC 5 0 R >>",
        b" /OpenAction << /S /Launch /F (calc.exe) >>",
        b" /Names << /EmbeddedFiles 6 0 R >>",
        b" /X << /Type /EmbeddedFile >>",
        b" /X << /Subtype /FileAttachment /FS 6 0 R >>",
        b" /X << /Subtype /RichMedia >>",
        b" /AcroForm << /XFA 7 0 R >>",
        b" /OpenAction << /S /J#61vaScript /J#53 (x) >>",
        b" /Names << /#4A#61#76#61#53#63#72#69#70#74 8 0 R >>",
        b" /#4a#53 (x)",
        b" /#41A<<>>",
    ],
)
def test_a_pdf_with_javascript_or_actions_is_refused(storage, catalog_extra):
    message = refused(storage, upload("acta.pdf", make_pdf(catalog_extra)), "active_content")

    assert message == (
        'El archivo "acta.pdf" contiene JavaScript o acciones automáticas: no se acepta.'
    )


def test_a_pdf_with_javascript_made_by_pypdf_is_refused(storage):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_open_action(pypdf.actions.JavaScript("app.alert('hola');"))
    pdf = io.BytesIO()
    writer.write(pdf)

    refused(storage, upload("acta.pdf", pdf.getvalue()), "active_content")


def test_names_that_only_look_alike_are_not_active(storage):
    lookalikes = (
        b" /JSON 1 /AAA 2 /Javascript 3 /OpenActions 4 /XFAForm 5 /J#61 6 /JS#20 7"
        b" /Title (JavaScript, JS and OpenAction are words here)"
    )

    result = store(upload("acta.pdf", make_pdf(lookalikes)), storage=storage)

    assert result.content_type == "application/pdf"


def test_a_token_cut_by_a_chunk_boundary_is_found(storage, temporary_upload):
    token = b"/J#61vaScript"
    catalog_extra = b" /Names << " + token + b" 4 0 R >>"
    start = attachments.CHUNK_SIZE - 5
    padding = comment(start - make_pdf(catalog_extra).index(token))
    data = make_pdf(catalog_extra, padding=padding)
    assert data.index(token) == start  # cut as "/J#61" | "vaScript"
    for part in (data[: attachments.CHUNK_SIZE], data[attachments.CHUNK_SIZE :]):
        alone = PdfActiveContentScanner()
        alone.feed(part)
        assert alone.close() is None  # only the two halves together are /JavaScript

    refused(storage, temporary_upload("acta.pdf", data), "active_content")


def test_a_big_pdf_read_in_many_chunks_is_accepted(storage, temporary_upload):
    data = make_pdf(padding=comment(3 * attachments.CHUNK_SIZE + 17))

    result = store(temporary_upload("acta.pdf", data), storage=storage)

    assert result.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        (b"<< /S /J#61vaScript >>", b"JavaScript"),
        (b"<</OpenAction[3 0 R]>>", b"OpenAction"),
        (b"/Type/Annot/AA<<>>", b"AA"),
        (b"/Kids [1 0 R] /#4A#53", b"JS"),  # the name ends with the data
        # The longest spelling of an active name: each of its 13 letters escaped.
        (b"<< /#45#6D#62#65#64#64#65#64#46#69#6c#65#73 1 0 R >>", b"EmbeddedFiles"),
        (b"/JSON /AAB /#4A#53#53 /J#61va /Launcher", None),
        (b"/" + b"A" * 60 + b"JS /x", None),  # a long name does not end in "JS" for us
    ],
)
def test_the_scanner_finds_a_name_wherever_the_data_is_cut(snippet, found):
    for cut in range(len(snippet) + 1):
        scanner = PdfActiveContentScanner()
        scanner.feed(snippet[:cut])
        scanner.feed(snippet[cut:])
        assert scanner.close() == found, cut
    one_by_one = PdfActiveContentScanner()
    for byte in snippet:
        one_by_one.feed(bytes([byte]))
    assert one_by_one.close() == found


# --- Broken files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("vacio.pdf", b""),
        ("acta.pdf", make_pdf(eof=False)),
        ("acta.pdf", b"%PDF-1.7\n"),
        ("foto.png", make_png(crc=0)),
        ("foto.png", make_png()[:-12]),  # without IEND
        ("foto.png", make_png(trailer=b"PK\x03\x04")),  # another file after IEND
        (
            "foto.png",
            attachments.PNG_SIGNATURE + png_chunk(b"tEXt", b"a\x00b") + png_chunk(b"IEND", b""),
        ),
        ("foto.png", make_png(width=0)),
        ("foto.jpg", make_jpeg(frame=False)),
        ("foto.jpg", make_jpeg(scan=False)),
        ("foto.jpg", make_jpeg(width=0)),
        ("foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
    ],
    ids=[
        "empty",
        "pdf-without-eof",
        "pdf-header-only",
        "png-bad-crc",
        "png-without-iend",
        "png-with-trailer",
        "png-without-ihdr",
        "png-zero-width",
        "jpeg-without-frame",
        "jpeg-cut",
        "jpeg-zero-width",
        "jpeg-header-only",
    ],
)
def test_an_empty_or_damaged_file_is_refused(storage, name, data):
    message = refused(storage, upload(name, data), "damaged")

    assert message == f'El archivo "{name}" está vacío o dañado.'


# --- Sizes -------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused(settings, storage):
    data = make_pdf()
    settings.RECOGNITION_ATTACHMENT_MAX_BYTES = len(data)
    assert store(upload("justo.pdf", data), storage=storage).size == len(data)

    settings.RECOGNITION_ATTACHMENT_MAX_BYTES = len(data) - 1
    message = refused(storage, upload("acta.pdf", data), "size")

    assert message == f'El archivo "acta.pdf" pesa más de {len(data) - 1} bytes.'


def test_the_default_limit_is_10_mb(settings, storage):
    if hasattr(settings, "RECOGNITION_ATTACHMENT_MAX_BYTES"):
        del settings.RECOGNITION_ATTACHMENT_MAX_BYTES
    assert attachments.MAX_BYTES == 10 * 1024 * 1024
    data = make_pdf(padding=comment(attachments.MAX_BYTES + 1 - len(make_pdf())))
    assert attachments.MAX_BYTES < len(data) < attachments.MAX_BYTES + 10

    message = refused(storage, upload("grande.pdf", data), "size")

    assert message == 'El archivo "grande.pdf" pesa más de 10 MB.'


@pytest.mark.parametrize(
    ("limit", "shown"),
    [
        (10 * 1024 * 1024, "10 MB"),
        (3 * 1024 * 1024 // 2, "1,5 MB"),
        (5_000_000, "4,7 MB"),  # 4,77: rounded down, so "more than" stays true
        (500 * 1024, "500 KB"),
        (1000, "1.000 bytes"),
        (1, "1 byte"),
    ],
)
def test_the_limit_is_written_in_spanish(limit, shown):
    assert attachments._format_size(limit) == shown


class CountingUpload(SimpleUploadedFile):
    """An upload given in chunks of the size asked, counting the bytes read."""

    read_bytes = 0

    def chunks(self, chunk_size=None):
        data = self.file.getvalue()
        for start in range(0, len(data), chunk_size):
            self.read_bytes += len(data[start : start + chunk_size])
            yield data[start : start + chunk_size]


@pytest.mark.parametrize(
    ("data", "limit", "code", "most_read"),
    [
        (make_pdf(padding=comment(100_000)), 2_000, "size", 2_000 + 100),
        (make_zip({"a.xml": bytes(100_000)}) + bytes(100_000), 10**6, "type", 1024 + 100),
        (make_pdf(b" /OpenAction 3 0 R") + comment(100_000), 10**6, "active_content", 1_000),
    ],
    ids=["over-the-limit", "not-a-pdf", "javascript"],
)
def test_reading_stops_at_the_first_refusal(
    settings, storage, monkeypatch, data, limit, code, most_read
):
    monkeypatch.setattr(attachments, "CHUNK_SIZE", 100)
    settings.RECOGNITION_ATTACHMENT_MAX_BYTES = limit
    uploaded = CountingUpload("acta.pdf", data)

    refused(storage, uploaded, code)

    assert 0 < uploaded.read_bytes <= most_read


# --- Images too large to open ------------------------------------------------------------


def test_a_png_of_more_than_40_megapixels_is_refused(storage):
    assert store(upload("justo.png", make_png(8000, 5000)), storage=storage)

    message = refused(storage, upload("plano.png", make_png(8000, 5001)), "pixels")

    assert message == (
        'El archivo "plano.png" es una imagen demasiado grande (más de 40 megapíxeles).'
    )


def test_a_jpeg_of_more_than_40_megapixels_is_refused(storage):
    assert store(upload("justo.jpg", make_jpeg(5000, 8000)), storage=storage)

    refused(storage, upload("foto.jpg", make_jpeg(65535, 65535)), "pixels")


def test_a_png_bomb_is_refused_without_decoding_it(storage):
    # 60 000 by 60 000 pixels declared, a few bytes of image: refused from the header.
    refused(storage, upload("bomba.png", make_png(60_000, 60_000)), "pixels")
