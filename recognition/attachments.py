"""The safety checks for the evidence a provider attaches to its application.

Staff and the jury open these files on their own computers, so what is accepted is
decided by the file's content, never by its name or by the content type the browser
sent: both are whatever the sender chose to write, and an ``.exe`` renamed ``.pdf`` or an
HTML page named ``.png`` must not reach a reviewer. Only PDF, JPEG and PNG are accepted:
they cover scanned documents and photos, and a viewer opens them without running code.

The upload is read in chunks and checked as it streams into a temporary file, so a file
over the limit, of another type or with JavaScript is refused without reading the rest,
and a refused file never reaches the storage. Only a file that passed everything is saved, through
Django's storage API (a disk today, an S3-compatible bucket tomorrow), under a random
name: the sender's file name is kept apart (``StoredAttachment.original_name``) and never
becomes a path.

What the PDF check is, and what it is not: it looks for the names that start code or
actions (``/JavaScript``, ``/OpenAction``…) in the raw bytes, also when they are written
with ``#xx`` escapes. It does not parse the PDF: a dictionary packed inside a compressed
object stream (PDF 1.5) is not seen, and binary data (a scanned page) that happens to
contain ``/JS`` or ``/AA`` followed by a delimiter is refused although harmless (on
random bytes, about once in 130 MB).
"""

import hashlib
import os
import re
import struct
import tempfile
import zlib
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename
from django.utils.translation import gettext, ngettext

from practices.text import format_number

# The largest file accepted; the setting RECOGNITION_ATTACHMENT_MAX_BYTES overrides it.
MAX_BYTES = 10 * 1024 * 1024
# An image's width * height at most: a small PNG or JPEG can declare a huge canvas that
# takes gigabytes of memory to open (a decompression bomb).
MAX_PIXELS = 40_000_000
# How much of the upload is asked for at a time (Django's own default).
CHUNK_SIZE = 64 * 1024
# Up to this size the temporary copy stays in memory; beyond it, on disk.
SPOOL_BYTES = 256 * 1024
ORIGINAL_NAME_LENGTH = 200
# Readers accept a PDF whose header is within the first 1024 bytes and whose %%EOF is
# within the last 1024 (some producers write a little before or after).
PDF_HEADER_WINDOW = 1024
PDF_EOF_WINDOW = 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The last chunk of every PNG: length 0, "IEND", its CRC. Nothing may follow it, so a
# PNG cannot carry another file (a zip, a page) after its image.
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
# Bit depths allowed for each PNG colour type.
PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
JPEG_SIGNATURE = b"\xff\xd8\xff"
# JPEG's frame headers (SOF0–SOF15 but DHT, JPG and DAC), which carry the image's size.
JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Segments before the image data: real files have a few dozen, never this many.
JPEG_MAX_SEGMENTS = 1000
JPEG_MAX_FILL = 1024

# The PDF names that run JavaScript, act on opening or on an event, start a program, or
# carry another file or Flash/XFA content. "EmbeddedFiles" (the document's list of
# attached files) and "FileAttachment" (an annotation holding a file) are there because
# an attached file's stream need not say /Type /EmbeddedFile.
PDF_ACTIVE_NAMES = frozenset(
    [
        b"JavaScript",
        b"JS",
        b"OpenAction",
        b"AA",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"FileAttachment",
        b"RichMedia",
        b"XFA",
    ]
)


def _pdf_name_pattern(name):
    """A regular expression for ``name`` written in any way a reader accepts: each
    character as itself or as a #xx escape, in either case of hex digit."""
    parts = []
    for byte in name:
        digits = "".join(f"[{d.upper()}{d}]" if d.isalpha() else d for d in f"{byte:02x}")
        parts.append(f"(?:{re.escape(chr(byte))}|#{digits})")
    return "".join(parts).encode()


# A name is "/" and the regular characters that follow: anything but white-space (NUL,
# TAB, LF, FF, CR, space) and the delimiters ( ) < > [ ] { } / % (PDF 32000-1, 7.3.5).
# So an active name is one of ours right after "/" and right before a delimiter: /JSON is
# not /JS. One regular expression keeps the search in C even on a file full of names.
_PDF_DELIMITER = rb"[\x00\t\n\x0c\r ()<>\[\]{}/%]"
_PDF_ACTIVE_NAME = re.compile(
    rb"/(?:"
    + b"|".join(_pdf_name_pattern(name) for name in sorted(PDF_ACTIVE_NAMES))
    + rb")(?="
    + _PDF_DELIMITER
    + rb")"
)
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# How much of a piece is kept for the next one: the longest way to write one of the
# names (every character as #xx) and its "/", so a name cut by the end of a piece, or
# whose delimiter only comes in the next piece, is found whole.
_PDF_OVERLAP = 1 + 3 * max(len(name) for name in PDF_ACTIVE_NAMES)


