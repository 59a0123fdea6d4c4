"""Printing the ficha: /practicas/<code>/ficha.pdf, the official sheet as a PDF.

The PDF is rendered by WeasyPrint from ``templates/practices/ficha_pdf.html``: the intro
of the official ficha, then its two-column "Campo / Valor" table in the seed's field order,
a QR code back to the page (segno, inline, no network) and, at the foot of every page, the
page's address, the date of consultation and the page number. (The ficha page itself
prints through ``static/css/print.css``; see ``practices.templatetags.print_tags``.)

WeasyPrint fetches nothing over the network: ``StaticFilesFetcher`` serves ``data:`` URIs
and this site's own static files, and refuses every other address.
"""

import datetime
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ops.site import site_url
from practices.fichas.writer import sentence_of
from practices.listing import cache_key
from practices.models import Criterion, Practice

# A key names one day's PDF of one version of a practice: after a day it is of no use.
PDF_CACHE_SECONDS = 60 * 60 * 24


def pdf_cache_key(practice, today=None):
    """The cache key of a practice's PDF, in the catalogue's one shape
    (``listing.cache_key``): ``practices:ficha_pdf:<updated_at>:<digest>``.

    - ``updated_at`` (to the microsecond, in UTC) is the version: it changes with every
      save of the practice (``Practice.save()`` stamps it; the admin saves the practice
      when only its factors, metrics or links change, and so do the workflow and the
      import), so an edit gives a new key: the next request renders a new PDF, and nothing
      ever deletes the old entry, which simply expires (``PDF_CACHE_SECONDS``);
    - the digest covers the code (which practice), the language (the labels are
      translated), the site's address (its footer and QR code link there) and today's
      date, because the sheet prints the date of consultation. The
      date also bounds to one day what ``updated_at`` does not see: a provider or a
      category renamed, a row changed by ``update()``.
    """
    stamp = practice.updated_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%f")
    today = today or timezone.localdate()
    return cache_key(
        "ficha_pdf", stamp, practice.code, get_language(), today.isoformat(), site_url()
    )


def ficha_pdf(request, code):
    """The published ficha as a PDF, shown in the browser (``inline``), cached."""
    # One small query decides 404 or not, and finds the key; the ficha is read on a miss.
    practice = get_object_or_404(
        Practice.objects.published().with_code(code).only("pk", "code", "updated_at")
    )
    content = cache.get(pdf_cache_key(practice))
    if content is None:
        practice = get_object_or_404(Practice.objects.published().with_ficha(), pk=practice.pk)
        content = render_ficha_pdf(practice)
        cache.set(pdf_cache_key(practice), content, PDF_CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{practice.code}.pdf"'
    return response


def render_ficha_pdf(practice):
    """The PDF bytes of a practice read with ``Practice.objects.with_ficha()``."""
    html = render_to_string("practices/ficha_pdf.html", ficha_pdf_context(practice))
    document = HTML(string=html, base_url=site_url() + "/", url_fetcher=StaticFilesFetcher())
    return document.write_pdf(pdf_tags=True)


def ficha_pdf_context(practice):
    url = practice.public_url
    qr = segno.make_qr(url, error="m")
    edition = practice.edition
    return {
        "practice": practice,
        "page_url": url,
        "consulted_on": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        "qr_code": qr.svg_data_uri(scale=4, border=2, xmldecl=False),
        "criteria": Criterion.objects.all(),
        "context_sentence": context_sentence(practice),
        "evaluation_criteria": edition.evaluation_criteria.all() if edition else [],
    }


def context_sentence(practice):
    """The official ficha's sentence that places the practice (fichas.writer), with the
    category in italics as in the official ficha; every piece is escaped."""
    return mark_safe(
        sentence_of(
            practice,
            escape=conditional_escape,
            category=lambda name: format_html("<em>{}</em>", name),
        )
    )


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint's fetcher for the PDF: ``data:`` URIs and this site's static files only.

    A static URL (``/static/…`` under ``SITE_URL``, as ``{% static %}`` writes it, hashed
    names included) is read from disk: first through the finders (the checkout's
    ``static/``), then from the collected files (``STATIC_ROOT``). Any other address
    (http, https, file, ftp…) is refused without a connection being opened: WeasyPrint
    logs a warning and leaves the resource out.
    """

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        path = static_file_path(url)
        if path is None:
            raise ValueError(f"Only this site's static files are fetched, not {url!r}.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def static_file_path(url):
    """The file on disk behind a static URL of this site, or None."""
    # STATIC_URL is "/static/" here; an absolute one (a CDN) works the same way.
    static_root = urlsplit(urljoin(site_url() + "/", settings.STATIC_URL))
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (static_root.scheme, static_root.netloc):
        return None
    if not parts.path.startswith(static_root.path):
        return None
    name = unquote(parts.path.removeprefix(static_root.path))
    try:
        found = finders.find(name)
        if not found and staticfiles_storage.exists(name):
            found = staticfiles_storage.path(name)  # a hashed name of the collected files
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        return None
    return Path(found) if found and Path(found).is_file() else None
