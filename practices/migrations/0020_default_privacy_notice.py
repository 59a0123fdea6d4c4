"""A default data-treatment policy (Ley 1581 de 2012), so that a new site never shows a
contact without one. It is in force at once; the entity adapts it in the admin by
publishing its own version (a version in force is kept as it was, since holders accepted
it)."""

import datetime

from django.db import migrations

CONTROLLER = "Superintendencia de Servicios Públicos Domiciliarios (Superservicios)"
CONTACT = (
    "Para ejercer sus derechos use el formulario «Enviar una consulta o un reclamo» de esta "
    "página. La entidad responde por el correo que usted indique."
)
PURPOSES = """El Banco de Buenas Prácticas trata los datos personales de las personas de contacto de cada buena práctica (nombre, cargo, correo y teléfono) y de quienes escriben desde el catálogo, con estas finalidades:

- Publicar, solo con la autorización previa, expresa e informada del titular, su nombre y sus datos de contacto en la ficha de la práctica que lideró, para que otros prestadores puedan consultarle cómo replicarla.
- Hacer llegar a la persona de contacto los mensajes que se le escriben desde el catálogo, sin mostrar su dirección a quien escribe.
- Responder las consultas y los reclamos de los titulares.

Los datos personales no se incluyen en las descargas masivas (CSV, JSON, API, fuentes RSS): estas solo llevan el cargo y la organización. No se venden ni se ceden a terceros."""
RIGHTS = """Como titular de datos personales usted tiene derecho a (Ley 1581 de 2012, artículo 8):

- Conocer, actualizar y rectificar sus datos personales.
- Solicitar prueba de la autorización otorgada.
- Ser informado del uso que se ha dado a sus datos.
- Presentar quejas ante la Superintendencia de Industria y Comercio.
- Revocar la autorización y solicitar la supresión de sus datos cuando no se respeten los principios, derechos y garantías constitucionales y legales.
- Acceder gratuitamente a sus datos personales."""
PROCEDURE = """Envíe su solicitud con el formulario «Enviar una consulta o un reclamo» de esta página. Recibirá por correo un número de solicitud y la fecha límite de respuesta.

- Consultas (conocer sus datos): se responden en un máximo de diez (10) días hábiles contados a partir del día siguiente a su recibo.
- Reclamos (corregir, actualizar o suprimir sus datos, o revocar la autorización): se responden en un máximo de quince (15) días hábiles contados a partir del día siguiente a su recibo.

Cuando la entidad atiende la revocación de su autorización, su contacto deja de mostrarse en todo el sitio de inmediato."""
NOTICE = """Sus datos personales serán tratados por la Superintendencia de Servicios Públicos Domiciliarios para las finalidades descritas en esta política. Usted puede conocer, actualizar, rectificar y suprimir sus datos, y revocar su autorización, con el formulario de esta página."""


def seed(apps, schema_editor):
    PrivacyNotice = apps.get_model("practices", "PrivacyNotice")
    if not PrivacyNotice.objects.exists():
        PrivacyNotice.objects.create(
            version="1",
            effective_from=datetime.date(2026, 12, 1),
            controller=CONTROLLER,
            controller_contact=CONTACT,
            purposes=PURPOSES,
            rights=RIGHTS,
            procedure=PROCEDURE,
            notice=NOTICE,
        )


class Migration(migrations.Migration):
    dependencies = [("practices", "0019_contact_consent_withdrawn")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
