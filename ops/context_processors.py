from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info


def site(request):
    """The entity's data (footer, header) and the page in the other languages."""
    current = get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": capfirst(info["name_local"]),  # "Español de Colombia"
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    # The catalogue's content (titles, summaries, fichas) is written in Spanish: on the
    # pages of another language it is marked so, for screen readers (WCAG 3.1.2).
    content_lang = "" if current.startswith("es") else mark_safe(' lang="es"')
    return {"entity": settings.ENTITY, "site_languages": languages, "content_lang": content_lang}
