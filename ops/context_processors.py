from django.conf import settings
from django.urls import translate_url
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
    return {"entity": settings.ENTITY, "site_languages": languages}
