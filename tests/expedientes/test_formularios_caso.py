"""The case page's forms as real cases need them (issue 13, "Forms and screens"):
rows added and removed in the team and session formsets (with JavaScript off, the
"Añadir una fila" submit), their limits in Spanish, the step back's preselected
activity, activity 3 done again starting from its scope, the rejection's error
naming its field and the extension's limits from the rule."""

import datetime
import re

import pytest

from django.utils import timezone

from expedientes.models import SesionAsesoria
from expedientes.services import solicitud_devolver
from tests.casos import ALCANCE, llevar_a, radicar
from tests.factories import SolicitudFactory
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db


def caso_url(solicitud):
    return f"/admin/solicitudes/inspect/{solicitud.pk}/"


def accion_url(solicitud, accion):
    return f"/admin/solicitudes/{accion}/{solicitud.pk}/"


def formulario(html: str, accion: str) -> str:
    """The HTML of one action's form on the case page."""
    inicio = html.index('<details class="caso-accion')
    inicio = html.index(f'id="accion-{accion}"', inicio)
    return html[inicio : html.index("</details>", inicio)]


PERSONAS = [
    ("Luis Peña", "municipio", "Secretario de Planeación"),
    ("Edwin Mendoza", "gobernacion", "Director"),
    ("Ana Ruiz", "CDMB", "Profesional ambiental"),
    ("María Girón", "municipio", "Arquitecta"),
    ("Jorge Díaz", "municipio", "Ingeniero"),
    ("Sandra Ortiz", "gobernacion", "Abogada"),
    ("Pedro Rueda", "municipio", "Concejal"),
    ("Lucía Arenas", "CAS", "Profesional"),
    ("Óscar Niño", "municipio", "Topógrafo"),
    ("Rosa Cáceres", "otra", "Veedora"),
]


def datos_sesion(asistentes, total=None, **cambios):
    """A session as the browser posts it; its date after the filing, before now."""
    fecha = timezone.localtime(timezone.now() - datetime.timedelta(hours=2))
    datos = {
        "actividad": 5,
        "fecha": fecha.strftime("%Y-%m-%dT%H:%M"),
        "modalidad": "presencial",
        "lugar": "Sala de juntas",
        "temas": "Diagnóstico urbano",
        "desarrollo": "",
        "proximos_pasos": "",
        "asistentes-TOTAL_FORMS": total if total is not None else len(asistentes),
        "asistentes-INITIAL_FORMS": 0,
        "compromisos-TOTAL_FORMS": 1,
        "compromisos-INITIAL_FORMS": 0,
        "compromisos-0-descripcion": "Enviar la cartografía",
        "compromisos-0-responsable": "Municipio",
        "compromisos-0-fecha_limite": "",
    }
    for i, (nombre, institucion, cargo) in enumerate(asistentes):
        datos[f"asistentes-{i}-nombre"] = nombre
        datos[f"asistentes-{i}-institucion"] = institucion
        datos[f"asistentes-{i}-cargo"] = cargo
    datos.update(cambios)
    return datos


@pytest.fixture
def en_asesoria(personal):
    # Filed business days ago (the factory's steps ran on past days, the last
    # one yesterday): a session two hours ago happened after it.
    return SolicitudFactory(en_actividad=5)


def test_sin_javascript_anadir_una_fila_conserva_lo_escrito_y_no_registra_nada(
    client, en_asesoria, personal
):
    client.force_login(personal["profesional"])
    datos = datos_sesion(PERSONAS[:4], agregar_fila="asistentes")
    respuesta = client.post(accion_url(en_asesoria, "registrar_sesion"), datos)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    # One row more, everything typed still there, no error shown.
    assert 'name="asistentes-TOTAL_FORMS" value="5"' in html
    assert 'name="asistentes-4-nombre"' in html
    assert 'name="asistentes-5-nombre"' not in html
    for nombre, _institucion, cargo in PERSONAS[:4]:
        assert f'value="{nombre}"' in html and f'value="{cargo}"' in html
    assert 'value="Sala de juntas"' in html and "Diagnóstico urbano" in html
    assert 'value="Enviar la cartografía"' in html
    assert "error-message" not in html
    assert not SesionAsesoria.objects.filter(solicitud=en_asesoria).exists()


