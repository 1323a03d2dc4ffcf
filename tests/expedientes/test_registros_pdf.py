"""Every record of a case as the people who receive it read it: issued by the real
services (``tests/casos.py``, each activity by its role), rendered by the
after-commit work (``tasks.procesar_solicitud``) and read back with pypdf.

Extracted text wraps wherever a cell is narrow, so texts are compared with all
whitespace removed on both sides (``_plano``).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from django.core import mail
from django.utils import timezone

from expedientes.constants import Institucion, Modalidad, TipoDocumento
from expedientes.models import Documento, Notificacion
from expedientes.pdf import RENDERERS, renderer_para
from expedientes.registros import REGISTROS, Constancia
from expedientes.services import (
    DatosAlcance,
    DatosAsistente,
    DatosCompromiso,
    DatosIntegrante,
    DatosResultado,
    DatosSesion,
    actividad_brindar_apoyo_completar,
    actividad_conformar_equipo,
    actividad_definir_alcance,
    actividad_registrar,
    sesion_registrar,
    solicitud_rechazar,
)
from expedientes.tasks import procesar_solicitud
from tests.casos import llevar_a, radicar

pytestmark = pytest.mark.django_db

PAGINA = re.compile(r"PÁGINA\s*(\d+)\s*de\s*(\d+)")
#: Markup reportlab would read as its own if it were not escaped.
HOSTIL = "<b>Cía</b> & Hnos. </para> <font size=40>x < y</font> &amp;"
#: Records the municipality receives; the others are internal.
PARA_EL_MUNICIPIO = {
    TipoDocumento.CONSTANCIA_RADICACION,
    TipoDocumento.OFICIO_RESPUESTA,
    TipoDocumento.ACTA_COMPROMISO,
    TipoDocumento.REGISTRO_ASISTENCIA,
    TipoDocumento.ACTA_REUNION,
}
INTERNOS = {TipoDocumento.REGISTRO_INTERNO, TipoDocumento.PLANILLA_ASESORIAS}
#: Snapshot fields that are codes, not text: their meaning is printed instead
#: (``Comun.tipo`` is the record's title; booleans are the letter's body or "Sí").
NO_IMPRESOS = {"tipo"}
#: The attendance list shares the session's snapshot with the minutes, which print
#: what was done, the commitments and the next steps; the list only who came.
NO_IMPRESOS_POR_TIPO = {
    TipoDocumento.REGISTRO_ASISTENCIA: {"desarrollo", "proximos_pasos", "compromisos"}
}


def _plano(texto: str) -> str:
    return re.sub(r"\s+", "", texto)


def _contenido(documento: Documento) -> bytes:
    with documento.archivo.open("rb") as archivo:
        return archivo.read()


def _paginas(contenido: bytes) -> list[str]:
    return [pagina.extract_text() for pagina in PdfReader(BytesIO(contenido)).pages]


def _impresos(valor: object, omitir: set[str] = NO_IMPRESOS) -> list[str]:
    """Every value of a snapshot as the records print it."""
    if dataclasses.is_dataclass(valor):
        return [
            texto
            for campo in dataclasses.fields(valor)
            if campo.name not in omitir
            for texto in _impresos(getattr(valor, campo.name), omitir)
        ]
    if isinstance(valor, tuple):
        return [texto for v in valor for texto in _impresos(v, omitir)]
    if isinstance(valor, bool) or valor is None:
        return []
    if isinstance(valor, datetime.datetime):
        return [timezone.localtime(valor).strftime("%d/%m/%Y")]
    if isinstance(valor, datetime.date):
        return [valor.strftime("%d/%m/%Y")]
    return [str(valor)] if str(valor) else []


def _registros(solicitud) -> list[Documento]:
    return list(
        Documento.objects.filter(solicitud=solicitud, datos__isnull=False).order_by(
            "pk"
        )
    )


def _revisar_paginas(documento: Documento, paginas: list[str]) -> None:
    """The official header, "Página X de Y", radicado and code on every page."""
    comun = REGISTROS[documento.tipo].desde_json(documento.datos).comun
    total = len(paginas)
    assert documento.paginas == total
    for numero, texto in enumerate(paginas, start=1):
        plano = _plano(texto)
        assert "ES-PE-PR-31" in plano, (documento.tipo, numero)
        assert _plano(f"VERSIÓN {comun.procedimiento.version}") in plano
        assert "GobernacióndeSantander" in plano
        assert PAGINA.findall(texto) == [(str(numero), str(total))], numero
        assert _plano(f"Radicado {comun.radicado}") in plano
        assert (
            _plano(f"Código de verificación {documento.codigo_verificacion}") in plano
        ), (documento.tipo, numero)
        assert _plano(comun.url_verificacion) in plano


@pytest.fixture
def caso(usuario_municipal, personal):
    """A case walked through activities 2 to 5, every record rendered and sent."""
    solicitud = llevar_a(radicar(usuario_municipal), 6, personal)
    resumen = procesar_solicitud(solicitud.pk)
    assert resumen.documentos_fallidos == resumen.correos_fallidos == 0
    return solicitud


def test_cada_registro_imprime_cada_dato_de_su_copia(caso):
    registros = _registros(caso)
    # The hoja de control is issued when the case is archived (test_archivo_pdf.py).
    assert {d.tipo for d in registros} == set(RENDERERS) - {TipoDocumento.HOJA_CONTROL}
    for documento in registros:
        assert documento.generado, documento.tipo
        assert documento.codigo_verificacion
        paginas = _paginas(_contenido(documento))
        _revisar_paginas(documento, paginas)
        texto = _plano("".join(paginas))
        registro = REGISTROS[documento.tipo].desde_json(documento.datos)
        omitir = NO_IMPRESOS | NO_IMPRESOS_POR_TIPO.get(documento.tipo, set())
        faltan = [v for v in _impresos(registro, omitir) if _plano(v) not in texto]
        assert faltan == [], documento.tipo
        assert _plano(registro.comun.titulo) in texto


def test_el_oficio_que_rechaza_da_el_motivo_y_los_fundamentos(
    usuario_municipal, personal
):
    solicitud = llevar_a(radicar(usuario_municipal), 3, personal)
    solicitud_rechazar(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=3,
        motivo="incompleta",
        fundamentos=f"Falta el documento técnico de soporte. {HOSTIL}",
    )
    procesar_solicitud(solicitud.pk)
    oficio = Documento.objects.get(
        solicitud=solicitud, tipo=TipoDocumento.OFICIO_RESPUESTA
    )
    paginas = _paginas(_contenido(oficio))
    _revisar_paginas(oficio, paginas)
    texto = _plano("".join(paginas))
    registro = REGISTROS[oficio.tipo].desde_json(oficio.datos)
    assert [v for v in _impresos(registro) if _plano(v) not in texto] == []
    assert _plano("no es posible brindar la asesoría") in texto
    assert _plano("Solicitud incompleta") in texto
    assert _plano(HOSTIL) in texto
    assert "ALCANCEDELAASESORÍA" not in texto


def test_la_misma_copia_da_los_mismos_bytes(caso):
    """The unsigned render is deterministic, and the stored file is that render
    with the signature appended (an incremental update): its SHA-256, the one
    /verificar/ shows, is the signed file's."""
    for documento in _registros(caso):
        guardado = _contenido(documento)
        de_nuevo = renderer_para(Documento.objects.get(pk=documento.pk)).render()
        assert de_nuevo == renderer_para(documento).render(), documento.tipo
        assert guardado.startswith(de_nuevo), documento.tipo
        assert len(guardado) > len(de_nuevo)
        assert hashlib.sha256(guardado).hexdigest() == documento.sha256
        assert hashlib.sha256(de_nuevo).hexdigest() != documento.sha256


