"""Word lists of the demo practices (``practices.demo.seed``): Spanish of the sector, with accents.

Plain data, no database. Changing a list changes what a given seed produces.
"""

# A dozen categories of customer-service practices. The first is the reference category of
# the 3rd edition (it exists after `migrate`, so the demo reuses it). `services`: the
# provider must offer one of them (empty: any provider). `titles` are the cores of titles,
# `objectives` and `actions` fill the summary, `metrics` are keys of METRICS.
CATEGORIES = [
    {
        "name": "Atención a usuarios en tiempos de COVID",
        "description": "Prácticas que garantizaron la atención durante la emergencia sanitaria.",
        "services": [],
        "titles": [
            "Atención remota durante la emergencia sanitaria",
            "Continuidad del servicio al cliente en la pandemia",
            "Reconexión gratuita durante el aislamiento preventivo",
            "Oficina virtual para la cuarentena",
            "Diferimiento de facturas en la emergencia",
            "Teletrabajo para la atención de PQR",
        ],
        "objectives": [
            "garantizar la atención de los usuarios durante el aislamiento obligatorio",
            "evitar la exposición de usuarios y colaboradores al virus sin suspender la atención",
            "aliviar la situación económica de los hogares afectados por la pandemia",
        ],
        "actions": [
            "la habilitación del trabajo en casa para los asesores",
            "la ampliación de los canales telefónicos y virtuales",
            "protocolos de bioseguridad en las oficinas reabiertas",
            "la reconexión sin costo de los usuarios suspendidos",
        ],
        "metrics": ["virtual_attentions", "users_served", "pqr_per_month", "satisfaction"],
    },
    {
        "name": "Canales de atención virtual",
        "description": "Oficina virtual, chat, WhatsApp y aplicaciones para hacer trámites "
        "sin desplazarse.",
        "services": [],
        "titles": [
            "Oficina virtual 24 horas",
            "Atención por WhatsApp",
            "Asistente virtual para consultas de facturación",
            "Videollamada con asesores de servicio al cliente",
            "Aplicación móvil de autogestión",
            "Chat en línea para trámites y PQR",
            "Atención virtual con turnos programados",
        ],
        "objectives": [
            "acercar los trámites a los usuarios sin que tengan que ir a una oficina",
            "reducir los tiempos de espera en las oficinas de atención",
            "ofrecer atención virtual a cualquier hora del día",
        ],
        "actions": [
            "un chat en línea integrado al sistema comercial",
            "la atención por WhatsApp Business con respuestas guiadas",
            "un portal de autogestión para duplicados, certificados y pagos",
            "videollamadas con asesores para trámites complejos",
        ],
        "metrics": ["virtual_attentions", "digital_invoices", "waiting_time", "satisfaction"],
    },
    {
        "name": "Gestión de peticiones, quejas y reclamos (PQR)",
        "description": "Recepción, trámite y respuesta oportuna de las PQR de los usuarios.",
        "services": [],
        "titles": [
            "Respuesta oportuna a las PQR",
            "Radicación de PQR en un solo paso",
            "Seguimiento en línea de peticiones, quejas y reclamos",
            "Mesa de solución inmediata de reclamos",
            "Reducción de reclamos por facturación",
            "Análisis de causas de las quejas de los usuarios",
        ],
        "objectives": [
            "reducir el tiempo de respuesta a las peticiones, quejas y reclamos",
            "resolver en el primer contacto los reclamos más frecuentes",
            "disminuir los recursos de reposición y las sanciones por silencio administrativo",
        ],
        "actions": [
            "un tablero de seguimiento de las PQR por área responsable",
            "la clasificación de los reclamos por causa",
            "respuestas tipo en lenguaje claro revisadas por el área jurídica",
            "alertas automáticas antes del vencimiento de los términos",
        ],
        "metrics": ["pqr_response_days", "pqr_per_month", "billing_claims", "satisfaction"],
    },
    {
        "name": "Facturación y recaudo",
        "description": "Facturas comprensibles, nuevos medios de pago y acuerdos para "
        "ponerse al día.",
        "services": [],
        "titles": [
            "Factura electrónica y pago en línea",
            "Puntos de recaudo en tiendas de barrio",
            "Acuerdos de pago flexibles",
            "Factura en lenguaje claro",
            "Recaudo con corresponsales bancarios",
            "Pago con código QR y billeteras digitales",
            "Facturación en sitio con lectura del medidor",
        ],
        "objectives": [
            "mejorar el recaudo oportuno y reducir la cartera vencida",
            "facilitar el pago de la factura cerca de la vivienda de los usuarios",
            "que los usuarios entiendan cada concepto de su factura",
        ],
        "actions": [
            "la factura electrónica enviada por correo y WhatsApp",
            "convenios de recaudo con tiendas de barrio y corresponsales bancarios",
            "acuerdos de pago sin cuota inicial para usuarios en mora",
            "el rediseño de la factura con los usuarios",
        ],
        "metrics": ["on_time_collection", "payment_agreements", "digital_invoices"],
    },
    {
        "name": "Medición y control de pérdidas",
        "description": "Medidores, lectura y control de pérdidas de agua, energía y gas.",
        "services": ["acueducto", "energia-electrica", "gas-natural"],
        "titles": [
            "Renovación de medidores",
            "Telemedida y medición inteligente",
            "Reducción del agua no contabilizada",
            "Control de conexiones fraudulentas",
            "Lectura de medidores con georreferenciación",
            "Detección temprana de fugas",
        ],
        "objectives": [
            "reducir las pérdidas y cobrar a cada usuario lo que realmente consume",
            "disminuir los reclamos por lecturas estimadas",
            "detectar a tiempo fugas y consumos anormales",
        ],
        "actions": [
            "la instalación de medidores con telemedida",
            "rutas de lectura con terminales georreferenciadas",
            "visitas técnicas a los consumos anormales",
            "campañas para legalizar conexiones",
        ],
        "metrics": ["meters", "losses", "technical_visits", "billing_claims"],
    },
    {
        "name": "Subsidios y tarifas para usuarios vulnerables",
        "description": "Subsidios, mínimo vital y alivios para los hogares de menores ingresos.",
        "services": [],
        "titles": [
            "Actualización de estratos y subsidios",
            "Mínimo vital de agua para hogares vulnerables",
            "Tarifa diferencial para hogares de estratos 1 y 2",
            "Verificación de subsidios con el SISBÉN",
            "Alivios para usuarios en mora",
        ],
        "objectives": [
            "que los subsidios lleguen a los hogares que los necesitan",
            "evitar la suspensión del servicio a familias vulnerables",
            "corregir la estratificación de los usuarios",
        ],
        "actions": [
            "el cruce de la base de suscriptores con el SISBÉN",
            "visitas de verificación de estrato",
            "la aplicación del mínimo vital en la factura",
            "jornadas de actualización de datos",
        ],
        "metrics": ["subsidies", "payment_agreements", "users_served"],
    },
    {
        "name": "Inclusión y accesibilidad",
        "description": "Atención accesible para personas con discapacidad, adultos mayores y "
        "comunidades étnicas.",
        "services": [],
        "titles": [
            "Atención en lengua de señas colombiana",
            "Oficinas accesibles para personas con discapacidad",
            "Factura en braille y en audio",
            "Atención preferencial a adultos mayores",
            "Atención con enfoque étnico e intérpretes en lenguas nativas",
        ],
        "objectives": [
            "que todas las personas puedan hacer sus trámites en igualdad de condiciones",
            "eliminar las barreras de acceso a la atención",
        ],
        "actions": [
            "intérpretes de lengua de señas por videollamada",
            "la adecuación de rampas, baños y ventanillas",
            "la capacitación de los asesores en atención incluyente",
            "material en braille y en formato de audio",
        ],
        "metrics": ["users_served", "trained_people", "satisfaction"],
    },
    {
        "name": "Educación y cultura ciudadana",
        "description": "Pedagogía sobre el uso eficiente de los servicios, el pago oportuno y "
        "el cuidado de las redes.",
        "services": [],
        "titles": [
            "Uso eficiente del agua en los colegios",
            "Escuela de usuarios",
            "Guardianes del agua",
            "Ahorro de energía en el hogar",
            "Cultura del pago oportuno",
            "Cuidado de las redes de alcantarillado",
        ],
        "objectives": [
            "promover el uso eficiente y el ahorro en los hogares",
            "formar a los usuarios en sus derechos y deberes",
            "reducir los daños en las redes causados por el mal uso",
        ],
        "actions": [
            "talleres en instituciones educativas",
            "obras de teatro y contenidos en emisoras comunitarias",
            "visitas casa a casa de gestores sociales",
            "una escuela de usuarios con certificación",
        ],
        "metrics": ["trained_people", "consumption", "users_served"],
    },
    {
        "name": "Gestión de residuos y aprovechamiento",
        "description": "Separación en la fuente, reciclaje y manejo de residuos sólidos.",
        "services": ["aseo"],
        "titles": [
            "Separación en la fuente de residuos sólidos",
            "Rutas selectivas de reciclaje",
            "Inclusión de recicladores de oficio",
            "Puntos limpios en los barrios",
            "Aprovechamiento de residuos orgánicos",
            "Erradicación de puntos críticos de basuras",
        ],
        "objectives": [
            "aumentar el aprovechamiento y reducir lo que llega al relleno sanitario",
            "erradicar los puntos críticos de residuos en el espacio público",
        ],
        "actions": [
            "rutas selectivas con horarios acordados con la comunidad",
            "la formalización de las organizaciones de recicladores",
            "campañas de separación en la fuente casa a casa",
            "composteras comunitarias",
        ],
        "metrics": ["recycled_tonnes", "critical_points", "trained_people"],
    },
    {
        "name": "Atención en zonas rurales",
        "description": "Llevar la atención a veredas y corregimientos lejos de las oficinas.",
        "services": [],
        "titles": [
            "Oficina móvil en las veredas",
            "Ferias de servicio rural",
            "Asesores comunitarios en los corregimientos",
            "Atención itinerante en la zona rural",
            "Agua potable para la zona rural",
        ],
        "objectives": [
            "llevar la atención a los usuarios rurales que viven lejos de las oficinas",
            "mejorar la calidad del servicio en las veredas",
        ],
        "actions": [
            "una oficina móvil con conexión satelital",
            "ferias de servicio con la alcaldía",
            "asesores comunitarios elegidos por las juntas de acción comunal",
            "la atención por radio comunitaria",
        ],
        "metrics": ["users_served", "technical_visits", "satisfaction"],
    },
    {
        "name": "Participación ciudadana y control social",
        "description": "Espacios con vocales de control, comités y comunidades para decidir "
        "y rendir cuentas.",
        "services": [],
        "titles": [
            "Mesas de trabajo con vocales de control",
            "Comités de desarrollo y control social activos",
            "Rendición de cuentas a los usuarios",
            "Encuentros comunitarios en los barrios",
            "Presupuesto participativo con los usuarios",
        ],
        "objectives": [
            "fortalecer el control social de los servicios públicos",
            "construir con la comunidad las soluciones a sus problemas",
        ],
        "actions": [
            "mesas de trabajo periódicas con los vocales de control",
            "la capacitación de los comités de desarrollo y control social",
            "audiencias públicas de rendición de cuentas",
        ],
        "metrics": ["trained_people", "meetings", "satisfaction"],
    },
    {
        "name": "Continuidad del servicio e información sobre interrupciones",
        "description": "Avisos oportunos de suspensiones, atención de emergencias y "
        "restablecimiento.",
        "services": [],
        "titles": [
            "Aviso oportuno de suspensiones programadas",
            "Alertas por mensaje de texto",
            "Mapa en línea de interrupciones del servicio",
            "Atención de emergencias 24 horas",
            "Restablecimiento rápido del servicio",
        ],
        "objectives": [
            "que los usuarios conozcan con anticipación las suspensiones del servicio",
            "reducir la duración de las interrupciones",
        ],
        "actions": [
            "mensajes de texto georreferenciados por sector",
            "un mapa en línea de las interrupciones",
            "cuadrillas de turno para emergencias",
        ],
        "metrics": ["interruption_hours", "users_served", "satisfaction"],
    },
]

