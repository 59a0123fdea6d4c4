"""/politica-de-tratamiento-de-datos/: the entity's data-treatment policy (Ley 1581 de 2012).

The page shows the version in force (``PrivacyNotice.current()``) as the entity wrote it in
the admin; when there is none it says so and invents nothing.
"""

from django.views.generic import TemplateView

from practices.models import PrivacyNotice


class PrivacyPolicyView(TemplateView):
    template_name = "privacy_policy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(notice=PrivacyNotice.current(), **kwargs)
