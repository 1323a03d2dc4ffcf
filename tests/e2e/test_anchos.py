"""Everything fits at 1280 and 375 px (issue 13): the listing, the dashboard's inbox
and the case page with every action form open, for cases whose data carry a long
unbroken word (an asunto typed without spaces, a long e-mail address, a reason
pasted from elsewhere), at activities 3, 4 and 5.

The admin scrolls inside its layout (``main`` clips what overflows), so the width
measured is the page's and ``main``'s scrollable width, whichever is larger; a
table that scrolls inside its own box does not count. Screenshots go to
``E2E_CAPTURAS`` when set."""

import datetime
from pathlib import Path

import pytest

from django.utils import timezone

from expedientes.constants import Institucion, Modalidad
from expedientes.models import Solicitud
from expedientes.services import (
    DatosAsistente,
    DatosSesion,
    sesion_registrar,
    solicitud_reanudar,
    solicitud_suspender,
)
from tests.casos import llevar_a, radicar
from tests.e2e.test_caso_completo import CAPTURAS, CLAVE_PERSONAL

pytestmark = pytest.mark.e2e

PALABRA = "Planeacióndelordenamientoterritorialdelmunicipio" * 3
CORREO = "secretaria.de.planeacion.y.ordenamiento@municipio-de-bucaramanga.gov.co"

ANCHO = """() => {
    const main = document.querySelector('main');
    const pagina = document.documentElement.scrollWidth;
    if (!main) return pagina;
    return Math.max(
        pagina, Math.ceil(main.getBoundingClientRect().left + main.scrollWidth)
    );
}"""

#: What sticks out of the window, outside any box that scrolls (to say what broke).
CULPABLES = """() => {
    const ancho = window.innerWidth, culpables = [];
    for (const e of document.querySelectorAll('main *')) {
        const caja = e.getBoundingClientRect();
        if (caja.right <= ancho + 1 || caja.width <= 1) continue;
        let a = e.parentElement, dentro = false;
        while (a) {
            if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) {
                dentro = true; break;
            }
            a = a.parentElement;
        }
        if (!dentro) culpables.push(e.tagName + '.' + e.className + ' ' + caja.right);
    }
    return culpables.slice(0, 5);
}"""


def radicada_hace_tres_dias(caso):
    """A session yesterday happened after the filing."""
    Solicitud.objects.filter(pk=caso.pk).update(
        radicada_en=timezone.now() - datetime.timedelta(days=3)
    )


@pytest.fixture
def casos(usuario_municipal, personal):
    datos = {
        "asunto": f"Revisión {PALABRA}",
        "descripcion": f"Solicitamos {PALABRA} con urgencia.",
        "nombre_solicitante": f"Laura {PALABRA}",
        "correo_solicitante": CORREO,
    }
    en_3 = llevar_a(radicar(usuario_municipal, **datos), 3, personal)
    en_4 = llevar_a(radicar(usuario_municipal, **datos), 4, personal)
    en_5 = llevar_a(radicar(usuario_municipal, **datos), 5, personal)
    radicada_hace_tres_dias(en_5)
    en_5.refresh_from_db()
    sesion_registrar(
        solicitud=en_5,
        actor=personal["profesional"],
        actividad=5,
        sesion=DatosSesion(
            fecha=timezone.now().replace(microsecond=0) - datetime.timedelta(days=1),
            modalidad=Modalidad.PRESENCIAL,
            lugar=f"Sala {PALABRA}",
            temas=f"Diagnóstico {PALABRA}",
            asistentes=[
                DatosAsistente(f"Luis {PALABRA}", Institucion.MUNICIPIO, PALABRA)
            ],
        ),
    )
    solicitud_suspender(
        solicitud=en_5,
        actor=personal["profesional"],
        actividad=5,
        motivo=f"Falta {PALABRA}",
    )
    solicitud_reanudar(
        solicitud=en_5, actor=personal["profesional"], motivo=f"Llegó {PALABRA}"
    )
    return [en_3, en_4, en_5]


@pytest.fixture
def jefe(django_user_model, personal):
    """A superuser: every action's form is on the case page."""
    return django_user_model.objects.create_superuser(
        "jefe", "jefe@santander.gov.co", CLAVE_PERSONAL, first_name="Jefe"
    )


def medir(pagina, ruta: str, ancho: int, nombre: str) -> tuple[int, list]:
    pagina.set_viewport_size({"width": ancho, "height": 900})
    pagina.goto(ruta)
    pagina.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    if CAPTURAS:
        Path(CAPTURAS).mkdir(parents=True, exist_ok=True)
        pagina.screenshot(path=f"{CAPTURAS}/ancho-{nombre}-{ancho}.png")
    return pagina.evaluate(ANCHO), pagina.evaluate(CULPABLES)


def test_todo_cabe_a_1280_y_a_375(live_server, casos, jefe, pagina):
    url = live_server.url
    pagina.goto(url + "/admin/login/")
    pagina.locator("#id_username").fill("jefe")
    pagina.locator("#id_password").fill(CLAVE_PERSONAL)
    pagina.locator("button[type=submit]").click()
    pagina.wait_for_url(url + "/admin/")

    rutas = {
        "inicio": url + "/admin/",
        "listado": url + "/admin/solicitudes/",
        **{
            f"caso-{caso.actividad_actual}": (
                f"{url}/admin/solicitudes/inspect/{caso.pk}/"
            )
            for caso in casos
        },
    }
    desbordes = []
    for nombre, ruta in rutas.items():
        for ancho in (1280, 375):
            medido, culpables = medir(pagina, ruta, ancho, nombre)
            if medido > ancho:
                desbordes.append(f"{nombre} a {ancho}: {medido} px {culpables}")
    assert not desbordes, desbordes

    # The listing's radicados on one line each at 1280 (they broke over three).
    pagina.set_viewport_size({"width": 1280, "height": 900})
    pagina.goto(rutas["listado"])
    enlaces = pagina.locator("table.listing td.title a")
    assert enlaces.count() == len(casos)
    for i in range(enlaces.count()):
        # An inline link has one box per line it takes.
        assert enlaces.nth(i).evaluate("e => e.getClientRects().length") == 1
