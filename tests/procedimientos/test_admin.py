"""Editors work in the Wagtail admin: pages, their activities and every snippet.

A procedure is published only by approving a formal version: the editor submits,
the reviewer and the Secretario de Planeación approve (``test_versiones_flujo.py``
has every step and refusal).
"""

import pytest

from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from procedimientos.models import (
    Cargo,
    Definicion,
    Dependencia,
    ProcedimientoPage,
    TipoDocumental,
)
from tests.procedimientos.flujo import actuar, editar, errores
from tests.utils import texto_visible


@pytest.fixture
def editor(client, db):
    """An administrator: snippets are managed by superusers."""
    usuario = get_user_model().objects.create_superuser(
        "administradora", "administradora@example.com", "clave-de-prueba"
    )
    client.force_login(usuario)
    return usuario


def datos_de_un_procedimiento_nuevo() -> dict:
    """The form of a new procedure with two activities and a definition."""
    ventanilla = Dependencia.objects.create(nombre="Ventanilla única")
    despacho = Dependencia.objects.create(nombre="Despacho")
    recepcionista = Cargo.objects.create(nombre="Recepcionista")
    secretario = Cargo.objects.create(nombre="Secretario de Planeación")
    oficio = TipoDocumental.objects.create(nombre="Oficio de solicitud")
    pot = Definicion.objects.create(termino="POT", definicion="Plan de ordenamiento.")
    datos = nested_form_data(
        {
            "title": "Procedimiento de licencias",
            "slug": "es-pe-pr-40",
            "codigo": "ES-PE-PR-40",
            "proceso": "Planificación estratégica",
            "secretaria": "Secretaría de Planeación",
            "procedimiento": "Para tramitar licencias.",
            "objetivo": "Tramitar licencias a tiempo.",
            "alcance": "Desde la solicitud hasta la licencia.",
            "salida": "Licencia expedida",
            "observaciones": "",
            "descripcion_cambio": "",
            "actividades": inline_formset(
                [
                    {
                        "tipo": "radicacion",
                        "nombre": "Radicar",
                        "descripcion": "Radicar la solicitud de licencia.",
                        "dependencias": (ventanilla.pk,),
                        "cargos": (recepcionista.pk,),
                        "puntos_control": "Número de radicado\nFecha",
                        "registros": (oficio.pk,),
                    },
                    {
                        "tipo": "alcance",
                        "nombre": "Decidir",
                        "descripcion": "Decidir sobre la licencia.",
                        "dependencias": (despacho.pk, ventanilla.pk),
                        "cargos": (secretario.pk,),
                        "puntos_control": "",
                        "registros": (),
                    },
                ]
            ),
            "definiciones": inline_formset([{"definicion": pot.pk}]),
        }
    )
    # Tuples are the multiple-choice fields: one value per key in the POST.
    return _con_listas(datos)


def _aprobar(client, pagina, revisor, secretario):
    for persona in (revisor, secretario):
        client.force_login(persona)
        respuesta = actuar(client, pagina, "approve")
        assert respuesta.status_code == 302, errores(respuesta)


def test_crear_un_procedimiento_con_actividades_y_definiciones(
    client, publico, sin_procedimiento, editora, revisor, secretario
):
    indice = sin_procedimiento
    client.force_login(editora)
    datos = datos_de_un_procedimiento_nuevo()
    datos["descripcion_cambio"] = "Creación del procedimiento"
    datos["action-submit"] = "submit"
    respuesta = client.post(
        f"/admin/pages/add/procedimientos/procedimientopage/{indice.pk}/", datos
    )
    assert respuesta.status_code == 302, errores(respuesta)
    pagina = ProcedimientoPage.objects.get(codigo="ES-PE-PR-40")
    assert not pagina.live

    _aprobar(client, pagina, revisor, secretario)

    pagina.refresh_from_db()
    assert pagina.live
    texto = texto_visible(publico.get("/procedimientos/es-pe-pr-40/").content)
    for esperado in (
        "1 Radicar la solicitud de licencia. Ventanilla única Recepcionista "
        "Número de radicado Fecha Oficio de solicitud",
        "2 Decidir sobre la licencia. Despacho Ventanilla única "
        "Secretario de Planeación",
        "POT Plan de ordenamiento.",
        "Creación del procedimiento EDWIN FERNANDO MENDOZA BELTRÁN Director de "
        "Prospectiva Territorial HÉCTOR JULIO FUENTES DURÁN Secretario de Planeación",
    ):
        assert esperado in texto