# Impact metrics. `range`: values drawn between the two (log-uniform when wide);
# `baseline`: "lower" when the figure before the practice was lower (it grew), "higher"
# when it was higher (it fell), None when a baseline makes no sense; `decimals` of the value.
METRICS = {
    "virtual_attentions": {
        "label": "Atenciones por canales virtuales",
        "unit": "atenciones",
        "channels": ["Portal web", "Chat en línea", "WhatsApp", "Aplicación móvil"],
        "range": (300, 90_000),
        "baseline": "lower",
        "decimals": 0,
    },
    "users_served": {
        "label": "Usuarios atendidos",
        "unit": "usuarios",
        "channels": ["", "Oficinas de atención", "Línea telefónica"],
        "range": (150, 250_000),
        "baseline": None,
        "decimals": 0,
    },
    "pqr_per_month": {
        "label": "PQR atendidas por mes",
        "unit": "PQR",
        "channels": ["Portal web", "Línea telefónica", "Oficina virtual"],
        "range": (40, 6_000),
        "baseline": "lower",
        "decimals": 0,
    },
    "pqr_response_days": {
        "label": "Tiempo promedio de respuesta a las PQR",
        "unit": "días hábiles",
        "channels": [""],
        "range": (2, 9),
        "baseline": "higher",
        "decimals": 1,
    },
    "billing_claims": {
        "label": "Reclamos por facturación al mes",
        "unit": "reclamos",
        "channels": [""],
        "range": (10, 2_500),
        "baseline": "higher",
        "decimals": 0,
    },
    "satisfaction": {
        "label": "Satisfacción de los usuarios",
        "unit": "%",
        "channels": ["Encuesta de satisfacción", ""],
        "range": (72, 97),
        "baseline": "lower",
        "decimals": 1,
    },
    "waiting_time": {
        "label": "Tiempo de espera en oficina",
        "unit": "minutos",
        "channels": ["Oficinas de atención"],
        "range": (4, 25),
        "baseline": "higher",
        "decimals": 0,
    },
    "digital_invoices": {
        "label": "Facturas entregadas en formato digital",
        "unit": "facturas",
        "channels": ["Correo electrónico", "WhatsApp", "Portal web"],
        "range": (500, 400_000),
        "baseline": "lower",
        "decimals": 0,
    },
    "on_time_collection": {
        "label": "Recaudo oportuno",
        "unit": "%",
        "channels": [""],
        "range": (78, 98),
        "baseline": "lower",
        "decimals": 1,
    },
    "payment_agreements": {
        "label": "Acuerdos de pago suscritos",
        "unit": "acuerdos",
        "channels": ["", "Oficina virtual"],
        "range": (40, 20_000),
        "baseline": None,
        "decimals": 0,
    },
    "meters": {
        "label": "Medidores instalados o renovados",
        "unit": "medidores",
        "channels": [""],
        "range": (100, 60_000),
        "baseline": None,
        "decimals": 0,
    },
    "losses": {
        "label": "Índice de pérdidas",
        "unit": "%",
        "channels": [""],
        "range": (12, 38),
        "baseline": "higher",
        "decimals": 1,
    },
    "technical_visits": {
        "label": "Visitas técnicas realizadas",
        "unit": "visitas",
        "channels": [""],
        "range": (80, 30_000),
        "baseline": None,
        "decimals": 0,
    },
    "subsidies": {
        "label": "Hogares con subsidio verificado",
        "unit": "hogares",
        "channels": [""],
        "range": (100, 80_000),
        "baseline": "lower",
        "decimals": 0,
    },
    "trained_people": {
        "label": "Personas capacitadas",
        "unit": "personas",
        "channels": ["", "Talleres presenciales", "Cursos virtuales"],
        "range": (30, 15_000),
        "baseline": None,
        "decimals": 0,
    },
    "consumption": {
        "label": "Consumo promedio por vivienda",
        "unit": "m³/mes",
        "channels": [""],
        "range": (9, 18),
        "baseline": "higher",
        "decimals": 1,
    },
    "recycled_tonnes": {
        "label": "Residuos aprovechados",
        "unit": "toneladas/mes",
        "channels": [""],
        "range": (5, 3_000),
        "baseline": "lower",
        "decimals": 1,
    },
    "critical_points": {
        "label": "Puntos críticos de residuos",
        "unit": "puntos",
        "channels": [""],
        "range": (3, 120),
        "baseline": "higher",
        "decimals": 0,
    },
    "meetings": {
        "label": "Encuentros con la comunidad",
        "unit": "encuentros",
        "channels": [""],
        "range": (4, 300),
        "baseline": None,
        "decimals": 0,
    },
    "interruption_hours": {
        "label": "Duración promedio de las interrupciones",
        "unit": "horas",
        "channels": [""],
        "range": (1, 12),
        "baseline": "higher",
        "decimals": 1,
    },
}
GENERAL_METRICS = ["users_served", "satisfaction", "trained_people"]