def test_el_renderizador_solo_lee_la_copia(caso, django_assert_num_queries):
    """No query, not even the entity's settings: the snapshot has its lines."""
    for documento in _registros(caso):
        renderer = renderer_para(Documento.objects.get(pk=documento.pk))
        with django_assert_num_queries(0):
            renderer.render()


def test_cada_copia_se_lee_y_se_escribe_igual(caso):
    for documento in _registros(caso):
        clase = REGISTROS[documento.tipo]
        assert clase.desde_json(documento.datos).a_json() == documento.datos


def test_el_qr_lleva_a_la_pagina_de_verificacion(caso):
    for documento in _registros(caso):
        renderer = renderer_para(documento)
        assert renderer.qr.value == renderer.comun.url_verificacion
        assert renderer.comun.url_verificacion.endswith(
            f"/verificar/{documento.codigo_verificacion}/"
        )


def test_los_correos_llevan_los_registros_del_municipio_y_nunca_los_internos(caso):
    assert not Notificacion.objects.filter(
        solicitud=caso, estado=Notificacion.Estado.PENDIENTE
    ).exists()
    por_huella = {d.sha256: d for d in _registros(caso)}
    al_municipio = [c for c in mail.outbox if c.to == [caso.correo_solicitante]]
    assert (
        len(al_municipio)
        == Notificacion.objects.filter(
            solicitud=caso, destinatario=caso.correo_solicitante
        ).count()
    )
    recibidos = set()
    for correo in mail.outbox:
        for nombre, contenido, tipo in correo.attachments:
            assert tipo == "application/pdf"
            documento = por_huella[hashlib.sha256(contenido).hexdigest()]
            assert nombre == documento.nombre_original
            assert documento.tipo not in INTERNOS, (correo.to, documento.tipo)
            if correo in al_municipio:
                recibidos.add(documento.tipo)
    assert recibidos == PARA_EL_MUNICIPIO
    # The team is sent its acta de compromiso too.
    al_equipo = [c for c in mail.outbox if c.to == ["edwin@santander.example"]]
    assert [len(c.attachments) for c in al_equipo] == [1]