def test_editar_el_procedimiento_publicado(
    client, publico, procedimiento, editora, revisor, secretario
):
    nuevo_cargo = Cargo.objects.create(nombre="Jefe de la Oficina Jurídica")

    def cambiar(datos):
        datos["objetivo"] = "Un objetivo reescrito por la editora."
        datos.setlist("actividades-2-cargos", [str(nuevo_cargo.pk)])
        datos["actividades-0-descripcion"] = "Radicar la solicitud en la ventanilla."

    client.force_login(editora)
    respuesta = editar(client, procedimiento, cambiar, descripcion="Ajustes.")
    assert respuesta.status_code == 302, errores(respuesta)
    _aprobar(client, procedimiento, revisor, secretario)

    texto = texto_visible(publico.get("/procedimientos/es-pe-pr-31/").content)
    assert "Un objetivo reescrito por la editora." in texto
    assert "Radicar la solicitud en la ventanilla." in texto
    assert "3 Definir el alcance" in texto
    fila_3 = texto[texto.index("3 Definir el alcance") : texto.index("4 Organizar")]
    assert "Jefe de la Oficina Jurídica" in fila_3
    assert "Secretario de Planeación" not in fila_3
    # The editor's revision, then the one the approval published.
    assert procedimiento.revisions.count() == 3


@pytest.mark.parametrize(
    ("modelo", "campos", "lista"),
    [
        (Dependencia, {"nombre": "Oficina de Control Interno"}, "nombre"),
        (Cargo, {"nombre": "Profesional especializado"}, "nombre"),
        (TipoDocumental, {"nombre": "Acta de reunión", "codigo": "F-31-02"}, "nombre"),
        (
            Definicion,
            {"termino": "TRD", "definicion": "Tabla de retención documental."},
            "termino",
        ),
    ],
)
def test_crear_y_editar_cada_snippet(client, editor, modelo, campos, lista):
    base = f"/admin/snippets/procedimientos/{modelo._meta.model_name}/"
    respuesta = client.post(base + "add/", campos)
    assert respuesta.status_code == 302, errores(respuesta)
    objeto = modelo.objects.get(**{lista: campos[lista]})

    cambiado = {**campos, lista: campos[lista] + " (editado)"}
    respuesta = client.post(f"{base}edit/{objeto.pk}/", cambiado)
    assert respuesta.status_code == 302, errores(respuesta)
    objeto.refresh_from_db()
    assert getattr(objeto, lista).endswith("(editado)")
    assert campos[lista] + " (editado)" in texto_visible(client.get(base).content)


def test_un_snippet_duplicado_se_rechaza_en_espanol(client, editor, sin_procedimiento):
    Cargo.objects.create(nombre="Recepcionista")
    respuesta = client.post(
        "/admin/snippets/procedimientos/cargo/add/", {"nombre": "Recepcionista"}
    )
    assert respuesta.status_code == 200
    assert "Ya existe" in texto_visible(respuesta.content)
    assert Cargo.objects.count() == 1


def test_el_menu_de_procedimientos_agrupa_los_snippets(client, editor):
    texto = client.get("/admin/").content.decode()
    for etiqueta in ("Definiciones", "Dependencias", "Cargos", "Tipos documentales"):
        assert etiqueta in texto


def _con_listas(datos: dict) -> dict:
    """Tuples become lists, which the test client posts as one value per key."""
    return {
        clave: [str(v) for v in valor] if isinstance(valor, tuple) else valor
        for clave, valor in datos.items()
    }
