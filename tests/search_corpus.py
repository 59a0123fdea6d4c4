"""The corpus the search's judged queries run over (tests/search_judgments.toml,
tests/test_search_quality.py): the reproducible demo data plus 36 realistic fichas written
for the evaluation (27, then 9 more for the held-out judgments).

- The demo (``seed_demo(count=DEMO_COUNT, seed=DEMO_SEED)``): 300 practices of six
  providers over the demo's dozen categories, 285 of them published. The same seed and
  count give the same codes and texts, so a judgment may name a demo practice; mostly
  they are the distractors, many of them on the same subjects as the fichas.
- The fichas (``FICHAS``): practices as Colombian utilities write them, each on a subject
  a user would look for (PQRSD for deaf users, agua no contabilizada, prepaid meters,
  a chatbot, the contact centre, telework, electricity theft, firewood stoves, used
  cooking oil…), published on dates spread over 2021–2024 among the demo's, so that newer
  demo practices come first when nothing ranks by relevance. Codes are ``BP-EVAL-…``.
  The last nine (electricity-dependent patients, appliance damage, LPG cylinders, migrants,
  fake technicians, collection trucks, rationing, tree pruning, e-waste) were added with the
  held-out judgments, on subjects the earlier judgments and the search's tuning never saw.

Every category gets an English name (``CATEGORY_ENGLISH``), as the admin would give it.
``load_corpus()`` writes all of it into the current database; the caller removes it (the
test rolls back).
"""

import datetime
from decimal import Decimal

from django.test import override_settings
from django.utils import timezone
from django.utils.text import slugify

from practices.demo.seed import EDITION_PREFIX, seed_demo
from practices.models import Category, Department, Edition, Municipality, Practice, Service

from .factories import (
    CategoryFactory,
    ImpactMetricFactory,
    PracticeFactory,
    ProviderFactory,
    SuccessFactorFactory,
)

DEMO_COUNT = 300
# Its six providers cover every service (water, sewerage, waste, electricity, gas, LPG), so
# the distractors speak of every sector the fichas do.
DEMO_SEED = 2

# Fictitious providers in real places: (name, short name, size, department, services).
PROVIDERS = {
    "ELECTROALTO": (
        "Electrificadora del Alto Magdalena S.A. E.S.P.",
        "ELECTROALTO",
        "grande",
        "41",
        ["energia-electrica"],
    ),
    "AGUASGALERAS": (
        "Aguas del Galeras S.A. E.S.P.",
        "AGUASGALERAS",
        "mediano",
        "52",
        ["acueducto", "alcantarillado"],
    ),
    "ENERCARIBE": (
        "Energía del Caribe Norte S.A. E.S.P.",
        "ENERCARIBE",
        "grande",
        "08",
        ["energia-electrica"],
    ),
    "AMORIENTE": (
        "Acueducto Metropolitano del Oriente S.A. E.S.P.",
        "AMORIENTE",
        "mediano",
        "05",
        ["acueducto", "alcantarillado"],
    ),
    "GASPACIFICO": (
        "Gases del Pacífico Sur S.A. E.S.P.",
        "GASPACIFICO",
        "grande",
        "76",
        ["gas-natural", "glp"],
    ),
    "EAASABANA": (
        "Empresa de Acueducto y Alcantarillado de la Sabana S.A. E.S.P.",
        "EAASABANA",
        "grande",
        "25",
        ["acueducto", "alcantarillado", "aseo"],
    ),
    "GASCENTRO": (
        "Gas Natural del Centro S.A. E.S.P.",
        "GASCENTRO",
        "mediano",
        "15",
        ["gas-natural", "glp"],
    ),
    "SPTOLIMA": (
        "Servicios Públicos del Tolima Grande E.S.P.",
        "SPTOLIMA",
        "mediano",
        "73",
        ["acueducto", "alcantarillado", "aseo"],
    ),
    "AGUASATRATO": (
        "Aguas y Aseo del Atrato S.A. E.S.P.",
        "AGUASATRATO",
        "pequeno",
        "27",
        ["acueducto", "aseo"],
    ),
    "ENERCAUCA": (
        "Empresa de Energía del Pacífico Caucano S.A. E.S.P.",
        "ENERCAUCA",
        "pequeno",
        "19",
        ["energia-electrica"],
    ),
    "AGUASGUAJIRA": (
        "Aguas del Desierto Guajiro S.A. E.S.P.",
        "AGUASGUAJIRA",
        "mediano",
        "44",
        ["acueducto", "alcantarillado"],
    ),
    "LIMPIEZAORIENTE": (
        "Limpieza Urbana del Oriente S.A. E.S.P.",
        "LIMPIEZAORIENTE",
        "grande",
        "68",
        ["aseo"],
    ),
    "AGUASEJE": (
        "Aguas y Saneamiento del Eje S.A. E.S.P.",
        "AGUASEJE",
        "mediano",
        "66",
        ["acueducto", "alcantarillado"],
    ),
}

# The demo's categories (practices.demo.words) and two of the fichas' own, in English.
CATEGORY_ENGLISH = {
    "Atención a usuarios en tiempos de COVID": "Customer service in times of COVID",
    "Canales de atención virtual": "Virtual service channels",
    "Gestión de peticiones, quejas y reclamos (PQR)": "Handling of requests and complaints",
    "Facturación y recaudo": "Billing and collection",
    "Medición y control de pérdidas": "Metering and loss control",
    "Subsidios y tarifas para usuarios vulnerables": "Subsidies and tariffs for vulnerable users",
    "Inclusión y accesibilidad": "Inclusion and accessibility",
    "Educación y cultura ciudadana": "Education and civic culture",
    "Gestión de residuos y aprovechamiento": "Waste management and recovery",
    "Atención en zonas rurales": "Service in rural areas",
    "Participación ciudadana y control social": "Citizen participation and social oversight",
    "Continuidad del servicio e información sobre interrupciones": (
        "Continuity of service and outage information"
    ),
    "Gestión ambiental y cuidado de las fuentes de agua": (
        "Environmental management and care of water sources"
    ),
    "Seguridad de las instalaciones de gas": "Safety of gas installations",
}
NEW_CATEGORIES = {
    "Gestión ambiental y cuidado de las fuentes de agua": (
        "Protección de cuencas, saneamiento y educación ambiental."
    ),
    "Seguridad de las instalaciones de gas": (
        "Revisiones, prevención de accidentes y uso seguro del gas en las viviendas."
    ),
}

