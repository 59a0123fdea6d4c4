"""What a page shows only on paper (see static/css/print.css)."""

from django import template
from django.utils import formats, timezone

from ops.site import site_url

register = template.Library()


@register.inclusion_tag("practices/_print_footer.html", takes_context=True)
def print_footer(context):
    """The foot of the printed sheet: the page's absolute address and the date of
    consultation ("28 de noviembre de 2026"), written on the server, hidden on screen."""
    request = context.get("request")
    return {
        "page_url": site_url() + (request.path if request else ""),
        "consulted_on": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    }
