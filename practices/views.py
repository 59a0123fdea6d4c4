from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from .fichas import render_ficha_text
from .models import Criterion, Practice


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            criteria=Criterion.objects.all(),
            latest=Practice.objects.published().select_related("provider", "category")[:3],
            **kwargs,
        )


class PracticeListView(ListView):
    template_name = "practices/practice_list.html"
    context_object_name = "practices"
    paginate_by = 20

    def get_queryset(self):
        return (
            Practice.objects.published()
            .select_related("provider", "category")
            .order_by("-published_at", "-pk")
        )


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.upper():
            # Codes are cited by hand: "bp-andesco-sspd-002-2021" reaches the ficha too.
            url = reverse("practices:detail", kwargs={"code": code.upper()})
            return HttpResponsePermanentRedirect(url)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Practice.objects.published().with_ficha()


def ficha_text(request, code):
    """The published ficha in the text layout of the official fichas (importable again)."""
    practice = get_object_or_404(Practice.objects.published().with_ficha(), code=code)
    response = HttpResponse(render_ficha_text(practice), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{practice.code}.txt"'
    return response


def healthz(request):
    """Liveness for load balancers and the benchmark: no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
