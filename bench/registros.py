"""Part 6: time to render each record of a case, next to bare reportlab.

``python -m bench.registros RESULT.json`` (test settings; no database: a record
renderer reads only its snapshot). For each record type, a snapshot with typical
content (``snapshots()``: the size of a real case, a session of 25 attendees, a
planilla of 12 sessions; plus the attendance list of a 500-person session) is
rendered by its renderer (``expedientes.pdf``, through ``desde_registro``) and the
same content by ``bare()``: a plain reportlab ``SimpleDocTemplate`` with the
snapshot's values in label/value tables and one table per list, escaped, no
header, footer, QR code or page count, in the same embedded font as the records
(DejaVu Sans: Helvetica cannot print names in other alphabets, so a Helvetica
baseline would measure the font, not our code). Both run interleaved in the same
process, ``CORRIDAS`` times each after a warm-up; reported: both medians and their
ratio (target: within ``OBJETIVO``).

Then the time to sign each rendered record (``expedientes.firma.firmar``: PAdES,
certifying, a timestamp, B-LT with the CRL embedded), interleaved with its render,
and their ratio, for information: records are signed once, when issued. The
certificate and the timestamper are a demo PKI made in a temporary folder, the
timestamper in-process: production adds the TSA's round trip (and fetching
OCSP/CRLs) to every signature.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import sys
from typing import Any
from xml.sax.saxutils import escape

from bench.comun import correr_en_proceso, medianas_intercaladas, paginas_pdf
from bench.datos import EMITIDO, comun_de_registro

#: Timed runs of each side, per record type (fewer for the 500-attendee list).
CORRIDAS = 7
CORRIDAS_GRANDE = 3
#: Ours / bare reportlab, median against median.
OBJETIVO = 1.5

TEXTO = (
    "Se revisó el documento técnico de soporte del componente urbano, la "
    "cartografía de amenazas y riesgos y el programa de ejecución; el municipio "
    "presentará los ajustes acordados antes de la siguiente sesión. "
) * 5


def snapshots() -> dict[str, Any]:
    """One snapshot per record type with the content of a typical case."""
    from expedientes import registros as r

    solicitante = r.Solicitante(
        "Laura Rincón Ardila",
        "Secretaria de Planeación municipal",
        "planeacion@sanvicente.gov.co",
        "607 625 0000",
    )

    def sesion(asistentes: int) -> r.SesionRegistro:
        return r.SesionRegistro(
            numero=3,
            fecha=EMITIDO,
            modalidad="Presencial",
            lugar="Sala de juntas, Secretaría de Planeación",
            temas="Diagnóstico del componente urbano y de amenazas y riesgos",
            desarrollo=TEXTO,
            proximos_pasos="Enviar la cartografía ajustada.",
            asistentes=tuple(
                r.Asistente(f"Asistente número {n}", "Municipio", "Profesional")
                for n in range(asistentes)
            ),
            compromisos=tuple(
                r.CompromisoSesion(
                    f"Compromiso {n}: ajustar el capítulo {n}",
                    "Municipio",
                    datetime.date(2027, 1, 15),
                )
                for n in range(8)
            ),
        )

    return {
        "constancia_radicacion": r.Constancia(
            radicado="SP-2026-000123",
            radicada_en=EMITIDO,
            canal="Ventanilla electrónica",
            municipio="San Vicente de Chucurí",
            codigo_divipola="68689",
            solicitante=solicitante,
            plan_vigente="EOT · Esquema de ordenamiento territorial",
            tipo_solicitud="Revisión general",
            asunto="Revisión general del EOT",
            fecha_limite=datetime.date(2026, 12, 23),
            dias_respuesta=15,
            procedimiento=comun_de_registro("", "", 0).procedimiento,
            url_portal="https://planeacion.santander.gov.co",
            codigo_verificacion="ABCDE-00000",
            url_verificacion="https://planeacion.santander.gov.co/verificar/ABCDE-00000/",
            archivos=tuple(
                r.ArchivoRecibido("Anexo", f"anexo-{n}.pdf", 12, "ab" * 32)
                for n in range(6)
            ),
            entidad=comun_de_registro("", "", 0).entidad,
            pie=comun_de_registro("", "", 0).pie,
        ),
        "registro_interno": r.RegistroInterno(
            comun=comun_de_registro("registro_interno", "REGISTRO INTERNO", 1),
            numero_registro="RI-2026-000045",
            radicada_en=EMITIDO,
            canal="Ventanilla electrónica",
            asunto="Revisión general del EOT",
            tipo_solicitud="Revisión general",
            solicitante=solicitante,
            dirigida_a="Secretario Prueba",
            observaciones=TEXTO,
            documentos=tuple(f"Anexo: anexo-{n}.pdf" for n in range(6)),
        ),
        "oficio_respuesta": r.OficioRespuesta(
            comun=comun_de_registro(
                "oficio_respuesta", "OFICIO DE RESPUESTA AL SOLICITANTE", 2
            ),
            numero_registro="RI-2026-000045",
            radicada_en=EMITIDO,
            asunto="Revisión general del EOT",
            destinatario=solicitante,
            aceptada=True,
            tipo_revision="Revisión general",
            componentes=("Componente general", "Componente urbano"),
            modalidad="Mixta",
            duracion_estimada="Seis meses",
            observaciones=TEXTO,
            motivo_rechazo="",
            fundamentos="",
            firmante="Secretario de Planeación",
            cargo_firmante="Secretario de Planeación",
        ),
        "acta_compromiso": r.ActaCompromiso(
            comun=comun_de_registro(
                "acta_compromiso", "CONVENIO O ACTA DE COMPROMISO", 3
            ),
            asunto="Revisión general del EOT",
            tipo_revision="Revisión general",
            modalidad="Mixta",
            integrantes=tuple(
                r.Integrante(f"Integrante {n}", "Gobernación", "Profesional", n == 0)
                for n in range(6)
            ),
            objeto=TEXTO,
            compromisos=TEXTO,
        ),
        "registro_asistencia": r.RegistroAsistencia(
            comun=comun_de_registro("registro_asistencia", "REGISTRO DE ASISTENCIA", 4),
            sesion=sesion(25),
        ),
        "acta_reunion": r.ActaReunion(
            comun=comun_de_registro("acta_reunion", "ACTA DE REUNIÓN", 5),
            asunto="Revisión general del EOT",
            sesion=sesion(25),
        ),
        "planilla_asesorias": r.PlanillaAsesorias(
            comun=comun_de_registro(
                "planilla_asesorias", "PLANILLA DE ASESORÍAS Y ATENCIÓN TÉCNICA", 6
            ),
            asunto="Revisión general del EOT",
            filas=tuple(
                r.FilaPlanilla(n, EMITIDO, "Presencial", "Diagnóstico", 12, 4, "María")
                for n in range(1, 13)
            ),
            resultado=TEXTO,
        ),
        "registro_asistencia (500)": r.RegistroAsistencia(
            comun=comun_de_registro("registro_asistencia", "REGISTRO DE ASISTENCIA", 7),
            sesion=sesion(500),
        ),
    }


def _valor(valor: Any) -> str:
    if isinstance(valor, datetime.datetime):
        return valor.strftime("%d/%m/%Y %H:%M")
    if isinstance(valor, datetime.date):
        return valor.strftime("%d/%m/%Y")
    return str(valor)


def bare(snapshot: Any) -> bytes:
    """The snapshot's content in a plain ``SimpleDocTemplate``: its scalar values
    as label/value rows, each list of records as a table, every string escaped."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from procedimientos.pdf.base import FUENTE, FUENTE_NEGRITA, registrar_fuentes

    registrar_fuentes()
    estilos = getSampleStyleSheet()
    estilo = estilos["BodyText"].clone("bare", fontName=FUENTE)
    titulo = estilos["Title"].clone("bare_titulo", fontName=FUENTE_NEGRITA)
    rejilla = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")])
    historia: list[Any] = [Paragraph("Registro", titulo)]

    def celda(valor: Any) -> Paragraph:
        return Paragraph(escape(_valor(valor)), estilo)

    def agregar(objeto: Any) -> None:
        filas = []
        for campo in dataclasses.fields(objeto):
            valor = getattr(objeto, campo.name)
            if dataclasses.is_dataclass(valor):
                agregar(valor)
            elif (
                isinstance(valor, tuple)
                and valor
                and dataclasses.is_dataclass(valor[0])
            ):
                lista = [
                    [celda(getattr(item, c.name)) for c in dataclasses.fields(item)]
                    for item in valor
                ]
                tabla = Table(lista, repeatRows=0, splitInRow=40)
                tabla.setStyle(rejilla)
                historia.append(tabla)
            elif isinstance(valor, tuple):
                filas.append([celda(campo.name), celda(", ".join(map(str, valor)))])
            else:
                filas.append([celda(campo.name), celda(valor)])
        if filas:
            tabla = Table(filas, colWidths=[120, 400], splitInRow=40)
            tabla.setStyle(rejilla)
            historia.append(tabla)

    agregar(snapshot)
    destino = io.BytesIO()
    SimpleDocTemplate(
        destino, pagesize=LETTER, invariant=True, initialFontName=FUENTE
    ).build(historia)
    return destino.getvalue()