PROGRAM_NAMES = [
    "Contigo",
    "Más cerca",
    "Tu servicio al día",
    "Conectados",
    "Agua para todos",
    "Energía que transforma",
    "Siempre contigo",
    "Puertas abiertas",
    "Ruta del servicio",
    "Vecinos en acción",
    "Somos comunidad",
    "Gota a gota",
    "Barrio limpio",
    "Luz para mi vereda",
    "Cero filas",
    "Al día",
]
SLOGANS = [
    "Somos la energía que mueve el desarrollo de {place}",
    "Agua que llega a cada hogar de {place}",
    "Más cerca de los usuarios de {place}",
    "Contigo en cada factura",
    "Un servicio que se escucha",
    "{place} limpia es tarea de todos",
    "La atención llega a la vereda",
]
POPULATIONS = [  # with their article: "priorizó a los adultos mayores"
    "los usuarios residenciales de estratos 1, 2 y 3",
    "los adultos mayores",
    "las personas con discapacidad",
    "los usuarios de la zona rural",
    "las comunidades indígenas y afrodescendientes",
    "los pequeños comerciantes",
    "los usuarios en mora",
    "los vocales de control y los comités de desarrollo y control social",
    "los estudiantes de las instituciones educativas",
    "los nuevos suscriptores",
    "los recicladores de oficio",
    "las juntas de acción comunal",
    "las madres comunitarias",
]
AREAS = [
    "Servicio al Cliente",
    "Gestión Comercial",
    "Gestión Social",
    "Tecnologías de la Información",
    "Comunicaciones",
    "Operaciones",
    "Gestión de Cartera",
]
IMPACT_CLOSINGS = [
    "Disminuyeron las filas en las oficinas y los desplazamientos de los usuarios.",
    "Mejoró la percepción de los usuarios sobre la empresa.",
    "Disminuyeron los recursos de apelación ante la Superintendencia.",
    "La comunidad se apropió de la iniciativa y la difundió.",
]
# The source of a follow-up measurement (ImpactMeasurement.note); some have none.
MEASUREMENT_NOTES = [
    "Informe de gestión {year}",
    "Medición anual del prestador",
    "Reporte al Sistema Único de Información (SUI), {year}",
    "Encuesta de satisfacción {year}",
    "",
]
SUCCESS_FACTORS = [
    (
        "Compromiso de la alta dirección",
        "La gerencia asignó recursos y siguió los avances en los comités mensuales.",
    ),
    (
        "Trabajo articulado entre áreas",
        "Servicio al cliente, gestión comercial y operaciones compartieron metas e indicadores.",
    ),
    (
        "Alianzas con la alcaldía y las juntas de acción comunal",
        "Facilitaron los espacios, la convocatoria y la confianza de la comunidad.",
    ),
    (
        "Capacitación del personal de atención",
        "Los asesores recibieron formación en servicio, lenguaje claro y manejo de conflictos.",
    ),
    (
        "Herramientas tecnológicas de bajo costo",
        "Se usaron WhatsApp Business, formularios en línea y la plataforma comercial existente.",
    ),
    (
        "Comunicación en lenguaje claro",
        "Mensajes cortos, sin tecnicismos y probados con los usuarios antes de publicarlos.",
    ),
    ("Medición permanente de indicadores", "Un tablero semanal permitió corregir a tiempo."),
    (
        "Participación de los vocales de control",
        "Validaron el diseño y ayudaron a difundir la iniciativa en sus comunidades.",
    ),
    (
        "Habilitación del trabajo en casa",
        "El teletrabajo garantizó la atención con asesores capacitados y equipos adecuados.",
    ),
    (
        "Enfoque diferencial",
        "La atención se adaptó a adultos mayores, personas con discapacidad y comunidades.",
    ),
    (
        "Georreferenciación de los usuarios",
        "Permitió priorizar sectores y planear las rutas de atención.",
    ),
    (
        "Gestores sociales en territorio",
        "El acompañamiento casa a casa generó confianza y resolvió dudas en el sitio.",
    ),
]
VALIDATIONS = [
    "En {year} se aplicó una encuesta de satisfacción a {n} usuarios; el {pct} % calificó la "
    "iniciativa como buena o excelente.",
    "La auditoría interna del sistema de gestión de calidad (ISO 9001) verificó los "
    "resultados en {year}.",
    "Los vocales de control validaron los resultados en mesas de trabajo durante {year}.",
    "Los indicadores se reportaron al Sistema Único de Información (SUI) de la "
    "Superintendencia de Servicios Públicos Domiciliarios.",
    "La iniciativa fue reconocida por la alcaldía y por el concejo municipal en {year}.",
]
REPLICABILITIES = [
    "La metodología está documentada y puede adaptarla cualquier prestador, sin importar su "
    "tamaño, con una inversión baja.",
    "La estrategia es adaptable a otras empresas de servicios públicos: requiere asesores "
    "capacitados y alianzas locales para el recaudo y la atención.",
    "Se compartió con otros prestadores de la región en encuentros sectoriales; dos de ellos "
    "ya la implementan.",
    "Las herramientas usadas son de uso libre o de bajo costo, lo que facilita su réplica en "
    "municipios pequeños.",
]
LIMITATIONS = [
    "La baja conectividad en la zona rural limitó el uso de los canales virtuales.",
    "La rotación del personal obligó a repetir las capacitaciones.",
    "Algunos usuarios mayores prefirieron la atención presencial.",
    "El presupuesto disponible no permitió cubrir todos los municipios en el primer año.",
    "La actualización de la base de datos de suscriptores tomó más tiempo del previsto.",
    "Las lluvias y el orden público dificultaron el acceso a algunas veredas.",
]
# Evidence per criterion slug (the four criteria of the reference data).
EVIDENCE = {
    "eficaz": [
        "Se cumplió la meta propuesta: {metric}.",
        "Los objetivos se alcanzaron en {months} meses: {metric}.",
    ],
    "eficiente": [
        "Se ejecutó con el personal existente y una inversión de {money} millones de pesos.",
        "El costo por usuario atendido bajó un {pct} % frente a la atención presencial.",
    ],
    "centrado-en-el-usuario": [
        "Se diseñó a partir de las encuestas de satisfacción y las sugerencias de los usuarios.",
        "Los usuarios participaron en el diseño en {n} talleres y mesas de trabajo.",
    ],
    "replicable-y-adaptable": [
        "La guía de implementación se compartió con {n} prestadores de la región.",
        "Se adaptó a otros municipios atendidos por la empresa sin cambios de fondo.",
    ],
}
# (label, kind, url): addresses under example.org, reserved for examples (RFC 2606).
LINKS = [
    ("Video de la experiencia", "video", "https://video.example.org/{short}/{code}"),
    ("Informe de resultados", "document", "https://{short}.example.org/documentos/{code}.pdf"),
    ("Página de la iniciativa", "web", "https://{short}.example.org/buenas-practicas/{code}"),
    ("Presentación", "document", "https://{short}.example.org/documentos/{code}-presentacion.pdf"),
]
FIRST_NAMES = (  # noqa: SIM905 - a list of names reads better as one string
    "Ana Andrés Beatriz Camilo Carolina Daniel Diana Eduardo Elena Felipe Gloria Hernán "
    "Isabel Jairo Juliana Julián Laura Luis Manuela Marcela María Martín Mónica Natalia "
    "Óscar Paola Ramiro Sandra Sebastián Sofía Tatiana Valentina Víctor Yolanda"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Agudelo Álvarez Arango Ávila Bermúdez Cárdenas Castaño Córdoba Díaz Duque Echeverri "
    "Gaitán García Giraldo Gómez Henao Hernández Jaramillo López Marín Mejía Muñoz Ocampo "
    "Ortiz Pérez Quintero Ramírez Restrepo Ríos Rodríguez Salazar Sánchez Torres Vargas Zapata"
).split()
ROLES = [
    "Profesional de atención al usuario",
    "Jefe de Servicio al Cliente",
    "Coordinadora de Gestión Social",
    "Director Comercial",
    "Profesional de Comunicaciones",
    "Líder de Facturación y Cartera",
    "Gerente",
]
VEREDAS = [
    "El Rosal",
    "La Esperanza",
    "San José",
    "Alto Bonito",
    "La Palmera",
    "El Carmen",
    "Buenavista",
    "La Cristalina",
]
# Departments named with the article: "departamento del Quindío", "de Antioquia".
WITH_ARTICLE = {
    "Amazonas",
    "Archipiélago de San Andrés, Providencia y Santa Catalina",
    "Atlántico",
    "Caquetá",
    "Casanare",
    "Cauca",
    "Cesar",
    "Chocó",
    "Guainía",
    "Guaviare",
    "Huila",
    "Magdalena",
    "Meta",
    "Putumayo",
    "Quindío",
    "Tolima",
    "Valle del Cauca",
    "Vaupés",
    "Vichada",
}

