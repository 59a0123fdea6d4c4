"""The recognition's public pages and the applicant's pages.

- /reconocimiento/ and /reconocimiento/<year>/: the calls, and each one's terms while open.
- /reconocimiento/registro/: a provider's representative registers; a link sent through
  the outbox verifies the address; staff confirm the person the first time.
- /reconocimiento/postulaciones/: the representative's applications; each is a draft
  saved as often as wanted and sent before the closing second, with a receipt number.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from ops.ratelimit import RateLimited, check, too_many_requests
from ops.site import site_url
from outbox.sending import enqueue
from practices import workflow
from recognition import attachments, results
from recognition.forms import ApplicationForm, RegistrationForm, completeness
from recognition.models import (
    Application,
    ApplicationClosed,
    Attachment,
    Call,
    Representative,
    moment,
    record,
)

VERIFY_SALT = "recognition.verify"
VERIFY_MAX_AGE = 3 * 24 * 60 * 60  # the link works for three days


def calls(request):
    return render(
        request,
        "recognition/calls.html",
        {"calls": Call.objects.public().select_related("edition")},
    )


def call_page(request, year):
    call = (
        Call.objects.public()
        .select_related("edition")
        .prefetch_related("categories", "services", "edition__evaluation_criteria")
        .filter(edition__year=year)
        .first()
    )
    if call is None:
        raise Http404
    stage = call.public_stage()
    recognised = results.announced(call) if stage == "resultados" else []
    return render(
        request,
        "recognition/call.html",
        {
            "call": call,
            "stage": stage,
            "accepting": call.accepts_applications(),
            "criteria": call.edition.evaluation_criteria.all(),
            "sizes": call.sizes_display(),
            "recognised": recognised,
        },
    )


# --- Accounts ---------------------------------------------------------------------------


def register(request):
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:  # counted once valid, as the other public forms
                check(request, "contact")
            except RateLimited as limited:
                return too_many_requests(request, limited)
            if not form.looks_automatic:
                _register(form.cleaned_data)
            return redirect("recognition:registered")
    else:
        form = RegistrationForm()
    return render(request, "recognition/register.html", {"form": form.shown_again()})


@transaction.atomic
def _register(data):
    user = get_user_model().objects.create_user(
        username=data["email"],
        email=data["email"],
        password=data["password"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        is_active=False,  # until the address is verified
    )
    Representative.objects.create(
        user=user, provider=data["provider"], position=data["position"], phone=data["phone"]
    )
    token = signing.dumps(user.pk, salt=VERIFY_SALT)
    link = site_url() + reverse("recognition:verify", args=[token])
    enqueue(
        user.email,
        gettext("Verifique su correo para el Reconocimiento de Buenas Prácticas"),
        "\n".join(
            [
                gettext("Abra este enlace para verificar su correo (vale tres días):"),
                link,
                "",
                gettext(
                    "Después, la entidad confirmará que usted representa a %(provider)s; "
                    "mientras tanto puede preparar su postulación."
                )
                % {"provider": data["provider"]},
            ]
        ),
        purpose="recognition:verify",
    )


def registered(request):
    return render(request, "recognition/registered.html")


def verify(request, token):
    try:
        pk = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        return render(request, "recognition/verify_failed.html", {"expired": True}, status=400)
    except signing.BadSignature as error:
        raise Http404 from error
    representative = get_object_or_404(Representative.objects.select_related("user"), user=pk)
    first_time = representative.email_verified_at is None
    if first_time:
        representative.email_verified_at = timezone.now()
        representative.save(update_fields=["email_verified_at"])
        representative.user.is_active = True
        representative.user.save(update_fields=["is_active"])
    if first_time and settings.RECOGNITION_EMAIL:  # the admin lists them all the same
        enqueue(
            settings.RECOGNITION_EMAIL,
            gettext("Representante por confirmar: %(provider)s")
            % {"provider": representative.provider},
            site_url()
            + reverse("admin:recognition_representative_change", args=[representative.pk]),
            purpose="recognition:confirm",
        )
    messages.success(request, gettext("Su correo quedó verificado: ya puede entrar."))
    return redirect("recognition:login")


@login_required(login_url="recognition:login")
def signed_in(request):
    """Where a person lands after signing in: their applications, or their jury seats."""
    if hasattr(request.user, "representative"):
        return redirect("recognition:mine")
    if request.user.juries.exists():
        return redirect("recognition:jury")
    return redirect("recognition:calls")


def representative_of(request):
    """The signed-in representative (applications, replications), or a 404."""
    representative = getattr(request.user, "representative", None)
    if representative is None:
        raise Http404
    return representative


# --- Applications -----------------------------------------------------------------------


@login_required(login_url="recognition:login")
def my_applications(request):
    representative = representative_of(request)
    applications = representative.applications.select_related("call__edition", "category").order_by(
        "-call__edition__year", "-pk"
    )
    open_calls = [
        call
        for call in Call.objects.filter(stage="abierta").select_related("edition")
        if call.accepts_applications()
    ]
    return render(
        request,
        "recognition/my_applications.html",
        {
            "representative": representative,
            "applications": applications,
            "open_calls": open_calls,
        },
    )


@login_required(login_url="recognition:login")
def start_application(request, year):
    representative = representative_of(request)
    call = get_object_or_404(Call, edition__year=year, stage="abierta")
    if request.method != "POST":
        return redirect("recognition:mine")
    problem = call.eligibility_problem(representative.provider)
    if problem:
        messages.error(request, problem)
        return redirect("recognition:mine")
    try:
        application = Application(
            call=call, provider=representative.provider, representative=representative
        )
        application.save()
    except ApplicationClosed as closed:
        messages.error(request, closed.messages[0])
        return redirect("recognition:mine")
    record("postulacion_creada", call=call, by=request.user, application=application)
    return redirect("recognition:application", pk=application.pk)


@login_required(login_url="recognition:login")
def application(request, pk):
    representative = representative_of(request)
    application = get_object_or_404(
        Application.objects.select_related("call__edition", "provider"),
        pk=pk,
        representative__provider=representative.provider,
    )
    call = application.call
    frozen = application.frozen_reason()
    editable = not frozen
    form = ApplicationForm(
        request.POST if request.method == "POST" and editable else None,
        instance=application,
        call=call,
    )
    problems = []
    if request.method == "POST":
        if frozen:
            messages.error(request, frozen)
            return redirect("recognition:application", pk=pk)
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = form.save()
                    if "send" in request.POST:
                        problems = _send(request, form, saved, representative)
            except ApplicationClosed as closed:
                messages.error(request, closed.messages[0])
                return redirect("recognition:application", pk=pk)
            if not problems:
                if saved.status == Application.Status.SUBMITTED:
                    return redirect("recognition:receipt", pk=pk)
                messages.success(request, gettext("Borrador guardado."))
                return redirect("recognition:application", pk=pk)
    percent, missing = completeness(application)
    return render(
        request,
        "recognition/application.html",
        {
            "application": application,
            "call": call,
            "form": form,
            "editable": editable,
            "problems": problems,
            "percent": percent,
            "missing": missing,
            "recommended": workflow.recommended_missing(application),
            "may_submit": representative.may_submit,
            "attachments": application.attachments.all(),
            "max_attachments": MAX_ATTACHMENTS,
            "max_megabytes": attachments.max_bytes() // (1024 * 1024),
        },
    )


def _send(request, form, application, representative):
    """Send ``application``: what stops it, or [] once sent (receipt by e-mail)."""
    problems = form.sending_problems(application)
    if not representative.may_submit:
        problems.append(
            gettext(
                "La entidad aún no confirma que usted representa a %(provider)s: guarde el "
                "borrador y envíelo cuando le avisemos."
            )
            % {"provider": representative.provider}
        )
    problem = application.call.eligibility_problem(application.provider)
    if problem:
        problems.append(problem)
    if problems:  # the draft stays saved
        return problems
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    record("postulacion_enviada", call=application.call, by=request.user, application=application)
    enqueue(
        request.user.email,
        gettext("Recibimos su postulación %(number)s") % {"number": application.number},
        "\n".join(
            [
                gettext("Recibimos la postulación «%(title)s» de %(provider)s.")
                % {"title": application.title, "provider": application.provider},
                gettext("Número de radicado: %(number)s") % {"number": application.number},
                gettext("Enviada el %(when)s (hora de Colombia).")
                % {"when": moment(application.submitted_at)},
            ]
        ),
        purpose=f"recognition:{application.number}",
    )
    return []


@login_required(login_url="recognition:login")
def receipt(request, pk):
    representative = representative_of(request)
    application = get_object_or_404(
        Application.objects.select_related("call__edition", "provider"),
        pk=pk,
        representative__provider=representative.provider,
        status=Application.Status.SUBMITTED,
    )
    return render(request, "recognition/receipt.html", {"application": application})


def terms_pdf(request, year):
    """The call's terms as the entity uploaded them (public once the call is)."""
    call = get_object_or_404(Call.objects.public(), edition__year=year)
    if not call.terms_pdf:
        raise Http404
    return FileResponse(
        call.terms_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"convocatoria-{year}.pdf",
    )


