"""A provider's representative tells «Replicamos esta práctica» (or changes what they
told); their provider's replications; the practice's authors answer once.

Representatives are the recognition's accounts (recognition.Representative): signed in
at /reconocimiento/entrar/, their address verified and their provider confirmed by staff.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from recognition.views import representative_of
from replication import moderation
from replication.forms import ReplicationForm, ResultFormSet
from replication.models import Replication

LOGIN = "recognition:login"


@login_required(login_url=LOGIN)
def tell(request, code):
    representative = getattr(request.user, "representative", None)
    practice = get_object_or_404(
        Practice.objects.published().with_code(code).select_related("provider")
    )
    if representative is None:  # a staff or jury account: no provider to speak for
        return render(request, "replication/tell.html", {"practice": practice, "register": True})
    problem = None
    if not representative.may_submit:
        problem = gettext(
            "La entidad aún no confirma que usted representa a %(provider)s: podrá contar "
            "su réplica cuando le avisemos."
        ) % {"provider": representative.provider}
    elif practice.provider_id == representative.provider_id:
        problem = gettext("Esta práctica es de su prestador: aquí se cuentan las de otros.")
    replication = Replication.objects.filter(
        practice=practice, provider=representative.provider
    ).first()
    new = replication is None
    if new:
        replication = Replication(
            practice=practice, provider=representative.provider, representative=representative
        )
    form = ReplicationForm(request.POST or None, instance=replication)
    results = ResultFormSet(request.POST or None, instance=replication, prefix="results")
    if request.method == "POST" and not problem and form.is_valid() and results.is_valid():
        with transaction.atomic():
            replication = form.save(commit=False)
            replication.representative = representative
            moderation.submitted(replication, new=new)
            form.save_m2m()
            results.instance = replication
            results.save()
        messages.success(
            request,
            gettext(
                "Recibimos lo que contó. La entidad lo revisa antes de publicarlo en la ficha "
                "y le avisará por correo."
            ),
        )
        return redirect("replication:mine")
    return render(
        request,
        "replication/tell.html",
        {
            "practice": practice,
            "form": form,
            "results": results,
            "problem": problem,
            "new": new,
            "replication": replication,
        },
    )


@login_required(login_url=LOGIN)
def mine(request):
    representative = representative_of(request)
    replications = (
        Replication.objects.filter(provider=representative.provider)
        .select_related("practice")
        .order_by("-updated_at")
    )
    return render(
        request,
        "replication/mine.html",
        {"representative": representative, "replications": replications},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Su respuesta"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": moderation.ANSWER_MAX}),
        validators=[MaxLengthValidator(moderation.ANSWER_MAX)],
        help_text=_(
            "Se publica en la ficha, debajo de lo que contó el prestador, con el nombre de "
            "su prestador y sin su nombre ni su correo. Solo puede responder una vez."
        ),
    )


def answer(request, token):
    """The authors' one public answer, from the link the e-mail gave them."""
    replication = moderation.replication_of_token(token)
    if replication is None or not Replication.objects.public().filter(pk=replication.pk):
        raise Http404
    form = AnswerForm(request.POST or None)
    answered = replication.answered_at is not None
    if request.method == "POST" and not answered and form.is_valid():
        if moderation.answer(replication, form.cleaned_data["answer"]):
            return redirect(replication.practice.get_absolute_url() + "#replicas")
        answered = True
    return render(
        request,
        "replication/answer.html",
        {"replication": replication, "form": form, "answered": answered},
    )
