from django import template

from ..search import highlight as highlight_text

register = template.Library()


@register.filter
def highlight(text, q):
    """The part of ``text`` around the searched words, the words in <mark> (escaped)."""
    return highlight_text(text or "", q, words=35)
