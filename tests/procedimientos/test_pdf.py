"""The procedure PDF, read back with pypdf as a person would read it.

Extracted text wraps wherever a cell or a flowchart box is narrow, so texts are
compared with all whitespace removed on both sides (``_plano``).
"""

import datetime
import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from procedimientos.models import Definicion, Entidad, ProcedimientoPage
from procedimientos.pdf.base import (
    FUENTE,
    FUENTE_NEGRITA,
    BaseRenderer,
    Encabezado,
    escapar,
    parrafo,
)
from procedimientos.pdf.procedimiento import ProcedimientoRenderer
from tests.factories import crear_procedimiento
from tests.lectura_pdf import palabras_partidas

PAGINA = re.compile(r"PÁGINA\s*(\d+)\s*de\s*(\d+)")
MALICIOSO = "<script>alert(1)</script> A & B x < y"


def _plano(texto: str) -> str:
    return re.sub(r"\s+", "", texto)


def _leer(contenido: bytes) -> list[str]:
    """The text of each page."""
    return [pagina.extract_text() for pagina in PdfReader(BytesIO(contenido)).pages]


def _faltantes(esperados: list[str], paginas: list[str]) -> list[str]:
    todo = _plano("".join(paginas))
    return [texto for texto in esperados if _plano(texto) not in todo]


def _renderizar(pagina: ProcedimientoPage) -> list[str]:
    # A fresh instance: the published data is cached per page object.
    fresca = ProcedimientoPage.objects.get(pk=pagina.pk)
    return _leer(ProcedimientoRenderer(fresca.contenido).render())


