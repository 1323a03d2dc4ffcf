"""The municipality's request page lists the next sessions (Bogotá times) and
offers each as an .ics to import; only its own accounts, only sessions ahead
(issue 17)."""

import datetime

import pytest
from icalendar import Calendar

from django.utils import timezone

from tests.casos import llevar_a, radicar
from tests.expedientes.test_sesiones_programadas import _programar
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db


def test_el_municipio_ve_y_descarga_su_proxima_sesion(
    client, usuario_municipal, personal, otro_municipio, django_user_model
):
    caso = llevar_a(radicar(usuario_municipal), 5, personal)
    manana = timezone.localdate() + datetime.timedelta(days=1)
    inicio = datetime.datetime.combine(
        manana,
        datetime.time(23, 30),
        tzinfo=datetime.timezone(-datetime.timedelta(hours=5)),
    )
    sesion = _programar(caso, personal, inicio)
    client.force_login(usuario_municipal)
    pagina = client.get(f"/solicitudes/{caso.radicado}/")
    texto = texto_visible(pagina.content)
    assert "Próximas sesiones de asesoría" in texto
    assert "de 23:30 a 01:30 (hora de Bogotá)" in texto
    url = f"/solicitudes/{caso.radicado}/sesiones/{sesion.uid}.ics"
    assert url in pagina.content.decode()
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("text/calendar")
    ics = Calendar.from_ical(respuesta.content)
    assert ics["method"] == "PUBLISH"
    [evento] = ics.events
    assert evento["uid"] == f"{sesion.uid}@localhost"
    assert evento.start == inicio and evento.start.tzinfo.key == "America/Bogota"
    assert "attendee" not in evento  # no one's address in a public file

    de_giron = django_user_model.objects.create_user(
        "giron", "giron@example.com", municipio=otro_municipio
    )
    client.force_login(de_giron)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (302, 403)