def test_texto_con_marcado_textos_largos_y_500_asistentes(usuario_municipal, personal):
    """User text is printed literally, however long; big lists paginate."""
    # Exactly 10,000 characters (the longest the services keep): markup, then
    # numbered words to follow across pages.
    palabras = [f"palabra{n:04d}" for n in range(900)]
    largo = f"{HOSTIL} {' '.join(palabras)}"
    while len(largo) > 10_000:
        largo = largo.rsplit(" ", 1)[0]
    largo = largo.ljust(10_000, ".")
    palabras = re.findall(r"palabra\d{4}", largo)
    solicitud = radicar(usuario_municipal, asunto=f"Asunto {HOSTIL}")
    actividad_registrar(
        solicitud=solicitud,
        actor=personal["despacho"],
        actividad=2,
        observaciones=largo,
    )
    actividad_definir_alcance(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=3,
        alcance=DatosAlcance(
            tipo_revision="general",
            componentes=["general", "rural"],
            modalidad=Modalidad.VIRTUAL,
            duracion_estimada=f"Ocho meses {HOSTIL}",
            observaciones=largo,
        ),
    )
    actividad_conformar_equipo(
        solicitud=solicitud,
        actor=personal["coordinador"],
        actividad=4,
        integrantes=[
            DatosIntegrante(
                f"Integrante {n} {HOSTIL}",
                Institucion.GOBERNACION if n else Institucion.CAS,
                f"Rol {HOSTIL}",
                coordina=n == 0,
            )
            for n in range(12)
        ],
        objeto=largo,
        compromisos=f"Compromisos {HOSTIL}",
    )
    sesion_registrar(
        solicitud=solicitud,
        actor=personal["profesional"],
        actividad=5,
        sesion=DatosSesion(
            fecha=timezone.now().replace(microsecond=0),
            modalidad=Modalidad.VIRTUAL,
            lugar=f"https://reunion.example/sala?a=1&b=2 {HOSTIL}",
            temas=f"Temas {HOSTIL}",
            desarrollo=largo,
            proximos_pasos=f"Pasos {HOSTIL}",
            asistentes=[
                DatosAsistente(
                    f"Asistente {n:03d} {HOSTIL}", Institucion.MUNICIPIO, "Cargo"
                )
                for n in range(500)
            ],
            compromisos=[
                DatosCompromiso(f"Compromiso {n} {HOSTIL}", f"Responsable {n}")
                for n in range(30)
            ],
        ),
    )
    actividad_brindar_apoyo_completar(
        solicitud=solicitud,
        actor=personal["profesional"],
        actividad=5,
        resultado=DatosResultado(sin_acuerdo_motivo=largo),
    )
    resumen = procesar_solicitud(solicitud.pk)
    assert resumen.documentos_fallidos == 0

    for documento in _registros(solicitud):
        paginas = _paginas(_contenido(documento))
        _revisar_paginas(documento, paginas)
        texto = _plano("".join(paginas))
        assert _plano(HOSTIL) in texto, documento.tipo
    por_tipo = {d.tipo: d for d in _registros(solicitud)}
    for tipo in (
        TipoDocumento.REGISTRO_INTERNO,
        TipoDocumento.OFICIO_RESPUESTA,
        TipoDocumento.ACTA_COMPROMISO,
        TipoDocumento.ACTA_REUNION,
        TipoDocumento.PLANILLA_ASESORIAS,
    ):
        # The 10,000 characters, every word once and in order, across pages.
        texto = _plano("".join(_paginas(_contenido(por_tipo[tipo]))))
        assert re.findall(r"palabra\d{4}", texto) == palabras, tipo
        assert por_tipo[tipo].paginas >= 2, tipo
    asistencia = _paginas(_contenido(por_tipo[TipoDocumento.REGISTRO_ASISTENCIA]))
    assert len(asistencia) >= 10
    numeros = re.findall(r"Asistente(\d{3})", _plano("".join(asistencia)))
    assert numeros == [f"{n:03d}" for n in range(500)]
    # The column headings repeat on every page the list runs onto.
    con_filas = [p for p in asistencia if "Asistente" in p]
    assert len(con_filas) >= 10
    assert all("FIRMA" in pagina for pagina in con_filas)


