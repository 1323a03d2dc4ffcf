"""Part 9: activity 6's big PDFs next to bare reportlab.

``python -m bench.archivo RESULT.json`` (test settings; no database: the renderers
read only their snapshots). Two inputs, built in memory as the services build them:

* the *hoja de control* of a case file with 500 documents
  (``expedientes.pdf.hoja_control.render_hoja_control``);
* the FUID of 1,000 archived case files (``expedientes.pdf.fuid.render_fuid``).

Each is rendered by our renderer and, interleaved in the same process, by
``bare_hoja()`` / ``bare_fuid()``: the same content in a plain reportlab
``SimpleDocTemplate`` (the identification fields as a label/value table, one table
row per document or case file with the same cells, escaped Paragraphs for text,
the column headings repeated), in the same embedded font (DejaVu Sans: the content
has names in other alphabets, and a baseline in Helvetica would not print it), but
no official header, footer, QR code, page count, watermark or signature block.
``CORRIDAS`` timed runs of each after a warm-up; reported: both medians and their
ratio (target: within ``OBJETIVO``). The bare baseline in Helvetica is timed too,
for information (what embedding the font costs).
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

CORRIDAS = 5
#: Ours / bare reportlab, median against median.
OBJETIVO = 1.5
DOCUMENTOS = 500
EXPEDIENTES = 1000

NOMBRES = ("Σωκράτης Παπαδόπουλος", "Пётр Чайковский", "María Fernanda Gómez")


def hoja_control() -> Any:
    """The hoja de control of a case file with ``DOCUMENTOS`` documents."""
    from expedientes import registros as r
    from expedientes.constants import TipoDocumento

    filas = []
    siguiente = 1
    tipos = ("Acta de reunión", "Registro de asistencia", "Oficio de respuesta")
    for item in range(1, DOCUMENTOS + 1):
        folios = item % 6 + 1
        filas.append(
            r.FilaIndice(
                item=item,
                fecha=datetime.date(2026, 1, 1) + datetime.timedelta(days=item // 3),
                tipo_documental=tipos[item % 3],
                folios=folios,
                folio_desde=siguiente,
                folio_hasta=siguiente + folios - 1,
                observaciones=f"Aportado por {NOMBRES[item % 3]}" if item % 4 else "",
            )
        )
        siguiente += folios
    return r.HojaControl(
        comun=comun_de_registro(
            TipoDocumento.HOJA_CONTROL,
            "HOJA DE CONTROL DEL EXPEDIENTE",
            12345,
            cargo="Técnica de archivo",
        ),
        unidad_administrativa="Secretaría de Planeación",
        codigo_unidad="1400",
        dependencia="Grupo de planificación",
        codigo_dependencia="1430",
        serie="Asistencias técnicas",
        codigo_serie="07",
        subserie="Asesorías en ordenamiento territorial",
        codigo_subserie="02",
        nombre_expediente="Revisión general del EOT · Municipio de San Vicente de "
        "Chucurí",
        fecha_inicial=datetime.date(2026, 1, 1),
        fecha_final=datetime.date(2026, 12, 2),
        filas=tuple(filas),
        total_folios=siguiente - 1,
        unidad_conservacion="Caja 3 · carpeta 12",
        soporte="Híbrido",
    )


def fuid() -> Any:
    """The FUID of ``EXPEDIENTES`` archived case files."""
    from expedientes import registros as r

    firma = r.Firma("María Fernanda Gómez", "Técnica de archivo", "Bucaramanga", None)
    return r.Fuid(
        entidad=("República de Colombia", "Gobernación de Santander"),
        entidad_remitente="Gobernación de Santander",
        entidad_productora="Gobernación de Santander",
        unidad_administrativa="Secretaría de Planeación",
        codigo_unidad="1400",
        oficina_productora="Grupo de planificación",
        codigo_oficina="1430",
        objeto="Transferencia primaria",
        entrada_fecha=datetime.date(2027, 2, 3),
        numero_transferencia="T-2027-04",
        filas=tuple(
            r.FilaFuid(
                numero_orden=n,
                codigo="1430.07.02",
                nombre=f"Asistencias técnicas / Asesorías POT / Revisión del EOT "
                f"({NOMBRES[n % 3]})",
                radicado=f"SP-2026-{n:06d}",
                fecha_inicial=datetime.date(2026, 1, 1),
                fecha_final=datetime.date(2026, 12, 1),
                caja=str(n // 10 + 1),
                carpeta=str(n),
                tomo="",
                otro="",
                folios=40 + n % 90,
                soporte="Híbrido",
                frecuencia_consulta="Baja",
                notas="Expediente completo." if n % 3 else "",
            )
            for n in range(1, EXPEDIENTES + 1)
        ),
        elaborado_por=dataclasses.replace(firma, fecha=EMITIDO.date()),
        entregado_por=firma,
        recibido_por=r.Firma("", "", "", None),
        elaborado_en=EMITIDO,
    )


# --- the bare baselines ------------------------------------------------------------


def _bare(
    historia_de: Any, snapshot: Any, *, apaisado: bool, fuente: str | None
) -> bytes:
    from reportlab.lib.pagesizes import LETTER, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import SimpleDocTemplate

    estilo = getSampleStyleSheet()["BodyText"]
    if fuente:
        estilo = estilo.clone("bare", fontName=fuente, fontSize=8, leading=10)
    destino = io.BytesIO()
    SimpleDocTemplate(
        destino,
        pagesize=landscape(LETTER) if apaisado else LETTER,
        invariant=True,
        initialFontName=fuente,
    ).build(historia_de(snapshot, estilo, fuente or "Helvetica"))
    return destino.getvalue()


def _tabla(filas: list[list[Any]], fuente: str, repetir: int) -> Any:
    from reportlab.platypus import Table, TableStyle

    tabla = Table(filas, repeatRows=repetir, splitInRow=40)
    tabla.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("FONTNAME", (0, 0), (-1, -1), fuente),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return tabla


def _historia_hoja(hoja: Any, estilo: Any, fuente: str) -> list[Any]:
    from reportlab.platypus import Paragraph

    def p(texto: Any) -> Paragraph:
        return Paragraph(escape(str(texto)), estilo)

    datos = [
        [
            "Unidad administrativa",
            p(f"{hoja.codigo_unidad} {hoja.unidad_administrativa}"),
        ],
        ["Oficina productora", p(f"{hoja.codigo_dependencia} {hoja.dependencia}")],
        ["Serie", p(f"{hoja.codigo_serie} {hoja.serie}")],
        ["Subserie", p(f"{hoja.codigo_subserie} {hoja.subserie}")],
        ["Nombre del expediente", p(hoja.nombre_expediente)],
        ["Número", p(hoja.comun.radicado)],
        ["Fechas", p(f"{hoja.fecha_inicial:%d/%m/%Y} {hoja.fecha_final:%d/%m/%Y}")],
        ["Unidad de conservación", p(hoja.unidad_conservacion)],
        ["Soporte", p(hoja.soporte)],
    ]
    indice = [["Ítem", "Fecha", "Tipo documental", "Desde", "Hasta", "Observaciones"]]
    for fila in hoja.filas:
        indice.append(
            [
                str(fila.item),
                fila.fecha.strftime("%d/%m/%Y"),
                p(fila.tipo_documental),
                str(fila.folio_desde),
                str(fila.folio_hasta),
                p(fila.observaciones),
            ]
        )
    return [
        p(hoja.comun.titulo),
        _tabla(datos, fuente, 0),
        _tabla(indice, fuente, 1),
        p(f"Total de folios {hoja.total_folios}"),
        p(f"Responsable {hoja.comun.emitido_por}, {hoja.comun.cargo}"),
    ]


def _historia_fuid(fuid: Any, estilo: Any, fuente: str) -> list[Any]:
    from reportlab.platypus import Paragraph

    from expedientes.fuid import ENCABEZADOS, valores

    def p(texto: Any) -> Paragraph:
        return Paragraph(escape(str(texto)), estilo)

    datos = [
        ["Entidad remitente", p(fuid.entidad_remitente)],
        ["Entidad productora", p(fuid.entidad_productora)],
        [
            "Unidad administrativa",
            p(f"{fuid.unidad_administrativa} {fuid.codigo_unidad}"),
        ],
        ["Oficina productora", p(f"{fuid.oficina_productora} {fuid.codigo_oficina}")],
        ["Objeto", p(fuid.objeto)],
        ["N.T.", p(fuid.numero_transferencia)],
    ]
    filas: list[list[Any]] = [[p(c) for c in ENCABEZADOS]]
    for fila in fuid.filas:
        celdas: list[Any] = [
            v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else str(v)
            for v in valores(fila)
        ]
        for i in (2, 5, 6, 7, 8, 10, 11, 12):
            celdas[i] = p(celdas[i])
        filas.append(celdas)
    return [
        p("Formato único de inventario documental"),
        _tabla(datos, fuente, 0),
        _tabla(filas, fuente, 1),
    ]


def bare_hoja(hoja: Any, fuente: str | None = "DejaVuSans") -> bytes:
    return _bare(_historia_hoja, hoja, apaisado=False, fuente=fuente)


def bare_fuid(fuid_: Any, fuente: str | None = "DejaVuSans") -> bytes:
    return _bare(_historia_fuid, fuid_, apaisado=True, fuente=fuente)


def medir(nuestro: Any, bare: Any, snapshot: Any, corridas: int) -> dict[str, Any]:
    """Ours, bare in DejaVu and bare in Helvetica, interleaved."""
    contenido = nuestro(snapshot)  # warm-up; its pages are counted
    bare(snapshot)
    bare(snapshot, None)
    ms = medianas_intercaladas(
        {
            "nuestro": lambda: nuestro(snapshot),
            "bare": lambda: bare(snapshot),
            "helvetica": lambda: bare(snapshot, None),
        },
        corridas,
    )
    return {
        "nuestro_ms": ms["nuestro"],
        "bare_ms": ms["bare"],
        "helvetica_ms": ms["helvetica"],
        "razon": ms["nuestro"] / ms["bare"],
        "razon_helvetica": ms["nuestro"] / ms["helvetica"],
        "corridas": corridas,
        "paginas": paginas_pdf(contenido),
    }


def main() -> dict[str, Any]:
    from expedientes.pdf.fuid import render_fuid
    from expedientes.pdf.hoja_control import render_hoja_control
    from procedimientos.pdf.base import registrar_fuentes

    registrar_fuentes()  # the bare baseline uses the same DejaVu Sans
    medidas = {}
    for etiqueta, nuestro, bare, snapshot in (
        (
            f"hoja de control ({DOCUMENTOS} docs)",
            render_hoja_control,
            bare_hoja,
            hoja_control(),
        ),
        (f"FUID ({EXPEDIENTES} files)", render_fuid, bare_fuid, fuid()),
    ):
        medidas[etiqueta] = m = medir(nuestro, bare, snapshot, CORRIDAS)
        print(
            f"  {etiqueta:<28} ours {m['nuestro_ms']:7.0f} ms   bare (DejaVu) "
            f"{m['bare_ms']:7.0f} ms   ratio {m['razon']:.2f}   bare (Helvetica) "
            f"{m['helvetica_ms']:7.0f} ms   {m['paginas']} page(s), "
            f"{m['corridas']} runs"
        )
    return {"medidas": medidas, "objetivo": OBJETIVO}


if __name__ == "__main__":
    correr_en_proceso(main, sys.argv[1])