# Kinds of provider. `scope`: "municipal" (named after a municipality, based there) or
# "departmental". `short`: the short name, `{abbr}` being an abbreviation of the place.
# `sizes`: weights of (pequeño, mediano, grande) at a department capital and elsewhere.
PROVIDER_KINDS = [
    {
        "weight": 30,
        "scope": "municipal",
        "name": "Empresa de Acueducto y Alcantarillado de {place} E.S.P.",
        "short": "EAA{abbr}",
        "services": ["acueducto", "alcantarillado"],
        "optional": ["aseo"],
        "sizes": {"capital": (1, 4, 4), "elsewhere": (8, 2, 0)},
    },
    {
        "weight": 10,
        "scope": "municipal",
        "name": "Empresas Públicas de {place} E.S.P.",
        "short": "EMPO{abbr}",
        "services": ["acueducto", "alcantarillado", "aseo"],
        "optional": ["energia-electrica"],
        "sizes": {"capital": (0, 3, 5), "elsewhere": (6, 3, 0)},
    },
    {
        "weight": 10,
        "scope": "municipal",
        "name": "Empresa de Servicios Públicos de {place} E.S.P.",
        "short": "EMSER{abbr}",
        "services": ["acueducto", "alcantarillado", "aseo"],
        "optional": [],
        "sizes": {"capital": (1, 4, 2), "elsewhere": (8, 2, 0)},
    },
    {
        "weight": 6,
        "scope": "municipal",
        "name": "Aguas de {place} S.A. E.S.P.",
        "short": "AGUAS{abbr}",
        "services": ["acueducto", "alcantarillado"],
        "optional": [],
        "sizes": {"capital": (0, 4, 4), "elsewhere": (5, 4, 0)},
    },
    {
        "weight": 10,
        "scope": "municipal",
        "name": "Empresa Municipal de Aseo de {place} E.S.P.",
        "short": "EMAS{abbr}",
        "services": ["aseo"],
        "optional": [],
        "sizes": {"capital": (1, 4, 3), "elsewhere": (8, 2, 0)},
    },
    {
        "weight": 8,
        "scope": "municipal",
        "name": "Asociación de Usuarios del Acueducto de la Vereda {vereda} de {place}",
        "short": "ASUA{abbr}",
        "services": ["acueducto"],
        "optional": [],
        "sizes": {"capital": (1, 0, 0), "elsewhere": (1, 0, 0)},
    },
    {
        "weight": 5,
        "scope": "municipal",
        "name": "Cooperativa de Servicios Públicos de {place}",
        "short": "COOSER{abbr}",
        "services": ["acueducto", "alcantarillado", "aseo"],
        "optional": [],
        "sizes": {"capital": (3, 1, 0), "elsewhere": (3, 1, 0)},
    },
    {
        "weight": 7,
        "scope": "departmental",
        "name": "Empresa de Energía {of} {place} S.A. E.S.P.",
        "short": "ENER{abbr}",
        "services": ["energia-electrica"],
        "optional": ["gas-natural"],
        "sizes": {"capital": (0, 1, 1), "elsewhere": (0, 1, 1)},
    },
    {
        "weight": 4,
        "scope": "departmental",
        "name": "Electrificadora {of} {place} S.A. E.S.P.",
        "short": "ELECTRO{abbr}",
        "services": ["energia-electrica"],
        "optional": [],
        "sizes": {"capital": (0, 1, 1), "elsewhere": (0, 1, 1)},
    },
    {
        "weight": 5,
        "scope": "departmental",
        "name": "Gases {of} {place} S.A. E.S.P.",
        "short": "GAS{abbr}",
        "services": ["gas-natural"],
        "optional": ["glp"],
        "sizes": {"capital": (0, 1, 1), "elsewhere": (0, 1, 1)},
    },
    {
        "weight": 5,
        "scope": "departmental",
        "name": "Empresa Departamental de Aguas {of} {place} S.A. E.S.P.",
        "short": "ACUA{abbr}",
        "services": ["acueducto", "alcantarillado"],
        "optional": ["aseo"],
        "sizes": {"capital": (0, 2, 1), "elsewhere": (0, 2, 1)},
    },
]