def test_una_constancia_guardada_en_el_formato_antiguo_se_sigue_imprimiendo(
    usuario_municipal, personal, django_assert_max_num_queries
):
    """Receipts stored before ``registros.Constancia`` (a plain dict, no
    ``formato``, no entity lines, no code) still print; their header and footer
    come from the entity's settings, the only query."""
    solicitud = radicar(usuario_municipal)
    antiguo = {
        "radicado": solicitud.radicado,
        "radicada_en": "2026-03-20T22:15:00-05:00",
        "canal": "Ventanilla electrónica",
        "municipio": "Bucaramanga",
        "codigo_divipola": "68001",
        "solicitante": {
            "nombre": "Laura Rincón",
            "cargo": "Secretaria de Planeación municipal",
            "correo": "planeacion@bucaramanga.gov.co",
            "telefono": "607 633 7000",
        },
        "plan_vigente": "POT · Plan de ordenamiento territorial",
        "tipo_solicitud": "Revisión general",
        "tipo_solicitud_otra": "",
        "asunto": "Revisión general del POT",
        "fecha_limite": "2026-04-15",
        "dias_respuesta": 15,
        "url_portal": "http://localhost:8000",
        "procedimiento": {
            "codigo": "ES-PE-PR-31",
            "titulo": "Procedimiento antiguo",
            "version": 2,
            "fecha_aprobacion": "2017-08-25",
        },
        "archivos": [
            {
                "tipo": "Oficio de solicitud",
                "nombre": "oficio.pdf",
                "paginas": 1,
                "sha256": "a" * 64,
            }
        ],
    }
    constancia = Constancia.desde_json(antiguo)
    assert constancia.codigo_verificacion is None
    assert constancia.comun.radicado == solicitud.radicado
    documento = Documento(
        solicitud=solicitud,
        tipo=TipoDocumento.CONSTANCIA_RADICACION,
        nombre_original="constancia.pdf",
        datos=antiguo,
    )
    with django_assert_max_num_queries(1):
        contenido = renderer_para(documento).render()
    paginas = _paginas(contenido)
    texto = _plano("".join(paginas))
    for esperado in (
        "CONSTANCIA DE RADICACIÓN",
        solicitud.radicado,
        "20/03/2026 22:15",
        "15/04/2026",
        "oficio.pdf",
        "a" * 32,
        "Procedimiento antiguo",
        "Gobernación de Santander",
    ):
        assert _plano(esperado) in texto, esperado
    assert "Códigodeverificación" not in texto
    assert PAGINA.findall(paginas[0]) == [("1", str(len(paginas)))]


def test_los_archivos_subidos_no_tienen_renderizador(usuario_municipal, personal):
    solicitud = radicar(usuario_municipal)
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_SOLICITUD)
    with pytest.raises(ValueError, match="no se genera como PDF"):
        renderer_para(oficio)
