"""The juror's pages (a site account with a seat in a call's jury, not staff).

A juror first declares the providers they have ties with; those applications are hidden
from them (not listed, 404 by address). They score each criterion on the call's scale
with a comment, save as often as they like, and send: only then do they see the other
jurors' sent scores of that application, and their own no longer change. Scoring is open
while the call is "en evaluación". Every step goes to the audit log.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practices.models import Provider
from recognition.models import (
    ApplicationStatus,
    Attachment,
    JuryMember,
    Score,
    Scorecard,
    Stage,
    record,
)

LOGIN = "recognition:login"


def _seat(request, seat):
    return get_object_or_404(
        JuryMember.objects.select_related("call__edition"), pk=seat, user=request.user
    )


@login_required(login_url=LOGIN)
def home(request):
    seats = JuryMember.objects.filter(user=request.user).select_related("call__edition")
    if not seats:
        raise Http404
    return render(request, "recognition/jury_home.html", {"seats": seats})


class ConflictsForm(forms.Form):
    conflicts = forms.ModelMultipleChoiceField(
        label=_("Prestadores con los que tiene vínculos"),
        queryset=Provider.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Marque los prestadores para los que trabaja o trabajó, a los que asesora o con "
            "los que tiene otro interés. No verá sus postulaciones. Si no tiene ninguno, "
            "no marque nada."
        ),
    )
    truthful = forms.BooleanField(
        label=_("Declaro que la información es completa y veraz"),
        error_messages={"required": _("Confirme su declaración.")},
    )


@login_required(login_url=LOGIN)
def conflicts(request, seat):
    seat = _seat(request, seat)
    if seat.conflicts_declared_at:
        return redirect("recognition:jury_seat", seat=seat.pk)
    applied = Provider.objects.filter(
        applications__call=seat.call, applications__status=ApplicationStatus.SUBMITTED
    ).distinct()
    form = ConflictsForm(request.POST or None)
    form.fields["conflicts"].queryset = applied.order_by("name")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            seat.conflicts.set(form.cleaned_data["conflicts"])
            seat.conflicts_declared_at = timezone.now()
            seat.save(update_fields=["conflicts_declared_at"])
            names = ", ".join(p.name for p in form.cleaned_data["conflicts"]) or "—"
            record("conflictos", call=seat.call, by=request.user, detail=names)
        return redirect("recognition:jury_seat", seat=seat.pk)
    return render(request, "recognition/jury_conflicts.html", {"seat": seat, "form": form})


@login_required(login_url=LOGIN)
def seat_page(request, seat):
    seat = _seat(request, seat)
    if not seat.conflicts_declared_at:
        return redirect("recognition:jury_conflicts", seat=seat.pk)
    cards = {
        card.application_id: card
        for card in Scorecard.objects.filter(juror=seat).only("application_id", "submitted_at")
    }
    rows = [
        (application, cards.get(application.pk))
        for application in seat.applications().order_by("category__name", "pk")
    ]
    return render(
        request,
        "recognition/jury_seat.html",
        {"seat": seat, "rows": rows, "scoring": seat.call.stage == Stage.EVALUATION},
    )


def scoring_form(call, criteria, scores, data=None):
    """One score (the call's scale) and one comment per criterion."""
    form = forms.Form(data)
    choices = [("", "—")] + [(n, str(n)) for n in range(call.score_min, call.score_max + 1)]
    for criterion in criteria:
        given = scores.get(criterion.pk)
        form.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
            label=criterion.name,
            choices=choices,
            coerce=int,
            required=False,
            initial=given.value if given else "",
            help_text=criterion.description,
        )
        form.fields[f"comment_{criterion.pk}"] = forms.CharField(
            label=gettext("Comentario sobre «%(criterion)s»") % {"criterion": criterion.name},
            required=False,
            max_length=3000,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=given.comment if given else "",
        )
    return form


@login_required(login_url=LOGIN)
def score(request, seat, application):
    seat = _seat(request, seat)
    if not seat.conflicts_declared_at:
        return redirect("recognition:jury_conflicts", seat=seat.pk)
    application = get_object_or_404(seat.applications(), pk=application)
    call = seat.call
    criteria = list(call.edition.evaluation_criteria.all())
    card = Scorecard.objects.filter(application=application, juror=seat).first()
    mine = {s.criterion_id: s for s in card.scores.all()} if card else {}
    sent = card is not None and card.submitted_at is not None
    open_ = call.stage == Stage.EVALUATION and not sent
    form = scoring_form(call, criteria, mine, request.POST if request.method == "POST" else None)
    problems = []
    if request.method == "POST":
        if not open_:
            raise PermissionDenied
        if form.is_valid():
            sending = "send" in request.POST
            missing = [c.name for c in criteria if form.cleaned_data[f"score_{c.pk}"] in ("", None)]
            if sending and missing:
                problems.append(
                    gettext("Califique todos los criterios antes de enviar: %(names)s.")
                    % {"names": ", ".join(missing)}
                )
            with transaction.atomic():
                card, _created = Scorecard.objects.get_or_create(
                    application=application, juror=seat
                )
                for criterion in criteria:
                    value = form.cleaned_data[f"score_{criterion.pk}"]
                    comment = form.cleaned_data[f"comment_{criterion.pk}"]
                    if value in ("", None):
                        Score.objects.filter(scorecard=card, criterion=criterion).delete()
                        continue
                    Score.objects.update_or_create(
                        scorecard=card,
                        criterion=criterion,
                        defaults={"value": value, "comment": comment},
                    )
                if sending and not problems:
                    card.submitted_at = timezone.now()
                    card.save(update_fields=["submitted_at"])
                    record(
                        "calificacion_enviada",
                        call=call,
                        by=request.user,
                        application=application,
                        detail="; ".join(
                            f"{c.name}: {form.cleaned_data[f'score_{c.pk}']}" for c in criteria
                        ),
                    )
            if not problems:
                messages.success(
                    request,
                    gettext("Calificación enviada.") if sending else gettext("Borrador guardado."),
                )
                return redirect("recognition:jury_score", seat=seat.pk, application=application.pk)
    others = []
    if sent:
        others = (
            Scorecard.objects.filter(application=application, submitted_at__isnull=False)
            .exclude(pk=card.pk)
            .select_related("juror__user")
            .prefetch_related("scores__criterion")
        )
    return render(
        request,
        "recognition/jury_score.html",
        {
            "seat": seat,
            "application": application,
            "form": form,
            "criteria": criteria,
            "open": open_,
            "sent": sent,
            "card": card,
            "others": others,
            "problems": problems,
        },
    )


@login_required(login_url=LOGIN)
def attachment(request, pk):
    """An evidence file: to staff who may see applications, and to the jurors who may see
    its application; never to anyone else."""
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    application = attachment.application
    allowed = request.user.is_staff and request.user.has_perm("recognition.view_attachment")
    if not allowed:
        seats = JuryMember.objects.filter(
            user=request.user, call=application.call, conflicts_declared_at__isnull=False
        )
        allowed = any(seat.applications().filter(pk=application.pk).exists() for seat in seats)
    if not allowed and hasattr(request.user, "representative"):
        allowed = application.provider_id == request.user.representative.provider_id
    if not allowed:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
