"""A fixed long case for the tests of the case pages' HTML (issue 18).

``caso_fijo(usuario_municipal, personal)`` walks a request to activity 5 with
the real services under a frozen clock (``MOMENTO``), then gives it annexes the
municipality may download and sessions with attendees and commitments: some
pending, one fulfilled, some overdue. Every branch of the per-row markup of the
admin's case page (``templates/expedientes/admin/caso.html``) and of the
portal's request page (``templates/portal/solicitudes/detalle.html``) has a row.

``paginas(client, caso, ...)`` is the HTML of the three pages bench part 7
measures, with what changes on every request (CSRF tokens, CSP nonces) replaced
by a placeholder.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from django.utils import timezone

#: When the case is filed and viewed: a Tuesday, 10:00 in Bogotá.
MOMENTO = datetime.datetime(2026, 11, 10, 10, 0, tzinfo=ZoneInfo("America/Bogota"))

ANEXOS = 6
SESIONES = 4


def caso_fijo(usuario_municipal, personal):
    from expedientes.constants import Institucion, Modalidad
    from expedientes.models import AsistenteSesion, Compromiso, SesionAsesoria
    from tests.casos import llevar_a, radicar
    from tests.factories import anexos_guardados, pdf_de_prueba

    caso = llevar_a(radicar(usuario_municipal), 5, personal)
    autor = personal["profesional"]
    anexos_guardados(
        caso,
        ANEXOS,
        contenido=pdf_de_prueba(),
        paginas=1,
        evento=caso.eventos.order_by("fecha", "pk").first(),
        creado_por=autor,
        para_municipio=True,
    )
    ahora = timezone.now()
    for n in range(1, SESIONES + 1):
        sesion = SesionAsesoria.objects.create(
            solicitud=caso,
            numero=n,
            fecha=ahora - datetime.timedelta(days=40 - 7 * n),
            modalidad=Modalidad.values[n % len(Modalidad.values)],
            lugar="Sala de juntas <de> la Secretaría",
            temas=f"Componente {n} & ajustes.\nSegunda línea.",
            desarrollo="Se revisó el avance.",
            proximos_pasos="Enviar cartografía." if n % 2 else "",
            registrada_por=autor,
            registrada_en=ahora,
        )
        for i in range(3):
            AsistenteSesion.objects.create(
                sesion=sesion,
                nombre=f"Asistente {i} «{n}»",
                institucion=Institucion.values[i % len(Institucion.values)],
                cargo="Profesional",
            )
        for i in range(3):
            cumplido = n == 1 and i == 0
            Compromiso.objects.create(
                sesion=sesion,
                descripcion=f"Ajuste {i} de la sesión {n} <b>urgente</b>.",
                responsable="Municipio" if i else "Gobernación & CDMB",
                # Sessions 1 and 2 leave overdue commitments; 4 one without date.
                fecha_limite=None
                if n == 4 and i == 2
                else (sesion.fecha + datetime.timedelta(days=14)).date(),
                cumplido_en=ahora if cumplido else None,
                cumplido_por=autor if cumplido else None,
            )
    caso.refresh_from_db()
    return caso


_VARIABLES = (
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), "csrfmiddlewaretoken"),
    (re.compile(r'nonce="[^"]+"'), "nonce"),
)
_TOKEN_DE_WAGTAIL = re.compile(r'"CSRF_TOKEN": "[^"]+"')


def sin_variables(html: str, caso) -> str:
    """``html`` with its per-request values (CSRF tokens, CSP nonces) and the
    records' random verification codes and signed hashes replaced."""
    for patron, nombre in _VARIABLES:
        html = patron.sub(f'{nombre}="…"', html)
    html = _TOKEN_DE_WAGTAIL.sub('"CSRF_TOKEN": "…"', html)
    codigos = caso.documentos.exclude(codigo_verificacion=None).order_by("pk")
    for i, codigo in enumerate(codigos.values_list("codigo_verificacion", flat=True)):
        html = html.replace(codigo, f"CODIGO-{i}")
    # Signed records' bytes (and so their SHA-256) change with the signing time.
    huellas = caso.documentos.order_by("pk").values_list("sha256", flat=True)
    for i, huella in enumerate(dict.fromkeys(huellas)):
        html = html.replace(huella, f"SHA256-{i}")
    return html


def paginas(client, caso, personal, usuario_municipal) -> dict[str, str]:
    """The case page as each staff role sees it, and the municipality's list and
    request page, their per-request values replaced."""
    from django.urls import reverse

    html = {}
    for rol, usuario in personal.items():
        client.force_login(usuario)
        respuesta = client.get(reverse("solicitudes:inspect", args=[caso.pk]))
        assert respuesta.status_code == 200
        html[f"caso_{rol}"] = sin_variables(respuesta.content.decode(), caso)
    client.force_login(usuario_municipal)
    for nombre, url in (
        ("portal_lista", "/solicitudes/"),
        ("portal_solicitud", reverse("solicitud_detalle", args=[caso.radicado])),
    ):
        respuesta = client.get(url)
        assert respuesta.status_code == 200
        html[nombre] = sin_variables(respuesta.content.decode(), caso)
    return html
