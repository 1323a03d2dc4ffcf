"""Each role's inbox on the admin dashboard (dashboard.BandejaPanel): the cases
waiting for its groups, nearest deadline first, overdue in red and due within
three business days in amber, each linked to its case page."""

import datetime
import re

import pytest

from django.utils import timezone

from expedientes.models import Solicitud
from expedientes.plazos import limite_vence_pronto
from tests.casos import llevar_a, radicar

pytestmark = pytest.mark.django_db


def panel(client, usuario) -> str:
    client.force_login(usuario)
    respuesta = client.get("/admin/")
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    inicio = html.index('id="bandeja"')
    return html[inicio : html.index("</section>", inicio)]


def test_la_bandeja_de_cada_rol_por_vencimiento_y_con_colores(
    client, usuario_municipal, personal
):
    hoy = timezone.localdate()
    a_tiempo = radicar(usuario_municipal, asunto="A tiempo")
    vencida = radicar(usuario_municipal, asunto="Vencida")
    pronto = radicar(usuario_municipal, asunto="Pronto")
    en_3 = llevar_a(radicar(usuario_municipal, asunto="En alcance"), 3, personal)
    Solicitud.objects.filter(pk=a_tiempo.pk).update(
        vence_el=hoy + datetime.timedelta(days=40)
    )
    Solicitud.objects.filter(pk=vencida.pk).update(
        vence_el=hoy - datetime.timedelta(days=2)
    )
    Solicitud.objects.filter(pk=pronto.pk).update(vence_el=limite_vence_pronto(hoy))

    html = panel(client, personal["despacho"])
    assert "Su bandeja: 3 solicitudes" in html
    posiciones = [html.index(s.radicado) for s in (vencida, pronto, a_tiempo)]
    assert posiciones == sorted(posiciones)
    assert en_3.radicado not in html
    filas = re.findall(r'<tr class="bandeja-fila bandeja-fila--(\w+)">', html)
    assert filas == ["vencida", "vence_pronto", "a_tiempo"]
    assert 'class="plazo plazo--vencida"' in html and "Vencida" in html
    assert 'class="plazo plazo--vence_pronto"' in html and "Vence pronto" in html
    assert f'href="/admin/solicitudes/inspect/{vencida.pk}/"' in html

    html = panel(client, personal["secretario"])
    assert "Su bandeja: 1 solicitud" in html
    assert en_3.radicado in html and vencida.radicado not in html
    assert "Secretario Prueba" in html  # routed to him in activity 2

    html = panel(client, personal["profesional"])
    assert "No hay solicitudes esperando en su bandeja." in html


def test_tras_la_actividad_5_espera_en_la_bandeja_de_archivo(
    client, usuario_municipal, personal
):
    solicitud = llevar_a(radicar(usuario_municipal), 6, personal)
    html = panel(client, personal["archivo"])
    assert "Su bandeja: 1 solicitud" in html
    assert solicitud.radicado in html


def test_sin_rol_no_hay_bandeja(client, django_user_model, personal):
    from django.contrib.auth.models import Permission

    editora = django_user_model.objects.create_user("editora")
    editora.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(editora)
    assert 'id="bandeja"' not in client.get("/admin/").content.decode()


def test_la_bandeja_nombra_la_actividad_y_no_crece_en_consultas(
    client, usuario_municipal, personal
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    radicar(usuario_municipal)
    client.force_login(personal["despacho"])
    client.get("/admin/")
    with CaptureQueriesContext(connection) as pocas:
        html = client.get("/admin/").content.decode()
    assert "2. Recepcionar la solicitud y registro interno" in html
    for _ in range(3):
        radicar(usuario_municipal)
    with CaptureQueriesContext(connection) as muchas:
        html = client.get("/admin/").content.decode()
    assert "Su bandeja: 4 solicitudes" in html
    assert len(muchas) == len(pocas)