class AttachmentRejected(Exception):
    """A file that is not accepted. ``message`` is the sentence for the sender (Spanish,
    naming the file); ``code`` says why, for code and logs: "type", "size", "damaged"
    (also an empty file), "active_content" or "pixels"."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class StoredAttachment:
    """What was saved: ``name`` is the storage's name (a random one, in ``folder``)."""

    name: str
    size: int
    sha256: str
    content_type: str
    original_name: str


def max_bytes():
    """The largest file accepted, in bytes (a form may show it before the upload)."""
    return getattr(settings, "RECOGNITION_ATTACHMENT_MAX_BYTES", MAX_BYTES)


def store(uploaded, *, storage=None, folder=""):
    """Check ``uploaded`` (a Django ``UploadedFile``) and save it in ``storage`` (the
    default storage unless given) under ``folder``; raise ``AttachmentRejected`` and save
    nothing when a check fails."""
    storage = storage or default_storage
    raw_name = _base_name(getattr(uploaded, "name", None) or "")
    shown = raw_name[:ORIGINAL_NAME_LENGTH] or gettext("sin nombre")
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as temporary:
        content_type, size, sha256 = _Inspection(shown, temporary).run(uploaded)
        folder = folder.strip("/")
        name = f"{uuid4().hex}{EXTENSIONS[content_type]}"
        if folder:
            name = f"{folder}/{name}"
        temporary.seek(0)
        saved = storage.save(name, File(temporary, name=name))
    return StoredAttachment(
        name=saved,
        size=size,
        sha256=sha256,
        content_type=content_type,
        original_name=_clean_name(raw_name),
    )


class _Inspection:
    """One pass over an upload: copies it into ``temporary``, hashes it, tells its type
    from its first bytes, and refuses as soon as something is wrong."""

    def __init__(self, shown_name, temporary):
        self.shown = shown_name
        self.temporary = temporary
        self.head = b""  # the first bytes, enough to tell the type and read PNG's IHDR
        self.tail = b""  # the last bytes: PDF's %%EOF, PNG's IEND
        self.kind = None  # a content type once known
        self.scanner = PdfActiveContentScanner()

    def run(self, uploaded):
        limit = max_bytes()
        digest = hashlib.sha256()
        size = 0
        for chunk in uploaded.chunks(CHUNK_SIZE):
            if not chunk:
                continue
            size += len(chunk)
            if size > limit:
                raise self.refuse(
                    "size",
                    gettext('El archivo "%(name)s" pesa más de %(limit)s.'),
                    limit=_format_size(limit),
                )
            digest.update(chunk)
            self.temporary.write(chunk)
            self.tail = (self.tail + chunk[-PDF_EOF_WINDOW:])[-PDF_EOF_WINDOW:]
            if len(self.head) < PDF_HEADER_WINDOW:
                self.head += chunk[: PDF_HEADER_WINDOW - len(self.head)]
            if self.kind is None:
                self.kind = self.sniff(complete=False)
            if self.kind in (None, PDF):
                # Until the type is known the bytes are scanned in case it is a PDF.
                self.scanner.feed(chunk)
                if self.kind == PDF and self.scanner.found:
                    raise self.refuse_active()
        if size == 0:
            raise self.refuse_damaged()
        if self.kind is None:
            self.kind = self.sniff(complete=True)
        {PDF: self.check_pdf, JPEG: self.check_jpeg, PNG: self.check_png}[self.kind]()
        return self.kind, size, digest.hexdigest()

    def sniff(self, *, complete):
        """The content type the first bytes announce; None while too few bytes were read
        to say (a PDF's header may come up to 1024 bytes in)."""
        head = self.head
        if head.startswith(PNG_SIGNATURE):
            return PNG
        if head.startswith(JPEG_SIGNATURE):
            return JPEG
        if b"%PDF-" in head:
            return PDF
        if complete or len(head) >= PDF_HEADER_WINDOW:
            raise self.refuse(
                "type", gettext('El archivo "%(name)s" no es un PDF ni una imagen JPEG o PNG.')
            )
        return None

    def check_pdf(self):
        if self.scanner.close():
            raise self.refuse_active()
        if b"%%EOF" not in self.tail:
            raise self.refuse_damaged()

    def check_png(self):
        size = _png_size(self.head)
        if size is None or not self.tail.endswith(PNG_END):
            raise self.refuse_damaged()
        self.check_pixels(*size)

    def check_jpeg(self):
        size = _jpeg_size(self.temporary)
        if size is None:
            raise self.refuse_damaged()
        self.check_pixels(*size)

    def check_pixels(self, width, height):
        if width * height > MAX_PIXELS:
            raise self.refuse(
                "pixels",
                gettext(
                    'El archivo "%(name)s" es una imagen demasiado grande '
                    "(más de %(megapixels)s megapíxeles)."
                ),
                megapixels=format_number(Decimal(MAX_PIXELS) / 1_000_000),
            )

    def refuse_active(self):
        return self.refuse(
            "active_content",
            gettext(
                'El archivo "%(name)s" contiene JavaScript o acciones automáticas: no se acepta.'
            ),
        )

    def refuse_damaged(self):
        return self.refuse("damaged", gettext('El archivo "%(name)s" está vacío o dañado.'))

    def refuse(self, code, message, **values):
        return AttachmentRejected(message % {"name": self.shown, **values}, code)