def _fecha(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _assert_encabezado_en_cada_pagina(paginas: list[str], encabezado: list[str]):
    total = len(paginas)
    for numero, texto in enumerate(paginas, start=1):
        plano = _plano(texto)
        for esperado in encabezado:
            assert _plano(esperado) in plano, (numero, esperado)
        assert PAGINA.findall(texto) == [(str(numero), str(total))], numero


# --- fidelity to the seed ---------------------------------------------------------


def test_todo_el_procedimiento_esta_en_el_pdf(procedimiento, datos_semilla):
    paginas = _renderizar(procedimiento)
    esperados = [
        datos_semilla["titulo"],
        datos_semilla["proceso"],
        datos_semilla["secretaria"],
        datos_semilla["procedimiento"],
        datos_semilla["objetivo"],
        datos_semilla["alcance"],
        datos_semilla["salida"],
        "Sin observaciones.",
    ]
    for actividad in datos_semilla["actividades"]:
        esperados += [actividad["descripcion"], actividad["nombre"]]
        esperados += actividad["dependencias"] + actividad["cargos"]
        esperados += actividad["puntos_control"] + actividad["registros"]
    for definicion in datos_semilla["definiciones"]:
        esperados.append(f"{definicion['termino']}: {definicion['definicion']}")
    for cambio in datos_semilla["control_cambios"]:
        # One row, read left to right: version, date, description, people.
        esperados.append(
            f"{cambio['version']} {_fecha(cambio['fecha'])} {cambio['descripcion']}"
        )
        for persona in cambio["revisaron"] + cambio["aprobaron"]:
            esperados.append(f"{persona['nombre']} {persona['cargo']}")

    assert _faltantes(esperados, paginas) == []


def test_las_actividades_estan_en_su_orden_con_su_numero(procedimiento, datos_semilla):
    todo = _plano("".join(_renderizar(procedimiento)))
    posiciones = [
        todo.index(_plano(f"{numero} {actividad['descripcion']}"))
        for numero, actividad in enumerate(datos_semilla["actividades"], start=1)
    ]
    assert posiciones == sorted(posiciones)


def test_los_acentos_llegan_intactos(procedimiento):
    todo = "".join(_renderizar(procedimiento))
    for palabra in ("PLANIFICACIÓN", "asesoría", "técnica", "CARREÑO", "ANDRÉS"):
        assert palabra in todo


def test_caracteres_del_espanol_y_comillas_angulares(indice):
    texto = "Acción «urgente»: ÁÉÍÓÚ áéíóú ñÑ ü ¿sí? ¡no!"
    pagina = crear_procedimiento(indice, actividades=1, objetivo=texto)

    assert texto in "".join(_renderizar(pagina))


# --- the official header ---------------------------------------------------------


def test_encabezado_oficial_en_cada_pagina(procedimiento, datos_semilla):
    paginas = _renderizar(procedimiento)

    assert len(paginas) >= 2
    _assert_encabezado_en_cada_pagina(
        paginas,
        [
            "República de Colombia",
            "Gobernación de Santander",
            datos_semilla["titulo"],
            "CÓDIGO ES-PE-PR-31",
            "VERSIÓN 2",
            "FECHA DE APROBACIÓN 25/08/2017",
        ],
    )


def test_el_encabezado_sigue_los_datos_de_la_entidad(procedimiento):
    entidad = Entidad.load()
    entidad.encabezado = "República de Colombia — Departamento"
    entidad.nombre = "Gobernación de Prueba"
    entidad.save()

    contenido = ProcedimientoRenderer(procedimiento.contenido).render()

    _assert_encabezado_en_cada_pagina(
        _leer(contenido),
        ["República de Colombia — Departamento", "Gobernación de Prueba"],
    )
    assert PdfReader(BytesIO(contenido)).metadata.author == "Gobernación de Prueba"


def test_metadatos(procedimiento):
    metadatos = PdfReader(
        BytesIO(ProcedimientoRenderer(procedimiento.contenido).render())
    ).metadata

    assert metadatos.title.startswith("ES-PE-PR-31 PROCEDIMIENTO PARA PRESTAR")
    assert metadatos.author == "Gobernación de Santander"
    assert metadatos.subject == procedimiento.procedimiento
    assert metadatos.creator
    # Dated the day the version was approved (Bogotá), not reportlab's 2000-01-01.
    aprobado = procedimiento.contenido.fecha_aprobacion
    assert metadatos["/CreationDate"] == metadatos["/ModDate"]
    assert metadatos["/CreationDate"] == f"D:{aprobado:%Y%m%d}000000-05'00'"


def test_ninguna_celda_del_procedimiento_parte_una_palabra(procedimiento):
    """Every heading and value of every table fits its cell word by word, the
    header drawn on each page too (``tests/lectura_pdf.py``)."""
    assert palabras_partidas(ProcedimientoRenderer(procedimiento.contenido)) == []


def test_pocas_consultas(procedimiento, django_assert_max_num_queries):
    fresca = ProcedimientoPage.objects.get(pk=procedimiento.pk)
    Entidad.load()  # created on first use; not part of rendering

    # Activities and their offices, roles and records, definitions, change control,
    # the entity: a constant, whatever the number of activities.
    with django_assert_max_num_queries(8):
        ProcedimientoRenderer(fresca.contenido).render()


def test_el_mismo_procedimiento_da_los_mismos_bytes(procedimiento):
    # Records are stored with their SHA-256: a render must not embed a timestamp.
    assert (
        ProcedimientoRenderer(procedimiento.contenido).render()
        == ProcedimientoRenderer(procedimiento.contenido).render()
    )


# --- hostile and unusual input --------------------------------------------------------


def test_el_texto_del_usuario_se_imprime_tal_cual(indice):
    pagina = crear_procedimiento(
        indice,
        actividades=2,
        definiciones=1,
        title=f"Título {MALICIOSO}",
        objetivo=f"Objetivo {MALICIOSO}",
        observaciones="Primera línea\nSegunda línea & <tercera>",
    )
    pagina.actividades.filter(sort_order=0).update(
        descripcion=f"Descripción {MALICIOSO}", nombre=f"Nombre {MALICIOSO}"
    )
    Definicion.objects.filter(pk=pagina.definiciones.get().definicion_id).update(
        termino="T<&>", definicion=f"Definición {MALICIOSO}"
    )

    paginas = _renderizar(pagina)

    assert (
        _faltantes(
            [
                f"Descripción {MALICIOSO}",
                f"Nombre {MALICIOSO}",
                f"T<&>: Definición {MALICIOSO}",
                f"Objetivo {MALICIOSO}",
                "Primera línea",
                "Segunda línea & <tercera>",
            ],
            paginas,
        )
        == []
    )
    # The line break typed in the field is a line break in the PDF.
    assert re.search(r"Primera línea\s*\n\s*Segunda línea", "\n".join(paginas))
    _assert_encabezado_en_cada_pagina(paginas, [f"Título {MALICIOSO}"])


def test_escapar_conserva_los_saltos_de_linea():
    assert escapar("a<b\r\nc&d\n") == "a&lt;b<br/>c&amp;d<br/>"
    assert escapar("sin\x00control\x07") == "sincontrol"


def test_parrafo_con_negrita_escapa_las_dos_partes():
    resultado = parrafo("x < y", BaseRenderer.estilo_texto, negrita="<b>A & B</b>: ")

    assert resultado.getPlainText() == "<b>A & B</b>: x < y"
    assert resultado.frags[0].fontName == FUENTE_NEGRITA == "DejaVuSans-Bold"
    assert resultado.frags[-1].fontName == FUENTE == "DejaVuSans"


def test_procedimiento_sin_actividades_ni_cambios(indice):
    pagina = crear_procedimiento(indice, actividades=0, definiciones=0)

    paginas = _renderizar(pagina)

    assert (
        _faltantes(
            [
                "Inicio",
                "Fin",
                "Sin actividades registradas.",
                "Sin definiciones.",
                "Sin versiones registradas.",
            ],
            paginas,
        )
        == []
    )


# --- a long procedure -----------------------------------------------------------------


def test_sesenta_actividades(indice):
    pagina = crear_procedimiento(indice, actividades=60)

    paginas = _renderizar(pagina)

    assert len(paginas) > 3
    _assert_encabezado_en_cada_pagina(
        paginas, [pagina.title, f"CÓDIGO {pagina.codigo}", "05/03/2024"]
    )
    assert (
        _faltantes([f"Descripción de la actividad {i}." for i in range(1, 61)], paginas)
        == []
    )


def test_descripcion_mas_larga_que_una_pagina(indice):
    pagina = crear_procedimiento(indice, actividades=2)
    larga = " ".join(f"palabra{i}" for i in range(1500))
    pagina.actividades.filter(sort_order=1).update(descripcion=larga)

    paginas = _renderizar(pagina)

    assert len(paginas) > 2
    encontradas = re.findall(r"palabra\d+", "\n".join(paginas))
    assert encontradas == larga.split()


# --- the base, as the record renderers of expedientes/pdf/ use it ---------------------


class _Constancia(BaseRenderer):
    def get_encabezado(self) -> Encabezado:
        return Encabezado(
            titulo="CONSTANCIA DE RADICACIÓN",
            codigo="ES-PE-PR-31",
            version=2,
            fecha_aprobacion=datetime.date(2017, 8, 25),
            entidad=("República de Colombia", "Gobernación de Santander"),
        )

    def get_story(self):
        return [
            parrafo(f"Radicado SP-2026-000001 {i}", self.estilo_texto)
            for i in range(200)
        ]


@pytest.mark.django_db
def test_la_base_sirve_a_otros_documentos():
    paginas = _leer(_Constancia().render())

    assert len(paginas) > 1
    _assert_encabezado_en_cada_pagina(
        paginas,
        ["CONSTANCIA DE RADICACIÓN", "ES-PE-PR-31", "VERSIÓN 2", "25/08/2017"],
    )


# --- the HTTP route -------------------------------------------------------------------


def test_la_ruta_pdf_entrega_el_documento(client, procedimiento):
    respuesta = client.get("/procedimientos/es-pe-pr-31/pdf/")

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert "ES-PE-PR-31-v2.pdf" in respuesta["Content-Disposition"]
    paginas = _leer(respuesta.content)
    assert "ES-PE-PR-31" in paginas[0]


def test_la_base_sigue_dando_lo_que_daba_antes_de_texto_py():
    """Fonts, text and dates moved to ``pdf/texto.py``; whoever imported them
    from ``base.py`` (the renderers, ``bench/``) still can."""
    from procedimientos.pdf import base, texto

    for nombre in (
        "FUENTE",
        "FUENTE_NEGRITA",
        "SIN_APROBAR",
        "en_bogota",
        "escapar",
        "fecha_corta",
        "fecha_pdf",
        "lineas",
        "parrafo",
        "registrar_fuentes",
        "texto_plano",
        "trozos",
    ):
        assert getattr(base, nombre) is getattr(texto, nombre), nombre