def test_una_sesion_de_diez_personas_se_registra(client, en_asesoria, personal):
    client.force_login(personal["profesional"])
    respuesta = client.post(
        accion_url(en_asesoria, "registrar_sesion"), datos_sesion(PERSONAS)
    )
    assert respuesta.status_code == 302, texto_visible(respuesta.content)
    sesion = SesionAsesoria.objects.get(solicitud=en_asesoria)
    assert sorted(a.nombre for a in sesion.asistentes.all()) == sorted(
        p[0] for p in PERSONAS
    )


def test_quitar_una_fila_la_deja_fuera_y_sin_javascript_se_renumera(
    client, en_asesoria, personal
):
    client.force_login(personal["profesional"])
    url = accion_url(en_asesoria, "registrar_sesion")
    # "Quitar" on row 2 and "Añadir una fila": row 2 is gone, the rest renumbered.
    datos = datos_sesion(
        PERSONAS[:3], **{"asistentes-1-DELETE": "on"}, agregar_fila="asistentes"
    )
    html = client.post(url, datos).content.decode()
    assert 'name="asistentes-TOTAL_FORMS" value="3"' in html
    assert "Edwin Mendoza" not in html
    assert re.search(r'name="asistentes-1-nombre"[^>]*value="Ana Ruiz"', html) or (
        re.search(r'value="Ana Ruiz"[^>]*name="asistentes-1-nombre"', html)
    )

    # Sent with a row marked "Quitar" (even a half-filled one): it is not recorded.
    datos = datos_sesion(
        PERSONAS[:3],
        **{"asistentes-1-DELETE": "on", "asistentes-1-institucion": ""},
    )
    assert client.post(url, datos).status_code == 302
    sesion = SesionAsesoria.objects.get(solicitud=en_asesoria)
    assert sorted(a.nombre for a in sesion.asistentes.all()) == [
        "Ana Ruiz",
        "Luis Peña",
    ]


def test_mas_filas_que_el_maximo_se_rechazan_en_espanol(client, en_asesoria, personal):
    client.force_login(personal["profesional"])
    muchos = [(f"Persona {i}", "municipio", "") for i in range(101)]
    respuesta = client.post(
        accion_url(en_asesoria, "registrar_sesion"), datos_sesion(muchos)
    )
    assert respuesta.status_code == 200
    assert "Una sesión admite hasta 100 asistentes" in texto_visible(respuesta.content)
    assert not SesionAsesoria.objects.filter(solicitud=en_asesoria).exists()

    # At the maximum, "Añadir una fila" adds none and says so.
    cien = muchos[:100]
    respuesta = client.post(
        accion_url(en_asesoria, "registrar_sesion"),
        datos_sesion(cien, agregar_fila="asistentes"),
    )
    html = respuesta.content.decode()
    assert 'name="asistentes-TOTAL_FORMS" value="100"' in html
    assert "Ya hay 100 filas, el máximo." in texto_visible(html)


def test_el_formulario_de_la_sesion_ofrece_anadir_y_quitar_filas(
    client, en_asesoria, personal
):
    client.force_login(personal["profesional"])
    html = formulario(
        client.get(caso_url(en_asesoria)).content.decode(), "registrar_sesion"
    )
    assert 'name="agregar_fila" value="asistentes"' in html
    assert 'name="agregar_fila" value="compromisos"' in html
    assert 'data-filas-max="100"' in html
    assert "<template data-filas-plantilla>" in html
    assert 'name="asistentes-__prefix__-nombre"' in html
    assert 'name="asistentes-0-DELETE"' in html
    # Each input of a row has a name a screen reader can say.
    assert 'aria-label="Nombre, fila 1"' in html
    assert "js/filas.js" in client.get(caso_url(en_asesoria)).content.decode()


