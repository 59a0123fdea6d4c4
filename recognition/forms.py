"""The applicant's forms: registering as a provider's representative, and the application
(the ficha's fields with the catalogue's rules, the category and the call's declarations).
"""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ops.humans import HumanForm
from practices import workflow
from practices.models import Feasibility, Provider
from recognition.models import Application

# The catalogue's rules for a complete ficha (practices.workflow.REQUIRED), read on an
# application: the same items and names, without the code (given at publication).
APPLICATION_REQUIRED = [
    ("title", lambda a: bool(a.title.strip())),
    ("category", lambda a: a.category_id is not None),
    ("start_date", lambda a: a.start_date is not None),
    ("summary", lambda a: bool(a.summary.strip())),
    ("impact", lambda a: bool(a.impact.strip())),
    ("success_factors", lambda a: bool(a.success_factors.strip())),
    (
        "coverage",
        lambda a: (
            bool(a.coverage_note.strip())
            or (a.pk is not None and (a.departments.exists() or a.municipalities.exists()))
        ),
    ),
    ("replicability", lambda a: bool(a.replicability.strip())),
    ("limitations", lambda a: bool(a.limitations.strip())),
]


def completeness(application):
    """(percent, [missing items in Spanish]) of what the application needs to be sent."""
    missing = [
        str(workflow.REQUIRED_NAMES[name])
        for name, check in APPLICATION_REQUIRED
        if not check(application)
    ]
    done = len(APPLICATION_REQUIRED) - len(missing)
    return round(100 * done / len(APPLICATION_REQUIRED)), missing


class RegistrationForm(HumanForm):
    first_name = forms.CharField(label=_("Nombres"), max_length=150)
    last_name = forms.CharField(label=_("Apellidos"), max_length=150)
    email = forms.EmailField(
        label=_("Correo electrónico institucional"),
        help_text=_("Le enviaremos un enlace para verificarlo."),
    )
    provider = forms.ModelChoiceField(
        label=_("Prestador que representa"),
        queryset=Provider.objects.filter(proposed=False).order_by("name"),
        help_text=_("Si su prestador no aparece, escriba a la entidad."),
    )
    position = forms.CharField(label=_("Su cargo"), max_length=200)
    phone = forms.CharField(label=_("Teléfono"), max_length=50, required=False)
    password = forms.CharField(
        label=_("Contraseña"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Al menos 12 caracteres; no use una contraseña de otro sitio."),
    )
    accepts_policy = forms.BooleanField(
        label=_("Acepto la política de tratamiento de datos personales"),
        error_messages={"required": _("Para registrarse acepte la política.")},
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                gettext("Ya hay una cuenta con este correo: entre con ella.")
            )
        return email

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password:
            user = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class ApplicationForm(forms.ModelForm):
    """The applicant's ficha. Saving a draft accepts it incomplete; sending asks for
    everything the catalogue asks of a ficha, and the call's declarations."""

    declarations = forms.MultipleChoiceField(
        label=_("Declaraciones"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = [
            "category",
            "title",
            "start_date",
            "end_date",
            "services",
            "target_population",
            "summary",
            "impact",
            "users_reached",
            "success_factors",
            "departments",
            "coverage_note",
            "validation",
            "replicability",
            "limitations",
            *Feasibility.FIELDS,
        ]
        # Pesos and people typed as Colombians write them: "20.000.000" (a year is no figure).
        localized_fields = ["cost_min", "cost_max", "people_involved"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "services": forms.CheckboxSelectMultiple,
            "departments": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 5})
                for name in [
                    "target_population",
                    "summary",
                    "impact",
                    "success_factors",
                    "validation",
                    "replicability",
                    "limitations",
                ]
            },
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ["technology", "partners", "prerequisites"]
            },
            **{
                name: forms.TextInput(attrs={"inputmode": "numeric"})
                for name in ["cost_min", "cost_max", "people_involved"]
            },
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["category"].queryset = call.categories.order_by("name")
        self.fields["category"].required = False
        items = call.declaration_list()
        self.fields["declarations"].choices = [(str(i), text) for i, text in enumerate(items)]
        self.initial.setdefault("declarations", self.instance.declarations_accepted)
        if not items:
            del self.fields["declarations"]

    def _post_clean(self):
        super()._post_clean()
        # The catalogue's rules for these estimates (also Practice.clean's), on their fields.
        for name, message in self.instance.feasibility_errors().items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)

    def sections(self):
        """[(legend, hint, [bound fields])]: the ficha's fields, then what it takes to
        replicate the practice (optional, recommended) in a fieldset of its own, then the
        declarations; a section without a legend is no fieldset."""
        needs = [self[name] for name in Feasibility.FIELDS]
        others = [field for field in self if field.name not in Feasibility.FIELDS]
        ficha = [field for field in others if field.name != "declarations"]
        return [
            (None, None, ficha),
            (
                gettext("¿Qué se necesita para replicarla?"),
                gettext(
                    "Opcional y recomendado: lo que otro prestador necesitaría para "
                    "replicarla, según lo estiman ustedes. Se publica en la ficha si la "
                    "práctica es reconocida."
                ),
                needs,
            ),
            (None, None, [field for field in others if field.name == "declarations"]),
        ]

    def save(self, commit=True):
        self.instance.declarations_accepted = sorted(
            self.cleaned_data.get("declarations", []), key=int
        )
        return super().save(commit)

    def sending_problems(self, application):
        """What stops ``application`` (saved) from being sent, as sentences."""
        problems = []
        _percent, missing = completeness(application)
        if missing:
            problems.append(gettext("Falta: %(items)s.") % {"items": ", ".join(missing)})
        declarations = self.call.declaration_list()
        if len(application.declarations_accepted) < len(declarations):
            problems.append(gettext("Acepte todas las declaraciones de la convocatoria."))
        return problems
