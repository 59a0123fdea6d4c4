"""The API's language: English when asked (``?lang=en``, or an Accept-Language that
prefers English), Spanish otherwise. Its addresses have no /en/ prefix, so LocaleMiddleware
answers them in Spanish; the records' vocabularies (services, categories, criteria) follow
the language chosen here."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class APILanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        language = _asked(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response


def _asked(request):
    wanted = request.GET.get("lang", "")
    if wanted:
        try:
            return translation.get_supported_language_variant(wanted[:20])
        except LookupError:
            return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=False)