def test_sin_javascript_el_equipo_tambien_anade_filas(client, personal):
    solicitud = SolicitudFactory(en_actividad=4)
    client.force_login(personal["coordinador"])
    datos = {
        "actividad": 4,
        "objeto": "Acompañar la revisión",
        "compromisos": "Cada parte aporta su información.",
        "integrantes-TOTAL_FORMS": 1,
        "integrantes-INITIAL_FORMS": 0,
        "integrantes-0-nombre": "Edwin Mendoza",
        "integrantes-0-institucion": "gobernacion",
        "integrantes-0-rol": "Director",
        "integrantes-0-coordina": "on",
        "agregar_fila": "integrantes",
    }
    html = client.post(accion_url(solicitud, "completar"), datos).content.decode()
    assert 'name="integrantes-TOTAL_FORMS" value="2"' in html
    assert 'value="Edwin Mendoza"' in html
    assert re.search(r'name="integrantes-0-coordina"[^>]*checked', html)
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 4


def test_devolver_preselecciona_la_actividad_anterior(client, personal):
    solicitud = SolicitudFactory(en_actividad=5)
    client.force_login(personal["profesional"])
    html = formulario(client.get(caso_url(solicitud)).content.decode(), "devolver")
    assert re.search(r'<option value="4"[^>]*selected', html), html
    assert not re.search(r'<option value="[23]"[^>]*selected', html)


def test_la_actividad_3_otra_vez_empieza_desde_su_alcance(
    client, usuario_municipal, personal
):
    solicitud = llevar_a(radicar(usuario_municipal), 4, personal)
    solicitud_devolver(
        solicitud=solicitud,
        actor=personal["coordinador"],
        actividad=4,
        hacia=3,
        motivo="Falta precisar los componentes.",
    )
    client.force_login(personal["secretario"])
    html = formulario(client.get(caso_url(solicitud)).content.decode(), "completar")
    assert re.search(rf'value="{ALCANCE.tipo_revision}"[^>]*checked', html), (
        "tipo de revisión"
    )
    assert re.search(rf'value="{ALCANCE.modalidad}"[^>]*checked', html)
    for componente in ALCANCE.componentes:
        assert re.search(rf'value="{componente}"[^>]*checked', html), componente
    assert f'value="{ALCANCE.duracion_estimada}"' in html


def test_el_rechazo_sin_fundamentos_nombra_su_campo(client, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    client.force_login(personal["secretario"])
    respuesta = client.post(
        accion_url(solicitud, "rechazar"),
        {"actividad": 3, "motivo": "fuera_de_alcance", "fundamentos": "  "},
    )
    texto = texto_visible(respuesta.content)
    assert "Escriba los fundamentos del rechazo." in texto
    assert "Escriba el motivo" not in texto
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 3


def test_los_limites_de_la_prorroga_son_los_de_la_regla(client, personal, settings):
    from expedientes.services import dias_por_prorrogar

    solicitud = SolicitudFactory(en_actividad=3)
    client.force_login(personal["secretario"])
    html = formulario(client.get(caso_url(solicitud)).content.decode(), "prorrogar")
    # Unanswered: the legal term of the answer, as long again as it is.
    assert dias_por_prorrogar(solicitud) == settings.EXPEDIENTES_DIAS_RESPUESTA
    assert re.search(r'name="dias"[^>]*max="15"', html) or re.search(
        r'max="15"[^>]*name="dias"', html
    )
    assert 'min="1"' in html and 'max="365"' not in html
    assert "Ley 1755 de 2015" in html

    respuesta = client.post(
        accion_url(solicitud, "prorrogar"),
        {"actividad": 3, "dias": 16, "motivo": "Complejidad"},
    )
    assert "quedan 15 días hábiles por prorrogar" in texto_visible(respuesta.content)
    respuesta = client.post(
        accion_url(solicitud, "prorrogar"),
        {"actividad": 3, "dias": 0, "motivo": "Complejidad"},
    )
    assert "al menos un día hábil" in texto_visible(respuesta.content)

    # Answered (activity 4): the activity's own internal term.
    solicitud = llevar_a(solicitud, 4, personal)
    client.force_login(personal["coordinador"])
    maximo = dias_por_prorrogar(solicitud)
    html = formulario(client.get(caso_url(solicitud)).content.decode(), "prorrogar")
    assert f'max="{maximo}"' in html
    assert "plazo de la actividad" in html