def medir(clase: type, snapshot: Any, corridas: int) -> dict[str, Any]:
    """Ours and bare, interleaved so both see the same machine; and signing ours."""
    from expedientes.firma import firmar

    nuestro = clase.desde_registro(snapshot).render()  # warm-up; its pages are counted
    bare(snapshot)
    firmar(nuestro, motivo="bench")
    ms = medianas_intercaladas(
        {
            "registro": lambda: clase.desde_registro(snapshot).render(),
            "reportlab": lambda: bare(snapshot),
            "firma": lambda: firmar(nuestro, motivo="bench"),
        },
        corridas,
    )
    return {
        "registro_ms": ms["registro"],
        "reportlab_ms": ms["reportlab"],
        "razon": ms["registro"] / ms["reportlab"],
        "firma_ms": ms["firma"],
        "razon_firma": ms["firma"] / ms["registro"],
        "corridas": corridas,
        "paginas": paginas_pdf(nuestro),
    }


def main() -> dict[str, Any]:
    import tempfile
    from pathlib import Path

    from django.conf import settings

    from expedientes.firma.demo import pki_demo_crear
    from expedientes.pdf import RENDERERS

    medidas = {}
    with tempfile.TemporaryDirectory(prefix="bench-firma-") as carpeta:
        settings.FIRMA_DEMO = str(pki_demo_crear(Path(carpeta)).carpeta)
        for etiqueta, snapshot in snapshots().items():
            clase = RENDERERS[snapshot.TIPO]
            corridas = CORRIDAS_GRANDE if "500" in etiqueta else CORRIDAS
            medidas[etiqueta] = m = medir(clase, snapshot, corridas)
            print(
                f"  {etiqueta:<28} record {m['registro_ms']:7.1f} ms   bare "
                f"reportlab {m['reportlab_ms']:7.1f} ms   ratio {m['razon']:.2f}   "
                f"signing {m['firma_ms']:6.1f} ms ({m['razon_firma']:.2f} x render)   "
                f"{m['paginas']} page(s), {corridas} runs"
            )
    return {"medidas": medidas, "objetivo": OBJETIVO}


if __name__ == "__main__":
    correr_en_proceso(main, sys.argv[1])