MAX_ATTACHMENTS = 10


@login_required(login_url="recognition:login")
def attach(request, pk):
    """Add an evidence file to a draft (checked by recognition.attachments), or remove one."""
    representative = representative_of(request)
    application = get_object_or_404(
        Application.objects.select_related("call__edition"),
        pk=pk,
        representative__provider=representative.provider,
    )
    if request.method != "POST":
        return redirect("recognition:application", pk=pk)
    frozen = application.frozen_reason()
    if frozen:
        messages.error(request, frozen)
        return redirect("recognition:application", pk=pk)
    if "remove" in request.POST:
        attachment = application.attachments.filter(pk=request.POST["remove"]).first()
        if attachment is not None:
            attachment.file.delete(save=False)
            attachment.delete()
            record("anexo_quitado", call=application.call, by=request.user, application=application,
                   detail=attachment.original_name)  # fmt: skip
        return redirect("recognition:application", pk=pk)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, gettext("Elija un archivo para adjuntar."))
    elif application.attachments.count() >= MAX_ATTACHMENTS:
        messages.error(
            request,
            gettext("Una postulación lleva a lo sumo %(n)s anexos.") % {"n": MAX_ATTACHMENTS},
        )
    else:
        try:
            stored = attachments.store(uploaded, folder=f"postulaciones/{application.pk}")
        except attachments.AttachmentRejected as rejected:
            messages.error(request, rejected.message)
        else:
            Attachment.objects.create(
                application=application,
                file=stored.name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
            )
            record("anexo", call=application.call, by=request.user, application=application,
                   detail=f"{stored.original_name} ({stored.sha256[:12]})")  # fmt: skip
            messages.success(
                request, gettext("Anexo «%(name)s» adjuntado.") % {"name": stored.original_name}
            )
    return redirect("recognition:application", pk=pk)