# What it takes to replicate a practice (models.Feasibility). Costs in pesos of the year,
# by provider size (low, high of the smaller figure; drawn on a log scale).
COST_BY_SIZE = {
    "pequeno": (15_000_000, 80_000_000),
    "mediano": (40_000_000, 200_000_000),
    "grande": (80_000_000, 300_000_000),
}
PEOPLE_BY_SIZE = {"pequeno": (3, 12), "mediano": (5, 30), "grande": (8, 60)}
TECHNOLOGIES = [
    "Portal web de PQR con chat y seguimiento del radicado",
    "Aplicación móvil para la lectura de medidores en campo",
    "Licencias de videollamada y telefonía IP para los asesores",
    "Sistema de información geográfica (SIG) con la red georreferenciada",
    "Medidores con telemetría y una plataforma para leerlos",
    "Línea de WhatsApp Business integrada al sistema comercial",
    "Tabletas con conexión móvil para las brigadas",
    "Ninguna: formatos impresos y reuniones presenciales",
    "Hoja de cálculo compartida y correo institucional",
    "Módulo de facturación electrónica del sistema comercial",
]
PARTNERS = [
    "Alcaldía de {place}",
    "Juntas de acción comunal de los barrios y veredas atendidos",
    "Vocales de control de los comités de desarrollo y control social",
    "SENA, para la formación del personal",
    "Universidad pública de la región (prácticas profesionales)",
    "Secretaría de Salud departamental",
    "Policía Nacional y Defensa Civil",
    "Asociaciones de recicladores de oficio",
    "Instituciones educativas de {place}",
    "Corporación autónoma regional",
]
PREREQUISITES = [
    "Una base de datos de usuarios actualizada, con teléfono y correo.",
    "Personal de atención capacitado en los nuevos canales.",
    "Conectividad estable en las oficinas de atención.",
    "El apoyo de la gerencia y un área responsable con presupuesto propio.",
    "Un catastro de usuarios y de redes al día.",
    "Acuerdos firmados con la alcaldía o las juntas de acción comunal.",
    "Un procedimiento de PQR documentado y medido.",
    "Rutas de recolección definidas en el PGIRS del municipio.",
]