# Each ficha: its fields, then its rows. ``published``: the day it was published;
# ``factors``: (title, description); ``metrics``: (label, baseline, value, unit, channel).
FICHAS = [
    {
        "code": "BP-EVAL-ELECTROALTO-001-2022",
        "title": "Atención de PQRSD para personas sordas con el Centro de Relevo",
        "provider": "ELECTROALTO",
        "category": "Inclusión y accesibilidad",
        "services": ["energia-electrica"],
        "municipalities": ["41001", "41551", "41298", "41396"],
        "start": (2021, 3, 1),
        "end": None,
        "published": (2022, 5, 18),
        "target_population": "Personas sordas e hipoacúsicas usuarias del servicio de energía "
        "en el Huila y sus familias.",
        "summary": "Las personas sordas no podían presentar peticiones, quejas, reclamos, "
        "sugerencias y denuncias (PQRSD) por la línea telefónica y en las oficinas dependían "
        "de un familiar que les sirviera de intérprete. La Electrificadora se vinculó al "
        "Centro de Relevo de MinTIC y contrató un servicio de video-interpretación: desde el "
        "celular o en las tabletas de las oficinas, el usuario se comunica en lengua de señas "
        "colombiana (LSC) con un intérprete que traslada la conversación al asesor. Las "
        "respuestas a las PQRSD se envían también en video con interpretación.",
        "impact": "En el primer año se atendieron 1.240 solicitudes de usuarios sordos, el 71 % "
        "de ellas resueltas en el primer contacto. Ningún usuario sordo tuvo que volver a "
        "acudir con un acompañante para hacer un trámite.",
        "users_reached": 3100,
        "coverage_note": "Neiva, Pitalito, Garzón y La Plata",
        "validation": "La Federación Nacional de Sordos de Colombia (FENASCOL) acompañó las "
        "pruebas con usuarios y evaluó la calidad de la interpretación.",
        "replicability": "Cualquier prestador puede vincularse gratuitamente al Centro de "
        "Relevo; la video-interpretación en oficinas requiere solo una tableta y conexión.",
        "limitations": "Algunos usuarios sordos mayores no manejan la LSC y prefieren la "
        "comunicación escrita.",
        "factors": [
            (
                "Alianza con la comunidad sorda",
                "Las asociaciones de sordos del Huila probaron cada canal antes de abrirlo.",
            ),
            (
                "Asesores formados en LSC básica",
                "Cuarenta asesores aprendieron saludos y frases de servicio en lengua de señas.",
            ),
        ],
        "metrics": [
            ("Solicitudes de usuarios sordos atendidas", None, 1240, "solicitudes", ""),
            ("Resolución en el primer contacto", None, 71, "%", "Video-interpretación"),
        ],
    },
    {
        "code": "BP-EVAL-AGUASGALERAS-001-2021",
        "title": "Reducción del índice de agua no contabilizada (IANC) con sectorización "
        "hidráulica",
        "provider": "AGUASGALERAS",
        "category": "Medición y control de pérdidas",
        "services": ["acueducto"],
        "municipalities": ["52001"],
        "start": (2018, 2, 1),
        "end": (2020, 12, 31),
        "published": (2021, 7, 9),
        "target_population": "Suscriptores del acueducto de Pasto.",
        "summary": "Casi la mitad del agua tratada se perdía antes de llegar a los usuarios. "
        "La empresa dividió la red de distribución de Pasto en 14 sectores hidráulicos "
        "aislados, cada uno con un macromedidor a la entrada, para hacer el balance de agua "
        "por sector. Con válvulas reguladoras de presión se bajó la presión nocturna, y "
        "cuadrillas con geófono y correlador acústico buscaron las fugas no visibles en los "
        "sectores con más pérdidas. En paralelo se actualizó el catastro de usuarios.",
        "impact": "El índice de agua no contabilizada bajó del 48 % al 31 % en tres años; se "
        "repararon 2.870 fugas no visibles y se dejaron de perder 4,1 millones de metros "
        "cúbicos de agua al año.",
        "users_reached": 98000,
        "coverage_note": "Casco urbano de Pasto",
        "validation": "Los balances hídricos se reportaron al SUI y la Comisión de Regulación "
        "de Agua Potable (CRA) revisó el cálculo del IANC.",
        "replicability": "La sectorización es viable en redes de cualquier tamaño; los "
        "macromedidores y las válvulas se financian con el ahorro en producción.",
        "limitations": "Parte de la red antigua no tenía planos y hubo que levantarla antes "
        "de sectorizar.",
        "factors": [
            (
                "Catastro de redes actualizado",
                "Sin planos fieles no se pueden aislar los sectores.",
            ),
            (
                "Control de presión",
                "Las válvulas reguladoras redujeron las roturas y el caudal de las fugas.",
            ),
        ],
        "metrics": [
            ("Índice de agua no contabilizada", 48, 31, "%", ""),
            ("Fugas no visibles reparadas", None, 2870, "fugas", ""),
        ],
    },
    {
        "code": "BP-EVAL-ENERCARIBE-001-2023",
        "title": "Medidores prepago de energía en barrios de Barranquilla y Soledad",
        "provider": "ENERCARIBE",
        "category": "Facturación y recaudo",
        "services": ["energia-electrica"],
        "municipalities": ["08001", "08758", "08433"],
        "start": (2021, 6, 1),
        "end": None,
        "published": (2023, 2, 14),
        "target_population": "Hogares de barrios subnormales y asentamientos recién "
        "normalizados, de estratos 1 y 2.",
        "summary": "Los hogares de barrios subnormales acumulaban deudas que no podían pagar "
        "y terminaban suspendidos o conectados de forma irregular. La empresa instaló "
        "18.400 medidores prepago: el usuario compra energía por recargas desde 2.000 pesos "
        "en tiendas de barrio, con el celular o en los puntos de pago, y ve en el display "
        "cuántos kilovatios le quedan. Cada recarga abona un 10 % a la deuda antigua, que "
        "queda congelada sin intereses.",
        "impact": "La cartera de los barrios atendidos bajó un 63 % y el consumo promedio por "
        "hogar cayó un 18 %, porque las familias ahora controlan lo que gastan.",
        "users_reached": 18400,
        "coverage_note": "Barrios de Barranquilla, Soledad y Malambo",
        "validation": "Encuesta a 900 hogares con medidor prepago: el 86 % prefiere el prepago "
        "al cobro mensual.",
        "replicability": "La regulación de la CREG permite la modalidad prepago a cualquier "
        "comercializador que la ofrezca de forma voluntaria.",
        "limitations": "Las recargas en efectivo dependen de que haya tiendas con terminal "
        "en cada barrio.",
        "factors": [
            (
                "Recargas cerca de la casa",
                "Una red de 600 tiendas vende recargas desde 2.000 pesos.",
            ),
            (
                "Deuda congelada sin intereses",
                "El usuario se pone al día sin dejar de tener energía.",
            ),
        ],
        "metrics": [
            ("Medidores prepago instalados", None, 18400, "medidores", ""),
            ("Cartera de los barrios atendidos", 100, 37, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-AMORIENTE-001-2024",
        "title": "Chatbot con inteligencia artificial para los trámites del acueducto",
        "provider": "AMORIENTE",
        "category": "Canales de atención virtual",
        "services": ["acueducto", "alcantarillado"],
        "municipalities": ["05615", "05440", "05148", "05318"],
        "start": (2022, 8, 1),
        "end": None,
        "published": (2024, 3, 5),
        "target_population": "Suscriptores del acueducto y el alcantarillado del Oriente "
        "antioqueño.",
        "summary": "«Ana» es un chatbot que atiende por WhatsApp y en la página web a toda "
        "hora: consulta de saldo, duplicado de la factura, reporte de daños y de fugas en la "
        "vía, y radicación de PQRSD. Usa inteligencia artificial para entender lo que el "
        "usuario escribe con sus propias palabras y también las notas de voz. Cuando no "
        "puede resolver, pasa la conversación a un asesor con todo el historial.",
        "impact": "El 62 % de las conversaciones se resuelven sin asesor; las llamadas a la "
        "línea de atención bajaron un 35 % y el reporte de daños llega con foto y ubicación.",
        "users_reached": 54000,
        "coverage_note": "Rionegro, Marinilla, El Carmen de Viboral y Guarne",
        "validation": "Se revisan cada semana cien conversaciones al azar para medir si la "
        "respuesta fue correcta.",
        "replicability": "Las plataformas de chatbot se contratan por suscripción; el "
        "esfuerzo está en entrenar las respuestas con las preguntas reales de los usuarios.",
        "limitations": "Las notas de voz con mucho ruido de fondo todavía se entienden mal.",
        "factors": [
            (
                "Entrenamiento con conversaciones reales",
                "Se usaron 20.000 chats anónimos de la línea de atención.",
            ),
            ("Paso a un asesor humano", "Nadie queda atrapado en el chatbot."),
        ],
        "metrics": [
            ("Conversaciones resueltas sin asesor", None, 62, "%", "WhatsApp"),
            ("Llamadas a la línea de atención", 100, 65, "%", "Línea telefónica"),
        ],
    },
    {
        "code": "BP-EVAL-GASPACIFICO-001-2022",
        "title": "Centro de contacto omnicanal con menú de voz y devolución de llamadas",
        "provider": "GASPACIFICO",
        "category": "Canales de atención virtual",
        "services": ["gas-natural"],
        "municipalities": ["76001", "76520", "76364", "76892"],
        "start": (2020, 10, 1),
        "end": (2021, 12, 31),
        "published": (2022, 9, 27),
        "target_population": "Clientes residenciales y comerciales de gas natural del Valle "
        "del Cauca.",
        "summary": "La línea de atención telefónica, la línea de emergencias 164, el chat y el "
        "correo funcionaban por separado y el cliente tenía que repetir su caso en cada "
        "canal. Se unificaron en un centro de contacto omnicanal con una sola plataforma: el "
        "menú de voz (IVR) reconoce lo que dice el cliente, quien llama en hora pico puede "
        "pedir que se le devuelva la llamada en lugar de esperar en línea, y el asesor ve el "
        "historial de contactos de todos los canales.",
        "impact": "El nivel de servicio (llamadas atendidas antes de 20 segundos) pasó del 61 % "
        "al 88 % y el abandono de llamadas bajó del 19 % al 6 %.",
        "users_reached": 410000,
        "coverage_note": "Cali, Palmira, Jamundí y Yumbo",
        "validation": "Los indicadores salen de la plataforma telefónica y los audita el área "
        "de control interno cada trimestre.",
        "replicability": "Las plataformas omnicanal en la nube permiten empezar con pocos "
        "puestos y crecer.",
        "limitations": "La migración de los registros antiguos de contactos tomó seis meses.",
        "factors": [
            (
                "Una sola vista del cliente",
                "El asesor conoce los contactos anteriores sin preguntar.",
            ),
            (
                "Devolución de llamadas",
                "Los picos de llamadas se atienden sin que el cliente espere en línea.",
            ),
        ],
        "metrics": [
            ("Nivel de servicio", 61, 88, "%", "Línea telefónica"),
            ("Abandono de llamadas", 19, 6, "%", "Línea telefónica"),
        ],
    },
    {
        "code": "BP-EVAL-EAASABANA-001-2022",
        "title": "Teletrabajo permanente para los asesores de servicio al cliente",
        "provider": "EAASABANA",
        "category": "Atención a usuarios en tiempos de COVID",
        "services": ["acueducto", "alcantarillado", "aseo"],
        "municipalities": ["25754", "25473", "25286", "25430"],
        "start": (2020, 3, 24),
        "end": None,
        "published": (2022, 1, 20),
        "target_population": "Asesores de servicio al cliente y usuarios de la línea de "
        "atención y la oficina virtual.",
        "summary": "El trabajo en casa que empezó con la pandemia se volvió teletrabajo "
        "permanente para 46 asesores de la línea de atención y la oficina virtual. Se "
        "priorizó a madres y padres cabeza de hogar y a personas con movilidad reducida. "
        "Cada puesto en casa tiene computador, diadema y conexión segura por VPN; la calidad "
        "de las llamadas se monitorea igual que en la sede y hay pausas activas virtuales.",
        "impact": "El ausentismo bajó del 7,1 % al 2,3 %, la rotación de asesores se redujo a "
        "la mitad y la empresa dejó de arrendar un piso de oficinas.",
        "users_reached": 260000,
        "coverage_note": "Soacha, Mosquera, Funza y Madrid",
        "validation": "La ARL evaluó los puestos de trabajo en casa y el Ministerio del Trabajo "
        "recibió el reporte de teletrabajo.",
        "replicability": "La Ley 1221 de 2008 regula el teletrabajo; basta una plataforma "
        "telefónica en la nube.",
        "limitations": "Algunos asesores viven en zonas con cortes de internet y tuvieron que "
        "volver a la sede.",
        "factors": [
            (
                "Puestos en casa completos",
                "Equipos, diadema, silla y conexión pagados por la empresa.",
            ),
            (
                "Acompañamiento del equipo",
                "Reuniones diarias cortas por video y un supervisor por cada doce asesores.",
            ),
        ],
        "metrics": [
            ("Ausentismo de los asesores", 7.1, 2.3, "%", ""),
            ("Asesores en teletrabajo", None, 46, "asesores", ""),
        ],
    },
    {
        "code": "BP-EVAL-ELECTROALTO-002-2023",
        "title": "Analítica de datos contra el hurto de energía",
        "provider": "ELECTROALTO",
        "category": "Medición y control de pérdidas",
        "services": ["energia-electrica"],
        "departments": ["41"],
        "start": (2021, 1, 1),
        "end": (2022, 12, 31),
        "published": (2023, 6, 2),
        "target_population": "Usuarios del servicio de energía del Huila y la comunidad "
        "afectada por las sobrecargas de la red.",
        "summary": "Las pérdidas no técnicas por conexiones ilegales y manipulación de "
        "medidores recargaban la tarifa de todos. Un modelo de analítica cruza los consumos "
        "históricos, el balance de energía de cada transformador y las denuncias de la "
        "comunidad para señalar a los usuarios con mayor probabilidad de fraude, y las "
        "inspecciones se programan según ese puntaje. Las conexiones ilegales encontradas se "
        "normalizan con acuerdos de pago.",
        "impact": "La efectividad de las inspecciones pasó del 12 % al 41 %, se normalizaron "
        "3.200 conexiones ilegales y se recuperaron 9,8 GWh al año.",
        "users_reached": 420000,
        "coverage_note": "Todo el departamento del Huila",
        "validation": "La Superintendencia revisó el procedimiento de inspección y el debido "
        "proceso de los usuarios.",
        "replicability": "El modelo usa datos que todo operador de red tiene: lecturas, "
        "transformadores y denuncias.",
        "limitations": "En zonas sin medición en los transformadores el balance no es posible.",
        "factors": [
            (
                "Medición en los transformadores",
                "Permite saber dónde se pierde la energía.",
            ),
            (
                "Debido proceso",
                "Cada hallazgo se documenta con fotos y el usuario puede controvertirlo.",
            ),
        ],
        "metrics": [
            ("Efectividad de las inspecciones", 12, 41, "%", ""),
            ("Energía recuperada", None, 9.8, "GWh/año", ""),
        ],
    },
    {
        "code": "BP-EVAL-GASCENTRO-001-2021",
        "title": "Cambio de fogones de leña por estufas a gas en hogares campesinos",
        "provider": "GASCENTRO",
        "category": "Subsidios y tarifas para usuarios vulnerables",
        "services": ["glp"],
        "municipalities": ["15861", "15646", "15835"],
        "start": (2019, 9, 1),
        "end": (2020, 11, 30),
        "published": (2021, 4, 22),
        "target_population": "Familias campesinas de Ventaquemada, Samacá y Turmequé que "
        "cocinaban con leña.",
        "summary": "Muchas familias campesinas cocinaban con leña en fogones dentro de la "
        "casa, con humo que enfermaba a mujeres y niños. Con la gobernación se entregó a "
        "1.850 hogares una estufa de dos puestos, un cilindro de GLP de 33 libras y la "
        "instalación certificada, y el subsidio cubrió la mitad de las primeras recargas. "
        "Las gestoras sociales enseñaron a usar el gas con seguridad.",
        "impact": "1.850 hogares dejaron la leña; las consultas por enfermedades "
        "respiratorias en los puestos de salud de las veredas bajaron un 22 % y se dejaron "
        "de talar unas 3.000 toneladas de leña al año.",
        "users_reached": 1850,
        "coverage_note": "Zona rural de Ventaquemada, Samacá y Turmequé",
        "validation": "La Secretaría de Salud de Boyacá midió las consultas respiratorias antes "
        "y después.",
        "replicability": "Aplicable donde llegue la distribución de cilindros; el subsidio "
        "puede venir del Fondo de Solidaridad o del departamento.",
        "limitations": "Cuando se acabó el subsidio algunas familias volvieron a combinar gas "
        "y leña.",
        "factors": [
            ("Alianza con la gobernación", "Aportó la mitad de las estufas."),
            (
                "Gestoras sociales de la zona",
                "Mujeres de las mismas veredas acompañaron el cambio.",
            ),
        ],
        "metrics": [
            ("Hogares que dejaron la leña", None, 1850, "hogares", ""),
            ("Consultas por enfermedad respiratoria", 100, 78, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-SPTOLIMA-001-2023",
        "title": "Recolección de aceite de cocina usado para cuidar el alcantarillado",
        "provider": "SPTOLIMA",
        "category": "Gestión ambiental y cuidado de las fuentes de agua",
        "services": ["alcantarillado", "aseo"],
        "municipalities": ["73001", "73268", "73449"],
        "start": (2021, 5, 1),
        "end": None,
        "published": (2023, 8, 16),
        "target_population": "Hogares, restaurantes y ventas de comida de Ibagué, Espinal y "
        "Melgar.",
        "summary": "Con la campaña «Ni una gota al sifón», hogares y restaurantes guardan el "
        "aceite de cocina usado en botellas y lo entregan en 120 puntos de acopio en "
        "supermercados, colegios y juntas de acción comunal, o lo recoge la ruta de "
        "restaurantes. Un gestor autorizado lo convierte en biodiésel. El aceite que antes "
        "se botaba al lavaplatos formaba tapones de grasa en las tuberías y los colectores.",
        "impact": "Se recogieron 86.000 litros de aceite usado en dos años y los taponamientos "
        "por grasas en el alcantarillado bajaron un 37 %.",
        "users_reached": 35000,
        "coverage_note": "Ibagué, Espinal y Melgar",
        "validation": "El gestor entrega certificados de disposición; la Corporación Autónoma "
        "Regional del Tolima verificó el proceso.",
        "replicability": "Solo requiere puntos de acopio y un gestor autorizado que compre el "
        "aceite.",
        "limitations": "Los vendedores ambulantes de comida todavía entregan poco.",
        "factors": [
            ("Puntos de acopio cercanos", "Supermercados y colegios reciben las botellas."),
            ("El aceite tiene comprador", "El gestor paga a los restaurantes por litro."),
        ],
        "metrics": [
            ("Aceite usado recogido", None, 86000, "litros", ""),
            ("Taponamientos por grasas", 100, 63, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-AGUASGALERAS-002-2023",
        "title": "Escuela del páramo: educación ambiental en la cuenca que abastece a Pasto",
        "provider": "AGUASGALERAS",
        "category": "Gestión ambiental y cuidado de las fuentes de agua",
        "services": ["acueducto"],
        "municipalities": ["52001"],
        "start": (2019, 2, 1),
        "end": None,
        "published": (2023, 4, 11),
        "target_population": "Estudiantes de colegios rurales y familias campesinas de la "
        "cuenca alta del río Pasto.",
        "summary": "El agua de Pasto nace en el páramo, donde la ganadería y los cultivos de "
        "papa avanzaban sobre los nacimientos. La Escuela del páramo lleva a estudiantes y "
        "familias campesinas a recorrer la cuenca, monitorear la calidad del agua con kits "
        "sencillos y producir plántulas en viveros comunitarios para la reforestación de "
        "nacimientos y rondas de las quebradas.",
        "impact": "Se sembraron 38.000 árboles nativos, 64 familias firmaron acuerdos de "
        "conservación y 2.100 estudiantes pasaron por la Escuela del páramo.",
        "users_reached": 2100,
        "coverage_note": "Cuenca alta del río Pasto",
        "validation": "Corponariño hizo el seguimiento de las áreas reforestadas.",
        "replicability": "Cualquier acueducto puede adoptar su cuenca abastecedora con colegios "
        "y juntas de acción comunal.",
        "limitations": "La conservación compite con el ingreso de las familias; los acuerdos "
        "necesitan incentivos.",
        "factors": [
            ("Viveros comunitarios", "Las familias producen y venden las plántulas."),
            ("Docentes rurales", "Los colegios incluyeron la escuela en su proyecto ambiental."),
        ],
        "metrics": [
            ("Árboles nativos sembrados", None, 38000, "árboles", ""),
            ("Estudiantes formados", None, 2100, "estudiantes", ""),
        ],
    },
    {
        "code": "BP-EVAL-AGUASATRATO-001-2022",
        "title": "Oficina fluvial: atención a los usuarios en lancha por el río Atrato",
        "provider": "AGUASATRATO",
        "category": "Atención en zonas rurales",
        "services": ["acueducto", "aseo"],
        "municipalities": ["27001", "27425", "27099"],
        "start": (2021, 2, 1),
        "end": None,
        "published": (2022, 11, 3),
        "target_population": "Comunidades ribereñas y corregimientos del río Atrato.",
        "summary": "Los usuarios de los corregimientos del Atrato viajaban horas en bote hasta "
        "Quibdó para pagar o reclamar. Una lancha adecuada como oficina recorre cada mes las "
        "comunidades ribereñas: con conexión satelital, los usuarios pagan, actualizan sus "
        "datos, presentan sus reclamos y piden visitas técnicas sin salir de su comunidad.",
        "impact": "La lancha atiende 23 comunidades; 4.300 trámites en el primer año y los "
        "reclamos sin respuesta por falta de notificación desaparecieron.",
        "users_reached": 6800,
        "coverage_note": "Quibdó, Medio Atrato y Bojayá",
        "validation": "Los consejos comunitarios evaluaron el servicio en asamblea.",
        "replicability": "Útil para cualquier prestador con usuarios en zonas de acceso fluvial.",
        "limitations": "En verano el río baja y algunas comunidades quedan sin visita.",
        "factors": [
            ("Calendario acordado", "Los consejos comunitarios fijan la fecha de cada visita."),
            ("Conexión satelital", "Los trámites quedan registrados en el mismo momento."),
        ],
        "metrics": [
            ("Comunidades ribereñas atendidas", None, 23, "comunidades", ""),
            ("Trámites en la lancha", None, 4300, "trámites", ""),
        ],
    },
    {
        "code": "BP-EVAL-SPTOLIMA-002-2022",
        "title": "Facturación mensual en lugar de bimestral",
        "provider": "SPTOLIMA",
        "category": "Facturación y recaudo",
        "services": ["acueducto", "alcantarillado", "aseo"],
        "municipalities": ["73001"],
        "start": (2021, 1, 1),
        "end": (2021, 12, 31),
        "published": (2022, 6, 21),
        "target_population": "Suscriptores de acueducto, alcantarillado y aseo de Ibagué.",
        "summary": "La empresa facturaba cada dos meses y muchas familias no alcanzaban a "
        "reunir el valor de la factura bimestral. Se pasó a la facturación mensual: lectura "
        "y factura cada mes, con el mismo costo de reparto gracias a la factura digital. Los "
        "valores más pequeños se pagan a tiempo y las fugas se notan un mes antes.",
        "impact": "El recaudo oportuno subió del 74 % al 89 % y los usuarios en mora bajaron "
        "un 31 %.",
        "users_reached": 152000,
        "coverage_note": "Ibagué",
        "validation": "Encuesta a 1.100 suscriptores: el 81 % prefiere recibir la factura cada "
        "mes.",
        "replicability": "Requiere capacidad de lectura mensual o telemedida.",
        "limitations": "El primer año aumentaron los costos de lectura.",
        "factors": [
            ("Factura digital", "Compensó el costo de entregar el doble de facturas."),
            ("Comunicación previa", "Tres meses de avisos antes del cambio."),
        ],
        "metrics": [
            ("Recaudo oportuno", 74, 89, "%", ""),
            ("Usuarios en mora", 100, 69, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-ENERCARIBE-002-2024",
        "title": "Pago de la factura de energía con Nequi, Daviplata y PSE",
        "provider": "ENERCARIBE",
        "category": "Facturación y recaudo",
        "services": ["energia-electrica"],
        "departments": ["08", "47", "44"],
        "start": (2022, 4, 1),
        "end": None,
        "published": (2024, 9, 12),
        "target_population": "Usuarios de energía del Atlántico, el Magdalena y La Guajira.",
        "summary": "Pagar la factura exigía ir a un punto de pago y hacer fila. Se firmaron "
        "convenios con las billeteras digitales Nequi y Daviplata y se habilitó el botón "
        "PSE en la página web: con el número de contrato, el usuario paga desde el celular "
        "a cualquier hora y el pago se aplica en línea, sin esperar días.",
        "impact": "El recaudo por canales digitales pasó del 9 % al 34 % del total y las filas "
        "en los puntos de pago bajaron en los días de vencimiento.",
        "users_reached": 690000,
        "coverage_note": "Atlántico, Magdalena y La Guajira",
        "validation": "Conciliación diaria del recaudo con las entidades financieras.",
        "replicability": "Las billeteras digitales ofrecen el convenio de recaudo a cualquier "
        "empresa.",
        "limitations": "Los usuarios sin cuenta ni celular inteligente siguen pagando en efectivo.",
        "factors": [
            ("Aplicación del pago en línea", "El usuario suspendido se reconecta el mismo día."),
            ("Campaña en redes", "Videos cortos sobre cómo pagar con el celular."),
        ],
        "metrics": [
            ("Recaudo por canales digitales", 9, 34, "%", "Nequi, Daviplata y PSE"),
        ],
    },
    {
        "code": "BP-EVAL-AMORIENTE-002-2022",
        "title": "Acompañamiento a los acueductos veredales: cloración y vigilancia del IRCA",
        "provider": "AMORIENTE",
        "category": "Atención en zonas rurales",
        "services": ["acueducto"],
        "municipalities": ["05615", "05607", "05376"],
        "start": (2020, 2, 1),
        "end": (2021, 11, 30),
        "published": (2022, 3, 8),
        "target_population": "Juntas administradoras de acueductos veredales y comunitarios "
        "y sus usuarios.",
        "summary": "Veintitrés acueductos veredales administrados por juntas comunitarias "
        "entregaban agua sin tratar. La empresa les dio asistencia técnica sin costo: "
        "instaló dosificadores de cloro, capacitó a los fontaneros en la operación y el "
        "mantenimiento, y toma cada mes muestras para calcular el índice de riesgo de la "
        "calidad del agua (IRCA).",
        "impact": "El IRCA promedio de los acueductos acompañados bajó de 38 (riesgo alto) a 4 "
        "(sin riesgo); 9.400 personas de la zona rural reciben agua apta para el consumo "
        "humano.",
        "users_reached": 9400,
        "coverage_note": "Veredas de Rionegro, El Retiro y La Ceja",
        "validation": "La Secretaría Seccional de Salud de Antioquia confirmó los resultados "
        "del IRCA.",
        "replicability": "Los prestadores urbanos pueden acompañar a los comunitarios de su "
        "municipio con recursos del plan de aseguramiento.",
        "limitations": "Las juntas cambian cada dos años y hay que volver a capacitar.",
        "factors": [
            ("Fontaneros capacitados", "Cada acueducto tiene quien opere la cloración."),
            ("Laboratorio de la empresa", "Analiza las muestras sin costo para las juntas."),
        ],
        "metrics": [
            ("IRCA promedio", 38, 4, "puntos", ""),
            ("Acueductos veredales acompañados", None, 23, "acueductos", ""),
        ],
    },
    {
        "code": "BP-EVAL-EAASABANA-002-2023",
        "title": "Corrección de conexiones erradas al alcantarillado con pruebas de humo",
        "provider": "EAASABANA",
        "category": "Gestión ambiental y cuidado de las fuentes de agua",
        "services": ["alcantarillado"],
        "municipalities": ["25754", "25473"],
        "start": (2021, 7, 1),
        "end": (2022, 12, 15),
        "published": (2023, 3, 29),
        "target_population": "Propietarios de predios con conexiones erradas en Soacha y Mosquera.",
        "summary": "Casas que conectaban las aguas lluvias al alcantarillado sanitario lo "
        "hacían rebosar en cada aguacero, y las que conectaban sus aguas residuales al "
        "canal pluvial contaminaban el río Bogotá. Con pruebas de humo y de colorante en "
        "2.300 predios se identificaron las conexiones erradas, y un equipo social acompañó "
        "a cada propietario en la corrección, con materiales financiados en la factura.",
        "impact": "Se corrigieron 410 conexiones erradas y los reboses del alcantarillado "
        "sanitario en temporada de lluvias bajaron un 45 %.",
        "users_reached": 2300,
        "coverage_note": "Soacha y Mosquera",
        "validation": "La CAR de Cundinamarca verificó la calidad del agua en los canales.",
        "replicability": "Las pruebas de humo son baratas; lo difícil es acompañar al "
        "propietario, por eso el equipo social.",
        "limitations": "Algunos propietarios no permitieron la prueba dentro del predio.",
        "factors": [
            ("Equipo social", "Explica a cada familia por qué y cómo corregir."),
            ("Financiación en la factura", "La obra se paga en cuotas pequeñas."),
        ],
        "metrics": [
            ("Conexiones erradas corregidas", None, 410, "conexiones", ""),
            ("Reboses en temporada de lluvias", 100, 55, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-GASCENTRO-002-2023",
        "title": "Revisión periódica de las instalaciones de gas con agendamiento en línea",
        "provider": "GASCENTRO",
        "category": "Seguridad de las instalaciones de gas",
        "services": ["gas-natural"],
        "municipalities": ["15001", "15238", "15759"],
        "start": (2022, 1, 15),
        "end": None,
        "published": (2023, 10, 4),
        "target_population": "Suscriptores residenciales de gas natural de Tunja, Duitama y "
        "Sogamoso.",
        "summary": "La revisión técnica reglamentaria de las instalaciones de gas, obligatoria "
        "cada cinco años, se vencía sin que el usuario lo supiera y terminaba en suspensión "
        "del servicio. Ahora la empresa avisa con tres meses de anticipación por mensaje de "
        "texto y en la factura, y el usuario agenda la visita del organismo de inspección "
        "acreditado por WhatsApp o en la página web, en la franja que prefiera. Al final "
        "recibe el certificado de la instalación por correo.",
        "impact": "Las suspensiones por no tener el certificado vigente bajaron un 71 % y las "
        "visitas fallidas porque no había nadie en casa, un 58 %.",
        "users_reached": 128000,
        "coverage_note": "Tunja, Duitama y Sogamoso",
        "validation": "El organismo de inspección reporta cada revisión al Sistema de "
        "Información de la Superintendencia.",
        "replicability": "Todo distribuidor de gas debe hacer esta revisión; el agendamiento "
        "se hace con herramientas comunes.",
        "limitations": "Los organismos de inspección tienen pocos técnicos en temporada alta.",
        "factors": [
            ("Aviso anticipado", "El usuario sabe con tiempo que debe revisar su instalación."),
            ("Franja a elección", "Visitas en sábado y al final de la tarde."),
        ],
        "metrics": [
            ("Suspensiones por certificado vencido", 100, 29, "%", ""),
            ("Visitas fallidas", 100, 42, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-GASPACIFICO-002-2024",
        "title": "Prevención de intoxicaciones por monóxido de carbono en las viviendas",
        "provider": "GASPACIFICO",
        "category": "Seguridad de las instalaciones de gas",
        "services": ["gas-natural"],
        "municipalities": ["76001", "76520"],
        "start": (2023, 2, 1),
        "end": None,
        "published": (2024, 6, 18),
        "target_population": "Hogares de estratos 1 y 2 con calentadores de agua a gas en "
        "Cali y Palmira.",
        "summary": "Cada año había intoxicaciones, algunas mortales, por calentadores de paso "
        "instalados en baños cerrados o por rejillas de ventilación tapadas para evitar el "
        "frío. Gestores de la empresa visitaron casa a casa las viviendas con calentador, "
        "revisaron la ventilación y el tiro de los gases, y entregaron detectores de "
        "monóxido de carbono; la campaña «No tapes la rejilla» se difundió en colegios y "
        "emisoras.",
        "impact": "Se visitaron 21.000 viviendas, se instalaron 6.500 detectores y no se "
        "registraron intoxicaciones graves en los barrios intervenidos.",
        "users_reached": 21000,
        "coverage_note": "Cali y Palmira",
        "validation": "La Secretaría de Salud de Cali cruzó los casos de intoxicación "
        "reportados con los barrios visitados.",
        "replicability": "Las visitas pueden aprovechar la revisión periódica obligatoria.",
        "limitations": "Los calentadores instalados sin permiso no aparecen en los registros.",
        "factors": [
            ("Detectores donados", "Un aliado del sector asegurador financió los detectores."),
            ("Mensaje simple", "«No tapes la rejilla» se entiende a la primera."),
        ],
        "metrics": [
            ("Viviendas visitadas", None, 21000, "viviendas", ""),
            ("Detectores de monóxido instalados", None, 6500, "detectores", ""),
        ],
    },
    {
        "code": "BP-EVAL-ENERCAUCA-001-2021",
        "title": "Energía solar para las veredas no interconectadas del Pacífico caucano",
        "provider": "ENERCAUCA",
        "category": "Atención en zonas rurales",
        "services": ["energia-electrica"],
        "municipalities": ["19318", "19809", "19418"],
        "start": (2019, 6, 1),
        "end": (2020, 12, 31),
        "published": (2021, 10, 14),
        "target_population": "Comunidades afrodescendientes de las zonas no interconectadas "
        "(ZNI) de Guapi, Timbiquí y López de Micay.",
        "summary": "Las veredas del Pacífico caucano tenían energía solo cuatro horas por la "
        "noche, con plantas diésel costosas. Se instalaron sistemas solares fotovoltaicos "
        "individuales (paneles solares, baterías e inversor) en 940 viviendas y se formó "
        "a técnicos de las mismas comunidades para el mantenimiento. Los usuarios pagan una "
        "tarifa subsidiada por el Fondo de Apoyo Financiero para la Energización de las "
        "Zonas No Interconectadas (FAZNI).",
        "impact": "Las 940 viviendas tienen energía las 24 horas; el gasto de las familias en "
        "combustible bajó un 70 % y las escuelas pueden usar computadores.",
        "users_reached": 4200,
        "coverage_note": "Guapi, Timbiquí y López de Micay",
        "validation": "El IPSE verificó la instalación y el funcionamiento de los sistemas.",
        "replicability": "Modelo aplicable en cualquier zona no interconectada con recursos del "
        "FAZNI.",
        "limitations": "El transporte de los equipos por río y mar encareció la instalación.",
        "factors": [
            ("Técnicos locales", "Jóvenes de las comunidades mantienen los sistemas."),
            ("Consejos comunitarios", "Decidieron el orden de instalación."),
        ],
        "metrics": [
            ("Viviendas con sistema solar", None, 940, "viviendas", ""),
            ("Horas de servicio al día", 4, 24, "horas", ""),
        ],
    },
    {
        "code": "BP-EVAL-ELECTROALTO-003-2024",
        "title": "Respuestas a las PQRSD con notificación electrónica y firma digital",
        "provider": "ELECTROALTO",
        "category": "Gestión de peticiones, quejas y reclamos (PQR)",
        "services": ["energia-electrica"],
        "departments": ["41"],
        "start": (2023, 1, 10),
        "end": None,
        "published": (2024, 2, 27),
        "target_population": "Usuarios que presentan peticiones, quejas, reclamos, sugerencias "
        "y denuncias (PQRSD).",
        "summary": "Notificar la respuesta de una PQRSD exigía citar al usuario para "
        "notificación personal y, si no venía, enviar la respuesta por correo físico: "
        "semanas de trámite y recursos perdidos por vencimiento de términos. Con autorización "
        "del usuario, la respuesta se notifica ahora por correo electrónico certificado, "
        "firmada digitalmente, y queda la constancia de entrega y lectura.",
        "impact": "El tiempo de notificación bajó de 9 días a 1 día y los costos de mensajería "
        "un 78 %; el 64 % de los usuarios autorizó la notificación electrónica.",
        "users_reached": 38000,
        "coverage_note": "Todo el departamento del Huila",
        "validation": "El área jurídica verificó que la notificación cumple la Ley 1437 de 2011.",
        "replicability": "Cualquier prestador puede contratar el correo electrónico certificado "
        "y los certificados de firma digital.",
        "limitations": "Los usuarios sin correo electrónico siguen con notificación personal.",
        "factors": [
            ("Autorización en el primer contacto", "El asesor la pide al radicar la PQRSD."),
            ("Firma digital", "La respuesta tiene validez jurídica sin papel."),
        ],
        "metrics": [
            ("Tiempo de notificación", 9, 1, "días", ""),
            ("Usuarios con notificación electrónica", None, 64, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-AGUASGUAJIRA-001-2023",
        "title": "Atención en wayuunaiki para las comunidades wayuu",
        "provider": "AGUASGUAJIRA",
        "category": "Inclusión y accesibilidad",
        "services": ["acueducto"],
        "municipalities": ["44001", "44847", "44560", "44430"],
        "start": (2021, 9, 1),
        "end": None,
        "published": (2023, 5, 30),
        "target_population": "Comunidades indígenas wayuu de Riohacha, Uribia, Manaure y Maicao.",
        "summary": "Muchos usuarios wayuu no hablan español y no entendían la factura ni los "
        "horarios de los carrotanques y las pilas públicas. La empresa vinculó gestores "
        "bilingües que atienden en wayuunaiki en las oficinas y en las rancherías, grabó en "
        "audio la explicación de la factura para enviarla por WhatsApp y por la radio "
        "comunitaria, y concertó los horarios con las autoridades tradicionales.",
        "impact": "Los reclamos de usuarios wayuu resueltos en el primer contacto subieron del "
        "35 % al 80 %; 112 rancherías reciben los avisos en su lengua.",
        "users_reached": 27000,
        "coverage_note": "Riohacha, Uribia, Manaure y Maicao",
        "validation": "Las autoridades tradicionales validaron las traducciones.",
        "replicability": "Aplicable con cualquier pueblo indígena que conserve su lengua.",
        "limitations": "Algunos términos técnicos no tienen equivalente en wayuunaiki.",
        "factors": [
            ("Gestores bilingües", "Son de las mismas comunidades."),
            ("Concertación con las autoridades tradicionales", "Antes de cada cambio."),
        ],
        "metrics": [
            ("Reclamos resueltos en el primer contacto", 35, 80, "%", ""),
            ("Rancherías con avisos en wayuunaiki", None, 112, "rancherías", ""),
        ],
    },
    {
        "code": "BP-EVAL-LIMPIEZAORIENTE-001-2022",
        "title": "Recolección de residuos voluminosos y escombros con cita en línea",
        "provider": "LIMPIEZAORIENTE",
        "category": "Gestión de residuos y aprovechamiento",
        "services": ["aseo"],
        "municipalities": ["68001", "68276", "68307", "68547"],
        "start": (2021, 3, 1),
        "end": None,
        "published": (2022, 8, 9),
        "target_population": "Usuarios del servicio de aseo del área metropolitana de Bucaramanga.",
        "summary": "Colchones, muebles viejos, electrodomésticos, escombros de obras menores y "
        "restos de poda terminaban en los andenes y los lotes. Ahora el usuario pide una cita "
        "para la recolección de residuos voluminosos por WhatsApp o en la página web; un "
        "vehículo pasa en la fecha acordada. Se cobra por metro cúbico, y los estratos 1 y 2 "
        "tienen una recolección gratis al año.",
        "impact": "Se atendieron 14.600 citas en el primer año y los puntos críticos con "
        "residuos voluminosos bajaron un 52 %.",
        "users_reached": 14600,
        "coverage_note": "Bucaramanga, Floridablanca, Girón y Piedecuesta",
        "validation": "La interventoría del servicio de aseo verificó el censo de puntos críticos.",
        "replicability": "Cualquier operador de aseo puede ofrecer el servicio especial con cita.",
        "limitations": "Los escombros de obras grandes no se recogen: deben ir a una "
        "escombrera autorizada.",
        "factors": [
            (
                "Cita en línea",
                "El usuario elige la fecha y no tiene que sacar nada a la calle antes.",
            ),
            ("Recolección gratis una vez al año", "Para los estratos 1 y 2."),
        ],
        "metrics": [
            ("Citas de recolección atendidas", None, 14600, "citas", ""),
            ("Puntos críticos con residuos voluminosos", 100, 48, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-EAASABANA-003-2024",
        "title": "Alertas de consumo por desviación significativa antes de facturar",
        "provider": "EAASABANA",
        "category": "Medición y control de pérdidas",
        "services": ["acueducto"],
        "municipalities": ["25754", "25286"],
        "start": (2023, 3, 1),
        "end": None,
        "published": (2024, 7, 23),
        "target_population": "Suscriptores residenciales de acueducto de Soacha y Funza.",
        "summary": "Cuando la lectura del medidor muestra una desviación significativa frente "
        "al promedio de los últimos seis meses, la empresa avisa al suscriptor por mensaje de "
        "texto antes de expedir la factura y le ofrece una visita gratuita de revisión "
        "interna para buscar fugas imperceptibles en sanitarios y tuberías de la casa.",
        "impact": "Los reclamos por alto consumo bajaron un 44 % y se encontraron 3.900 fugas "
        "internas en el primer año.",
        "users_reached": 12500,
        "coverage_note": "Soacha y Funza",
        "validation": "El análisis de los reclamos de 2023 y 2024 lo revisaron los vocales de "
        "control.",
        "replicability": "La regulación ya obliga a investigar las desviaciones "
        "significativas; avisar antes de facturar cuesta un mensaje de texto.",
        "limitations": "Sin número de celular actualizado el aviso no llega.",
        "factors": [
            ("Aviso antes de la factura", "El usuario arregla la fuga antes de que le cobren."),
            ("Visita gratuita", "Un fontanero revisa sanitarios y tuberías internas."),
        ],
        "metrics": [
            ("Reclamos por alto consumo", 100, 56, "%", ""),
            ("Fugas internas encontradas", None, 3900, "fugas", ""),
        ],
    },
    {
        "code": "BP-EVAL-SPTOLIMA-003-2024",
        "title": "Compostaje de los residuos orgánicos de las plazas de mercado",
        "provider": "SPTOLIMA",
        "category": "Gestión de residuos y aprovechamiento",
        "services": ["aseo"],
        "municipalities": ["73001"],
        "start": (2022, 6, 1),
        "end": None,
        "published": (2024, 4, 30),
        "target_population": "Comerciantes de las plazas de mercado de Ibagué y productores "
        "rurales.",
        "summary": "Las cáscaras y restos de frutas y verduras de las seis plazas de mercado de "
        "Ibagué iban al relleno sanitario. Los comerciantes los separan ahora en canecas "
        "verdes y una ruta exclusiva los lleva a una planta de compostaje, donde se "
        "convierten en abono orgánico que se entrega a productores rurales y a la huerta "
        "escolar.",
        "impact": "Se aprovechan 310 toneladas al mes de residuos orgánicos y se producen 95 "
        "toneladas de abono.",
        "users_reached": 1900,
        "coverage_note": "Ibagué",
        "validation": "El ICA registró el abono producido.",
        "replicability": "Aplicable en toda ciudad con plazas de mercado y un lote para compostar.",
        "limitations": "La separación falla los días de mayor venta.",
        "factors": [
            ("Comerciantes comprometidos", "Cada plaza tiene un líder de separación."),
            ("Ruta exclusiva", "Los orgánicos no se mezclan con el resto."),
        ],
        "metrics": [
            ("Residuos orgánicos aprovechados", None, 310, "toneladas/mes", ""),
            ("Abono producido", None, 95, "toneladas/mes", ""),
        ],
    },
    {
        "code": "BP-EVAL-ENERCARIBE-003-2022",
        "title": "La tarifa explicada: pedagogía sobre la opción tarifaria y el costo unitario",
        "provider": "ENERCARIBE",
        "category": "Educación y cultura ciudadana",
        "services": ["energia-electrica"],
        "departments": ["08", "47"],
        "start": (2021, 2, 1),
        "end": (2021, 12, 31),
        "published": (2022, 4, 6),
        "target_population": "Usuarios, vocales de control y juntas de acción comunal del "
        "Atlántico y el Magdalena.",
        "summary": "Los usuarios no entendían por qué subía la tarifa cada mes. Con los vocales "
        "de control y las juntas de acción comunal se hicieron talleres sobre el costo "
        "unitario (CU) de prestación y sus componentes: generación, transmisión, "
        "distribución, comercialización, pérdidas y restricciones, y sobre el saldo de la "
        "opción tarifaria que la CREG permitió diferir en la pandemia. Un simulador en "
        "línea muestra cómo se calcula el valor de la factura.",
        "impact": "Los reclamos por tarifa bajaron un 29 % y 3.400 líderes comunitarios "
        "asistieron a los talleres.",
        "users_reached": 3400,
        "coverage_note": "Atlántico y Magdalena",
        "validation": "Los vocales de control evaluaron los talleres.",
        "replicability": "Los materiales se adaptan a cualquier comercializador.",
        "limitations": "Los cambios de tarifa de cada mes obligan a actualizar los ejemplos.",
        "factors": [
            ("Lenguaje claro", "Cada componente del costo unitario con un ejemplo de la casa."),
            ("Simulador en línea", "El usuario ve su propia factura."),
        ],
        "metrics": [
            ("Reclamos por tarifa", 100, 71, "%", ""),
            ("Líderes comunitarios formados", None, 3400, "personas", ""),
        ],
    },
    {
        "code": "BP-EVAL-GASCENTRO-003-2022",
        "title": "Financiación de la conexión a gas natural para hogares de estratos 1 y 2",
        "provider": "GASCENTRO",
        "category": "Subsidios y tarifas para usuarios vulnerables",
        "services": ["gas-natural"],
        "municipalities": ["15001", "15516", "15176"],
        "start": (2020, 7, 1),
        "end": (2021, 12, 31),
        "published": (2022, 2, 15),
        "target_population": "Hogares de estratos 1 y 2 sin gas natural en Tunja, Paipa y "
        "Chiquinquirá.",
        "summary": "El cargo por conexión y la red interna costaban más de lo que una familia "
        "de estrato 1 podía pagar de contado. Con recursos del Fondo Especial Cuota de "
        "Fomento de Gas Natural se subsidió parte de la conexión, y el resto se financió a "
        "72 meses sin cuota inicial, cobrado en la factura.",
        "impact": "6.700 hogares se conectaron al gas natural y dejaron de comprar cilindros; "
        "el gasto en combustible para cocinar bajó un 40 %.",
        "users_reached": 6700,
        "coverage_note": "Tunja, Paipa y Chiquinquirá",
        "validation": "El Ministerio de Minas y Energía verificó las conexiones subsidiadas.",
        "replicability": "Cualquier distribuidor puede presentar proyectos al Fondo Especial "
        "Cuota de Fomento.",
        "limitations": "Algunas viviendas necesitaban reformas antes de la red interna.",
        "factors": [
            ("Sin cuota inicial", "La financiación se cobra en la factura."),
            ("Subsidio del Fondo", "Cubre la mitad del cargo por conexión."),
        ],
        "metrics": [
            ("Hogares conectados", None, 6700, "hogares", ""),
        ],
    },
    {
        "code": "BP-EVAL-AGUASEJE-001-2024",
        "title": "Puertas abiertas en la planta de tratamiento de aguas residuales (PTAR)",
        "provider": "AGUASEJE",
        "category": "Gestión ambiental y cuidado de las fuentes de agua",
        "services": ["alcantarillado"],
        "municipalities": ["66001", "66170"],
        "start": (2023, 2, 1),
        "end": None,
        "published": (2024, 11, 19),
        "target_population": "Estudiantes, universidades, vocales de control y usuarios de "
        "Pereira y Dosquebradas.",
        "summary": "Pocos usuarios sabían qué pasa con lo que se bota al sanitario. La PTAR "
        "abre sus puertas con visitas guiadas: los visitantes recorren las rejillas, los "
        "desarenadores, los reactores anaerobios y los lechos de secado de lodos, y ven "
        "cómo las toallitas húmedas y el aceite dañan los equipos.",
        "impact": "7.800 visitantes en el primer año; los atascos de las rejillas por toallitas "
        "bajaron un 20 % en los sectores de los colegios que la visitaron.",
        "users_reached": 7800,
        "coverage_note": "Pereira y Dosquebradas",
        "validation": "Encuesta de salida a los visitantes.",
        "replicability": "Cualquier planta con un recorrido seguro puede recibir visitas.",
        "limitations": "El cupo de visitas es de dos grupos al día.",
        "factors": [
            ("Recorrido seguro", "Señalización y guías formados."),
            ("Alianza con colegios", "La visita hace parte de la clase de ciencias."),
        ],
        "metrics": [
            ("Visitantes de la PTAR", None, 7800, "visitantes", ""),
        ],
    },
    {
        "code": "BP-EVAL-LIMPIEZAORIENTE-002-2024",
        "title": "Reciclaje con descuento en la factura de aseo",
        "provider": "LIMPIEZAORIENTE",
        "category": "Gestión de residuos y aprovechamiento",
        "services": ["aseo"],
        "municipalities": ["68001", "68276"],
        "start": (2023, 1, 1),
        "end": None,
        "published": (2024, 10, 8),
        "target_population": "Hogares y conjuntos residenciales de Bucaramanga y Floridablanca.",
        "summary": "Los hogares que separan en la fuente llevan el material reciclable limpio "
        "(cartón, plástico, vidrio y metal) a los puntos ecológicos, donde una báscula lo "
        "pesa y lo acredita a su contrato. Cada kilo se convierte en puntos que se canjean "
        "por descuentos en la factura de aseo. Los recicladores de oficio operan los puntos "
        "y venden el material.",
        "impact": "4.200 hogares inscritos, 180 toneladas de material reciclable al año y "
        "descuentos promedio del 12 % en la factura de aseo.",
        "users_reached": 4200,
        "coverage_note": "Bucaramanga y Floridablanca",
        "validation": "La Superintendencia recibió el reporte de toneladas aprovechadas.",
        "replicability": "Sirve a cualquier operador de aseo con organizaciones de "
        "recicladores en su área.",
        "limitations": "Los puntos ecológicos solo abren de día.",
        "factors": [
            ("Incentivo en la factura", "El hogar ve el descuento cada mes."),
            ("Recicladores de oficio", "Operan los puntos y reciben el material limpio."),
        ],
        "metrics": [
            ("Hogares inscritos", None, 4200, "hogares", ""),
            ("Material reciclable recibido", None, 180, "toneladas/año", ""),
        ],
    },
    # Fichas added for the held-out judgments (``held_out = true`` in
    # tests/search_judgments.toml): subjects none of the earlier judgments touch, written
    # without looking at the search's thesaurus or its code.
    {
        "code": "BP-EVAL-ENERCARIBE-004-2024",
        "title": "Registro de usuarios electrodependientes con aviso prioritario de interrupciones",
        "provider": "ENERCARIBE",
        "category": "Continuidad del servicio e información sobre interrupciones",
        "services": ["energia-electrica"],
        "municipalities": ["08001", "08758", "08573"],
        "start": (2022, 9, 1),
        "end": None,
        "published": (2024, 1, 16),
        "target_population": "Personas que dependen en su casa de equipos médicos que "
        "funcionan con energía eléctrica, y sus cuidadores.",
        "summary": "Pacientes con concentradores de oxígeno, ventiladores mecánicos o equipos "
        "de diálisis peritoneal en casa quedaban en riesgo cada vez que se iba la energía, y "
        "la empresa no sabía dónde vivían. Con la historia clínica o una certificación de la "
        "EPS, el usuario se inscribe como electrodependiente en la oficina virtual o en "
        "cualquier oficina. Su cuenta queda marcada en el sistema de gestión de la "
        "distribución: recibe llamada y mensaje de texto 72 horas antes de cada suspensión "
        "programada, tiene una línea prioritaria para reportar fallas, y en los cortes "
        "imprevistos la cuadrilla atiende primero los circuitos con usuarios inscritos. A "
        "quienes no tenían respaldo se les prestó una batería portátil.",
        "impact": "2.380 usuarios electrodependientes inscritos; todos recibieron el aviso de "
        "las suspensiones programadas y el tiempo de atención de sus fallas bajó de 5,2 a "
        "1,4 horas.",
        "users_reached": 2380,
        "coverage_note": "Barranquilla, Soledad y Puerto Colombia",
        "validation": "La Secretaría de Salud del Atlántico cruzó el registro con las EPS para "
        "confirmar los pacientes.",
        "replicability": "Cualquier operador de red puede marcar las cuentas de estos usuarios "
        "en su sistema comercial y en el de gestión de la distribución.",
        "limitations": "Muchos pacientes no se inscriben hasta que sufren un corte; el registro "
        "depende de que las EPS lo difundan.",
        "factors": [
            ("Certificación sencilla", "Basta la fórmula médica o la certificación de la EPS."),
            (
                "Cuadrillas informadas",
                "El mapa de la red muestra dónde vive cada usuario inscrito.",
            ),
        ],
        "metrics": [
            ("Usuarios electrodependientes inscritos", None, 2380, "usuarios", ""),
            ("Tiempo de atención de sus fallas", 5.2, 1.4, "horas", ""),
        ],
    },
    {
        "code": "BP-EVAL-ELECTROALTO-004-2024",
        "title": "Reclamación en línea por daños de equipos causados por variaciones de tensión",
        "provider": "ELECTROALTO",
        "category": "Gestión de peticiones, quejas y reclamos (PQR)",
        "services": ["energia-electrica"],
        "departments": ["41"],
        "start": (2022, 2, 1),
        "end": None,
        "published": (2024, 8, 20),
        "target_population": "Usuarios residenciales y pequeños comercios del Huila.",
        "summary": "Después de las tormentas eléctricas y de las fallas en la red, las "
        "sobretensiones dañaban neveras, televisores, computadores y motobombas, y reclamar "
        "tomaba meses: el usuario debía llevar el equipo a la oficina y conseguir tres "
        "cotizaciones. Ahora radica el reclamo por daño de equipos en la página web o por "
        "WhatsApp, con fotos del aparato y de su placa; la empresa revisa los registros del "
        "transformador y del circuito para confirmar la variación de tensión, un técnico "
        "aliado hace el diagnóstico a domicilio y, si la falla fue de la red, la empresa paga "
        "la reparación o la reposición del equipo en quince días hábiles.",
        "impact": "Se resolvieron 3.150 reclamos por daño de equipos; el tiempo de respuesta "
        "pasó de 74 a 12 días hábiles y las quejas ante la Superintendencia por este motivo "
        "bajaron un 60 %.",
        "users_reached": 3150,
        "coverage_note": "Todo el departamento del Huila",
        "validation": "La aseguradora de responsabilidad civil auditó una muestra de los pagos.",
        "replicability": "Requiere registros de la calidad de la potencia en los "
        "transformadores y una red de técnicos aliados.",
        "limitations": "Los equipos sin placa legible o muy antiguos no siempre se pueden valorar.",
        "factors": [
            ("Pruebas con fotos", "El usuario no tiene que cargar el equipo hasta la oficina."),
            (
                "Datos de la red",
                "Los registros del transformador muestran si hubo sobretensión.",
            ),
        ],
        "metrics": [
            ("Reclamos por daño de equipos resueltos", None, 3150, "reclamos", "WhatsApp"),
            ("Tiempo de respuesta", 74, 12, "días hábiles", ""),
        ],
    },
    {
        "code": "BP-EVAL-GASCENTRO-004-2024",
        "title": "Cilindros de GLP con peso verificado frente al usuario y trazabilidad por "
        "código QR",
        "provider": "GASCENTRO",
        "category": "Seguridad de las instalaciones de gas",
        "services": ["glp"],
        "municipalities": ["15759", "15238", "15693"],
        "start": (2022, 10, 1),
        "end": None,
        "published": (2024, 3, 19),
        "target_population": "Hogares y negocios que usan gas licuado de petróleo (GLP) en "
        "cilindros en Sogamoso, Duitama y sus veredas.",
        "summary": "Los usuarios se quejaban de que el cilindro de 40 libras se acababa antes "
        "de tiempo y no tenían cómo comprobar si venía completo ni si estaba en buen estado. "
        "Cada cilindro lleva ahora un código QR grabado en el collarín: al escanearlo, el "
        "usuario ve la fecha de envasado, el peso neto, la última prueba hidrostática y el "
        "distribuidor. Los repartidores llevan una báscula digital y pesan el cilindro "
        "delante del usuario al entregarlo; si le falta gas, el usuario paga solo lo que "
        "recibe. El precio por libra se publica cada mes en las tiendas y en la página web.",
        "impact": "Se marcaron 42.000 cilindros; los reclamos por cilindros incompletos bajaron "
        "un 81 % y se retiraron de circulación 1.900 cilindros con la prueba vencida.",
        "users_reached": 36000,
        "coverage_note": "Sogamoso, Duitama y Santa Rosa de Viterbo",
        "validation": "La Superintendencia de Industria y Comercio verificó la calibración de "
        "las básculas.",
        "replicability": "El marcado de los cilindros ya es obligatorio; la báscula en el "
        "vehículo de reparto es una inversión pequeña.",
        "limitations": "Los expendios informales siguen vendiendo cilindros sin marcar.",
        "factors": [
            ("Báscula en cada entrega", "El usuario ve el peso con sus propios ojos."),
            ("Código QR en el collarín", "La historia del cilindro está a un clic."),
        ],
        "metrics": [
            ("Cilindros marcados con código QR", None, 42000, "cilindros", ""),
            ("Reclamos por cilindros incompletos", 100, 19, "%", ""),
        ],
    },
    {
        "code": "BP-EVAL-AGUASGUAJIRA-002-2024",
        "title": "Atención a la población migrante y retornada de Venezuela",
        "provider": "AGUASGUAJIRA",
        "category": "Inclusión y accesibilidad",
        "services": ["acueducto", "alcantarillado"],
        "municipalities": ["44001", "44430"],
        "start": (2022, 5, 1),
        "end": None,
        "published": (2024, 5, 7),
        "target_population": "Familias migrantes venezolanas y colombianos retornados que "
        "viven en arriendo o en asentamientos de Riohacha y Maicao.",
        "summary": "Las familias que llegaron de Venezuela no podían registrarse como usuarias "
        "ni presentar reclamos porque el sistema comercial solo aceptaba la cédula "
        "colombiana, y muchas vivían en asentamientos sin conexión. La empresa habilitó el "
        "Permiso por Protección Temporal (PPT) y el pasaporte como documentos válidos en "
        "todos los trámites, formó orientadores de la misma comunidad migrante en los "
        "derechos y deberes de los usuarios, explicó a arrendadores e inquilinos quién "
        "responde por la factura, e instaló pilas públicas con horario en los asentamientos "
        "mientras se legalizan las conexiones.",
        "impact": "3.700 familias migrantes quedaron registradas como usuarias o "
        "beneficiarias; los reclamos rechazados por el documento de identidad desaparecieron "
        "y 14 asentamientos tienen un punto de agua potable.",
        "users_reached": 15800,
        "coverage_note": "Riohacha y Maicao",
        "validation": "Migración Colombia y la oficina del ACNUR en La Guajira acompañaron la "
        "ruta de atención.",
        "replicability": "Cualquier prestador puede aceptar el PPT en sus sistemas; la guía de "
        "los orientadores está publicada.",
        "limitations": "Las familias que se trasladan con frecuencia pierden el contacto con "
        "los orientadores.",
        "factors": [
            ("Orientadores migrantes", "Conocen las dudas de su propia comunidad."),
            ("Documentos aceptados", "El PPT y el pasaporte valen en todos los canales."),
        ],
        "metrics": [
            ("Familias migrantes registradas", None, 3700, "familias", ""),
            ("Asentamientos con punto de agua", None, 14, "asentamientos", ""),
        ],
    },
    {
        "code": "BP-EVAL-GASPACIFICO-003-2023",
        "title": "Verificación de la identidad de los técnicos contra las estafas en las visitas",
        "provider": "GASPACIFICO",
        "category": "Educación y cultura ciudadana",
        "services": ["gas-natural"],
        "municipalities": ["76001", "76892", "76364"],
        "start": (2021, 11, 1),
        "end": None,
        "published": (2023, 7, 25),
        "target_population": "Clientes residenciales de gas natural de Cali, Yumbo y Jamundí, "
        "en especial los adultos mayores.",
        "summary": "Delincuentes que se hacían pasar por técnicos o funcionarios de la empresa "
        "cobraban en efectivo supuestas revisiones, cambios de medidor o multas, y algunos "
        "entraban a robar. Ahora todo técnico lleva un carné con código QR y el cliente "
        "puede confirmar su identidad antes de abrir la puerta: escanea el código, escribe el "
        "número del carné por WhatsApp o llama a la línea 164, y recibe el nombre, la foto y "
        "el motivo de la visita. La empresa recuerda en la factura que nunca cobra en "
        "efectivo en las viviendas, y con la Policía se hicieron campañas en barrios y "
        "conjuntos.",
        "impact": "Las denuncias por suplantación de funcionarios bajaron un 68 %; se hicieron "
        "52.000 verificaciones de identidad y se capturó a dos bandas.",
        "users_reached": 52000,
        "coverage_note": "Cali, Yumbo y Jamundí",
        "validation": "La Policía Metropolitana de Cali compartió las cifras de denuncias por "
        "estafa.",
        "replicability": "Basta un registro de los técnicos propios y contratistas y un canal "
        "de verificación a toda hora.",
        "limitations": "Los contratistas nuevos tardan unos días en aparecer en el registro.",
        "factors": [
            (
                "Verificar antes de abrir",
                "El cliente no tiene que dejar entrar a nadie para comprobar.",
            ),
            ("Nunca en efectivo", "El mensaje se repite en cada factura."),
        ],
        "metrics": [
            ("Denuncias por suplantación", 100, 32, "%", ""),
            ("Verificaciones de identidad", None, 52000, "verificaciones", "WhatsApp"),
        ],
    },
    {
        "code": "BP-EVAL-LIMPIEZAORIENTE-003-2023",
        "title": "Seguimiento en tiempo real de los vehículos recolectores y alerta de paso",
        "provider": "LIMPIEZAORIENTE",
        "category": "Gestión de residuos y aprovechamiento",
        "services": ["aseo"],
        "municipalities": ["68001", "68276", "68307"],
        "start": (2022, 2, 1),
        "end": None,
        "published": (2023, 9, 12),
        "target_population": "Usuarios del servicio de aseo de Bucaramanga, Floridablanca y Girón.",
        "summary": "Los usuarios no sabían a qué hora pasaba la recolección y sacaban las "
        "bolsas desde la noche anterior, y los perros las rompían. La empresa publicó la "
        "frecuencia y el horario de cada microrruta y, con el GPS de sus 84 vehículos "
        "compactadores, la aplicación y el WhatsApp de la empresa muestran en el mapa por "
        "dónde va el vehículo y avisan cuando está a diez minutos de la cuadra del usuario. "
        "Si el vehículo no pasa, el usuario lo reporta desde el mismo mapa.",
        "impact": "Los reclamos por falta de recolección bajaron un 47 % y las bolsas rotas en "
        "los andenes, contadas en recorridos de inspección, un 39 %.",
        "users_reached": 128000,
        "coverage_note": "Bucaramanga, Floridablanca y Girón",
        "validation": "La interventoría comparó los recorridos del GPS con las microrrutas "
        "aprobadas.",
        "replicability": "Los vehículos de aseo ya tienen GPS; publicar su posición cuesta poco.",
        "limitations": "En las calles sin nomenclatura la alerta de paso es menos precisa.",
        "factors": [
            ("Horarios publicados", "Cada barrio conoce su frecuencia y su horario."),
            ("Alerta de diez minutos", "El usuario saca las bolsas justo a tiempo."),
        ],
        "metrics": [
            ("Reclamos por falta de recolección", 100, 53, "%", "Aplicación móvil"),
            ("Usuarios con alerta de paso", None, 128000, "usuarios", ""),
        ],
    },
    {
        "code": "BP-EVAL-AGUASEJE-002-2024",
        "title": "Racionamiento por sectores durante el fenómeno de El Niño, con horarios "
        "publicados y carrotanques",
        "provider": "AGUASEJE",
        "category": "Continuidad del servicio e información sobre interrupciones",
        "services": ["acueducto"],
        "municipalities": ["66001", "66170"],
        "start": (2023, 12, 1),
        "end": (2024, 5, 31),
        "published": (2024, 8, 6),
        "target_population": "Suscriptores del acueducto de Pereira y Dosquebradas, con "
        "prioridad para hospitales, colegios y barrios altos.",
        "summary": "Con la sequía, el caudal del río Otún bajó a la mitad y no alcanzaba para "
        "abastecer toda la ciudad. En lugar de cortes sin aviso, la empresa dividió la red en "
        "seis zonas con un calendario semanal de suspensiones de doce horas, publicado con "
        "mapa en la página web, en la factura y por mensaje de texto. Hospitales, hogares "
        "geriátricos y colegios recibieron carrotanques, se instalaron tanques comunitarios "
        "en los barrios altos, y la campaña «Cada gota cuenta» enseñó a almacenar agua de "
        "forma segura y a reducir el consumo.",
        "impact": "El consumo bajó un 19 % y no fue necesario ampliar los cortes; el 92 % de "
        "los usuarios encuestados conocía el horario de su zona.",
        "users_reached": 210000,
        "coverage_note": "Pereira y Dosquebradas",
        "validation": "El Consejo Municipal de Gestión del Riesgo de Desastres aprobó el plan y "
        "evaluó su cumplimiento.",
        "replicability": "Sirve a cualquier acueducto con la red sectorizada y un plan de "
        "emergencia y contingencia.",
        "limitations": "Los edificios sin tanque de almacenamiento sufrieron más los cortes.",
        "factors": [
            (
                "Calendario estable",
                "Las familias pudieron organizarse con una semana de anticipación.",
            ),
            (
                "Prioridad a los más vulnerables",
                "Carrotanques primero para hospitales y hogares geriátricos.",
            ),
        ],
        "metrics": [
            ("Reducción del consumo", None, 19, "%", ""),
            ("Usuarios que conocían su horario", None, 92, "%", "Encuesta"),
        ],
    },
    {
        "code": "BP-EVAL-ELECTROALTO-005-2023",
        "title": "Poda técnica concertada de la vegetación cercana a las redes eléctricas",
        "provider": "ELECTROALTO",
        "category": "Continuidad del servicio e información sobre interrupciones",
        "services": ["energia-electrica"],
        "municipalities": ["41001", "41551", "41298"],
        "start": (2021, 8, 1),
        "end": (2022, 12, 31),
        "published": (2023, 11, 7),
        "target_population": "Comunidades rurales y urbanas por donde pasan las redes de media "
        "tensión en el Huila.",
        "summary": "Las ramas que tocaban las líneas de media tensión causaban el 40 % de las "
        "interrupciones en temporada de lluvias y varios accidentes. La empresa hizo un "
        "inventario de la vegetación bajo las redes, acordó con la autoridad ambiental (CAM) "
        "un plan de poda técnica que no daña los árboles y fijó con las juntas de acción "
        "comunal la fecha de cada jornada. Los usuarios reportan por WhatsApp, con foto, los "
        "árboles que tocan las líneas, y en los corredores críticos se sembraron especies de "
        "porte bajo que no alcanzan la red.",
        "impact": "Las interrupciones causadas por la vegetación bajaron un 55 % y no hubo "
        "accidentes en los corredores intervenidos.",
        "users_reached": 160000,
        "coverage_note": "Neiva, Pitalito y Garzón",
        "validation": "La CAM supervisó las podas y el reemplazo de especies.",
        "replicability": "Todo operador de red debe mantener la servidumbre; concertar con la "
        "comunidad evita conflictos.",
        "limitations": "En los predios privados la poda necesita el permiso del dueño.",
        "factors": [
            ("Permiso ambiental previo", "La CAM aprobó el plan antes de empezar."),
            ("Reportes de la comunidad", "Las fotos llegan con la ubicación del árbol."),
        ],
        "metrics": [
            ("Interrupciones por vegetación", 100, 45, "%", ""),
            ("Árboles podados", None, 12400, "árboles", ""),
        ],
    },
    {
        "code": "BP-EVAL-SPTOLIMA-004-2023",
        "title": "Puntos de recolección de residuos de aparatos eléctricos y electrónicos "
        "(RAEE), pilas y bombillas",
        "provider": "SPTOLIMA",
        "category": "Gestión de residuos y aprovechamiento",
        "services": ["aseo"],
        "municipalities": ["73001", "73268"],
        "start": (2022, 3, 1),
        "end": None,
        "published": (2023, 12, 5),
        "target_population": "Hogares, colegios y oficinas de Ibagué y Espinal.",
        "summary": "Celulares, computadores, cargadores, pilas y bombillas ahorradoras "
        "terminaban en la bolsa de la basura y llegaban al relleno sanitario con metales "
        "pesados. La empresa instaló 45 contenedores en centros comerciales, universidades y "
        "sedes de la alcaldía, y una vez al mes una jornada de recolección recibe en los "
        "barrios neveras, lavadoras y televisores. Un gestor autorizado por la autoridad "
        "ambiental desmonta los aparatos, recupera los materiales y dispone de forma segura "
        "lo peligroso.",
        "impact": "Se recogieron 126 toneladas de residuos electrónicos y 18 toneladas de "
        "pilas en dos años.",
        "users_reached": 41000,
        "coverage_note": "Ibagué y Espinal",
        "validation": "Cortolima verificó los certificados de aprovechamiento y disposición del "
        "gestor.",
        "replicability": "Los programas posconsumo de los fabricantes aportan los contenedores "
        "sin costo.",
        "limitations": "Muchos hogares guardan los aparatos viejos en casa por años.",
        "factors": [
            ("Alianza posconsumo", "Los fabricantes pagan el transporte y el gestor."),
            ("Jornadas en los barrios", "Los aparatos grandes se reciben cerca de la casa."),
        ],
        "metrics": [
            ("Residuos electrónicos recogidos", None, 126, "toneladas", ""),
            ("Pilas recogidas", None, 18, "toneladas", ""),
        ],
    },
]


def load_corpus():
    """Write the demo and the fichas into the current database; return the fichas' codes."""
    seed_demo(count=DEMO_COUNT, seed=DEMO_SEED, analyze=False)
    categories = _categories()
    providers = {key: _provider(*values) for key, values in PROVIDERS.items()}
    services = {s.slug: s for s in Service.objects.all()}
    # Each ficha's search texts once, after its rows; no history (no test here reads it).
    with Practice.search_deferred(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        made = [_ficha(ficha, categories, providers, services) for ficha in FICHAS]
    for practice in made:
        practice.refresh_search()
    return [practice.code for practice in made]


def _categories():
    for name, description in NEW_CATEGORIES.items():
        CategoryFactory(name=name, slug=slugify(name), description=description)
    categories = {c.name: c for c in Category.objects.filter(name__in=CATEGORY_ENGLISH)}
    for name, category in categories.items():
        if not category.name_en:
            category.name_en = CATEGORY_ENGLISH[name]
            category.save(update_fields=["name_en"])
    return categories


def _provider(name, short_name, size, department, services):
    provider = ProviderFactory(
        name=name,
        short_name=short_name,
        slug=slugify(short_name),
        size=size,
        department=Department.objects.get(code=department),
        website=f"https://{short_name.lower()}.example.org",
    )
    provider.services.set(Service.objects.filter(slug__in=services))
    return provider


def _edition(year):
    """The recognition of ``year``, if a real one (not the demo's) exists."""
    editions = Edition.objects.exclude(name__startswith=EDITION_PREFIX).filter(year=year)
    return editions.order_by("number").first()


def _ficha(ficha, categories, providers, services):
    published = ficha["published"]
    practice = PracticeFactory(
        code=ficha["code"],
        title=ficha["title"],
        provider=providers[ficha["provider"]],
        category=categories[ficha["category"]],
        edition=_edition(published[0] - 1),
        services=[services[slug] for slug in ficha["services"]],
        start_date=datetime.date(*ficha["start"]),
        end_date=datetime.date(*ficha["end"]) if ficha["end"] else None,
        target_population=ficha["target_population"],
        summary=ficha["summary"],
        impact=ficha["impact"],
        users_reached=ficha["users_reached"],
        coverage_note=ficha["coverage_note"],
        validation=ficha["validation"],
        replicability=ficha["replicability"],
        limitations=ficha["limitations"],
        status=Practice.Status.PUBLISHED,
        published_at=timezone.make_aware(datetime.datetime(*published, 10, 0)),
    )
    municipalities = Municipality.objects.filter(code__in=ficha.get("municipalities", []))
    departments = {m.department_id for m in municipalities} | set(ficha.get("departments", []))
    practice.departments.set(Department.objects.filter(code__in=departments))
    practice.municipalities.set(municipalities)
    for position, (title, description) in enumerate(ficha["factors"], 1):
        SuccessFactorFactory(
            practice=practice, position=position, title=title, description=description
        )
    for position, (label, baseline, value, unit, channel) in enumerate(ficha["metrics"], 1):
        ImpactMetricFactory(
            practice=practice,
            position=position,
            label=label,
            baseline=None if baseline is None else Decimal(str(baseline)),
            value=Decimal(str(value)),
            unit=unit,
            channel=channel,
        )
    return practice
