"""Django's confirmations after a save say "El {name} … fue agregado" whatever the noun:
staff read "El buena práctica … fue agregado". Admins of feminine nouns say it right."""

import re

from django.contrib import messages
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EDIT_AGAIN = "You may edit it again below."
# (Django's message, as its parts are written in django/contrib/admin/options.py; ours)
FEMININE = [
    (
        ("The {name} “{obj}” was added successfully.", EDIT_AGAIN),
        _("La {name} «{obj}» fue agregada correctamente. Puede seguir editándola a continuación."),
    ),
    (
        ("The {name} “{obj}” was added successfully. You may add another {name} below.",),
        _("La {name} «{obj}» fue agregada correctamente. Puede agregar otra a continuación."),
    ),
    (
        ("The {name} “{obj}” was added successfully.",),
        _("La {name} «{obj}» fue agregada correctamente."),
    ),
    (
        ("The {name} “{obj}” was changed successfully. You may edit it again below.",),
        _(
            "La {name} «{obj}» fue modificada correctamente. "
            "Puede seguir editándola a continuación."
        ),
    ),
    (
        ("The {name} “{obj}” was changed successfully. You may add another {name} below.",),
        _("La {name} «{obj}» fue modificada correctamente. Puede agregar otra a continuación."),
    ),
    (
        ("The {name} “{obj}” was changed successfully.",),
        _("La {name} «{obj}» fue modificada correctamente."),
    ),
]


def _pattern(parts, name):
    """A regular expression of Django's message as the current language writes it."""
    translated = " ".join(gettext(part) for part in parts)
    pieces = re.split(r"(\{name\}|\{obj\})", translated)
    names = {"{name}": re.escape(str(name)), "{obj}": "(?P<obj>.+)"}
    regex = "".join(names.get(piece) or re.escape(piece) for piece in pieces)
    return re.compile(regex, re.S)


class FeminineMessagesMixin:
    """For a ModelAdmin whose verbose name is feminine ("buena práctica", "categoría")."""

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        name = self.opts.verbose_name
        for parts, ours in FEMININE:
            found = _pattern(parts, name).fullmatch(str(message))
            if found:
                message = format_html(str(ours), name=name, obj=mark_safe(found["obj"]))
                break
        return super().message_user(request, message, level, *args, **kwargs)
