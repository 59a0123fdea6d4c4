"""The admin site (``admin.site``): Django's, with an optional second factor for staff.

With ``settings.ADMIN_2FA`` off (the default) it behaves exactly as the stock
``AdminSite``. With it on it is django-otp's ``OTPAdminSite``: a staff member who signed
in with their password but has not yet entered a code of one of their TOTP devices
(an authenticator app) counts as not staff, so every admin page sends them to the login
page, which asks for that code (``otp_step``) instead of the password again. A correct
code marks the session as verified until it ends; wrong codes are throttled by
django-otp (each failure doubles the wait).

Enrolment: a superuser adds a "TOTP device" for the user in the admin (Django OTP >
TOTP devices; its "qrcode" link shows the code to scan), or runs
``manage.py totp_device USERNAME``, which prints the provisioning URI and the QR code.

The setting is read on every request, so tests switch it with the ``settings`` fixture.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.admin import OTPAdminSite
from django_otp.forms import OTPTokenForm


def second_factor_done(user):
    """Whether ``user`` has passed the second factor, or it is not asked for."""
    if not settings.ADMIN_2FA:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


class OTPStepForm(OTPTokenForm):
    """The code of one of the user's devices (chosen for them when they have one)."""

    otp_error_messages = {
        **OTPTokenForm.otp_error_messages,
        "token_required": _("Escriba el código de verificación."),
        "invalid_token": _(
            "El código no es válido. Escriba el que muestra ahora su aplicación de autenticación."
        ),
        "n_failed_attempts": ngettext_lazy(
            "Verificación suspendida unos segundos tras %(failure_count)d intento "
            "fallido; inténtelo de nuevo en un momento.",
            "Verificación suspendida unos segundos tras %(failure_count)d intentos "
            "fallidos; inténtelo de nuevo en un momento.",
            "failure_count",
        ),
        "verification_not_allowed": _("La verificación no está disponible en este momento."),
        "device_required": _("Elija un dispositivo."),
    }

    def __init__(self, user, request=None, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        device = self.fields["otp_device"]
        device.label = _("Dispositivo")
        token = self.fields["otp_token"]
        token.label = _("Código de verificación")
        token.widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        )
        devices = [choice for choice in device.choices if choice[0]]
        if len(devices) == 1:
            device.initial = devices[0][0]
            device.widget = forms.HiddenInput()


@never_cache
def otp_step(request, site):
    """The second step of the login: a signed-in staff member enters a TOTP code."""
    user = request.user
    next_url = request.POST.get("next", request.GET.get("next", ""))
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index", current_app=site.name)
    enrolled = user_has_device(user)
    form = OTPStepForm(user, request, data=request.POST if request.method == "POST" else None)
    if enrolled and request.method == "POST" and form.is_valid():
        request.session.cycle_key()
        otp_login(request, form.get_user().otp_device)
        return HttpResponseRedirect(next_url)
    context = {
        **site.each_context(request),
        "title": _("Verificación en dos pasos"),
        "form": form,
        "enrolled": enrolled,
        "next": next_url,
    }
    return TemplateResponse(
        request, "admin/otp_step.html", context, status=200 if enrolled else 403
    )


class StaffAdminSite(OTPAdminSite):
    """``admin.site`` (ops.apps.StaffAdminConfig); see the module."""

    # The password step is the stock login page; the code is asked on a page of its own.
    login_form = None
    login_template = None

    # The lists need the width: the models are one click away on the home page.
    enable_nav_sidebar = False

    # Model names their apps do not let translate.
    model_names = {"TOTPDevice": _("Dispositivos de segundo factor (TOTP)")}

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            for model in app["models"]:
                model["name"] = self.model_names.get(model["object_name"], model["name"])
        return apps

    def has_permission(self, request):
        if settings.ADMIN_2FA:
            return super().has_permission(request)  # staff and verified
        return AdminSite.has_permission(self, request)

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_active and user.is_staff and not second_factor_done(user):
            return otp_step(request, self)
        return super().login(request, extra_context)