class PdfActiveContentScanner:
    """Finds the names of ``PDF_ACTIVE_NAMES`` in bytes fed in pieces of any size.

    A name counts with its ``#xx`` escapes decoded (``/J#61vaScript`` is ``/JavaScript``
    to a reader) and only whole (``/JSON`` is not ``/JS``). The end of each piece is kept
    and searched again with the next one, so a name cut in two by a chunk boundary is
    found too."""

    def __init__(self):
        self._overlap = b""
        self.found = None  # the first active name seen, decoded, e.g. b"JavaScript"

    def feed(self, data):
        if not self.found:
            buffer = self._overlap + data
            match = _PDF_ACTIVE_NAME.search(buffer)
            if match:
                name = match.group(0)[1:]
                self.found = _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
            self._overlap = buffer[-_PDF_OVERLAP:]
        return self.found

    def close(self):
        """The end of the data ends a name as a delimiter would."""
        return self.feed(b"\n")


def _png_size(head):
    """(width, height) from the IHDR chunk that must open a PNG, or None when it is not
    a well-formed one (wrong length, bad CRC, impossible values)."""
    if len(head) < 33:
        return None
    length, kind = struct.unpack(">I4s", head[8:16])
    data = head[16:29]
    (crc,) = struct.unpack(">I", head[29:33])
    if length != 13 or kind != b"IHDR" or zlib.crc32(kind + data) != crc:
        return None
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", data
    )
    if not (0 < width < 2**31 and 0 < height < 2**31):
        return None
    if depth not in PNG_DEPTHS.get(colour, ()) or compression or filtering or interlace > 1:
        return None
    return width, height


def _jpeg_size(file):
    """(width, height) from a JPEG's frame header, reading its segments up to the start
    of the image data; None when the segments do not lead there (not a JPEG, or cut)."""
    file.seek(2)
    largest = None
    for _ in range(JPEG_MAX_SEGMENTS):
        if file.read(1) != b"\xff":
            return None
        marker = file.read(1)
        for _ in range(JPEG_MAX_FILL):  # a marker may be preceded by fill bytes (FF)
            if marker != b"\xff":
                break
            marker = file.read(1)
        if not marker or marker in (b"\x00", b"\xd8", b"\xd9", b"\xff"):
            return None  # the file ends, starts again or ends before any image; FF 00 is data
        code = marker[0]
        if code == 0x01 or 0xD0 <= code <= 0xD7:
            continue  # markers without a length
        length_bytes = file.read(2)
        if len(length_bytes) < 2:
            return None
        (length,) = struct.unpack(">H", length_bytes)
        if length < 2:
            return None
        if code == 0xDA:  # start of scan: the image data follows
            return largest
        if code in JPEG_FRAMES:
            frame = file.read(length - 2)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            if not width or not height:
                return None
            if largest is None or width * height > largest[0] * largest[1]:
                largest = (width, height)
        else:
            file.seek(length - 2, os.SEEK_CUR)
    return None


def _base_name(name):
    """The file's name without any folder (some browsers send "C:\\…\\acta.pdf") and
    without control characters, which have no place in a message."""
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(character for character in name if character.isprintable()).strip()


def _clean_name(name):
    """The sender's file name as kept for reviewers: only letters, digits, "-", "_" and
    ".", at most ORIGINAL_NAME_LENGTH characters, keeping the extension."""
    try:
        name = get_valid_filename(name)
    except SuspiciousFileOperation:
        return "anexo"
    if len(name) > ORIGINAL_NAME_LENGTH:
        stem, extension = os.path.splitext(name)
        if 1 < len(extension) <= 10:
            return stem[: ORIGINAL_NAME_LENGTH - len(extension)] + extension
        return name[:ORIGINAL_NAME_LENGTH]
    return name


def _format_size(limit):
    """The limit as people read it, rounded down so the sentence stays true: 10 MB,
    1,5 MB, 500 KB, 100 bytes."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if limit >= factor:
            value = (Decimal(limit) / factor).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
            return f"{format_number(value)} {unit}"
    return ngettext("%(n)s byte", "%(n)s bytes", limit) % {"n": format_number(limit)}
