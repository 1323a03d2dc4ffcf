"""Activity 6's PDFs and exports as the archivist reads them: the hoja de control
(the record issued on archiving and the working copy), the FUID as PDF, CSV and
XLSX, and the note a corrected record prints. Everything is read back: PDFs with
pypdf, the CSV with ``csv``, the workbook with openpyxl.

One test walks a real case through the services (correction, archiving, FUID);
the big inputs (500 documents, 500 attendees, a FUID of 300 case files) are built
as snapshots directly, as ``render_*`` receives them, so the file stays fast.

Extracted text wraps wherever a cell is narrow: texts are compared with all
whitespace removed (``_plano``).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from django.utils import timezone

from expedientes.constants import TipoDocumento
from expedientes.fuid import ENCABEZADOS, fuid_csv, fuid_xlsx
from expedientes.models import Documento
from expedientes.pdf import RENDERERS, renderer_para
from expedientes.pdf.base import fecha_hora
from expedientes.pdf.fuid import render_fuid
from expedientes.pdf.hoja_control import COPIA_DE_TRABAJO, render_hoja_control
from expedientes.pdf.registro_asistencia import RegistroAsistenciaRenderer
from expedientes.registros import (
    REGISTROS,
    Asistente,
    Comun,
    Correccion,
    FilaFuid,
    FilaIndice,
    Firma,
    Fuid,
    HojaControl,
    Procedimiento,
    RegistroAsistencia,
    RegistroInterno,
    SesionRegistro,
    Solicitante,
)
from expedientes.services import (
    DatosFuid,
    fuid_construir,
    hoja_control_borrador,
    registro_corregir,
)
from expedientes.services.archivo import archivos_para_fuid
from expedientes.tasks import procesar_solicitud
from procedimientos.pdf.base import FUENTE
from tests.casos import archivar, llevar_a, radicar

PAGINA = re.compile(r"PÁGINA\s*(\d+)\s*de\s*(\d+)")
HOJA = re.compile(r"Hoja\s*(\d+)\s*de\s*(\d+)")
#: Markup reportlab would read as its own if it were not escaped.
HOSTIL = "<b>Cía</b> & Hnos. </para> <font size=40>x < y</font> &amp;"
#: Names in other scripts. DejaVu Sans has Greek, Cyrillic and Arabic letters;
#: CJK goes to the PDF's standard (not embedded) CID fonts.
NOMBRES = {
    "griego": "Σωκράτης Παπαδόπουλος",
    "cirílico": "Пётр Ильич Чайковский",
    "árabe": "محمد بن موسى",
    "chino": "李小龍",
    "japonés": "山田 たろう",
    "coreano": "김민준",
}
AHORA = datetime.datetime(2026, 12, 2, 17, 31, tzinfo=datetime.UTC)
ESCRITURAS = list(NOMBRES.values())
#: A cell a spreadsheet would run.
FORMULA = '=HYPERLINK("http://x.example","clic")'
FILA_FORMULA = 8


def _plano(texto: str) -> str:
    return re.sub(r"\s+", "", texto)


def _paginas(contenido: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages]


def _contenido(documento: Documento) -> bytes:
    with documento.archivo.open("rb") as archivo:
        return archivo.read()


def _en_el_texto(nombre: str, texto: str) -> bool:
    """``nombre`` printed literally. reportlab sets Arabic left to right (no bidi
    reordering), and pypdf reads such a run back reversed: the Arabic name is
    found in either order (the limit is stated in procedimientos/pdf/base.py)."""
    plano = _plano(nombre)
    return plano in texto or (
        re.search("[\u0600-\u06ff]", nombre) is not None
        and all(_plano(p)[::-1] in texto for p in nombre.split())
    )


def _largo(prefijo: str, n: int = 10_000) -> tuple[str, list[str]]:
    """Exactly ``n`` characters: markup, then numbered words to follow across
    pages; and those words."""
    texto = f"{prefijo} {HOSTIL} " + " ".join(f"palabra{i:04d}" for i in range(900))
    texto = texto[:n].rsplit(" ", 1)[0].ljust(n, ".")
    return texto, re.findall(r"palabra\d{4}", texto)


def _comun(tipo: str, titulo: str, **cambios) -> Comun:
    codigo = "ABCDE-12345"
    campos = {
        "tipo": tipo,
        "titulo": titulo,
        "radicado": "SP-2026-000123",
        "municipio": "San Vicente de Chucurí",
        "codigo_divipola": "68689",
        "emitido_en": AHORA,
        "emitido_por": f"María Gómez {NOMBRES['griego']}",
        "cargo": "Profesional universitaria",
        "codigo_verificacion": codigo,
        "url_verificacion": f"https://planeacion.example/verificar/{codigo}/",
        "procedimiento": Procedimiento(
            "ES-PE-PR-31",
            "PROCEDIMIENTO DE ASESORÍA POT",
            2,
            datetime.date(2017, 8, 25),
        ),
        "entidad": ("República de Colombia", "Gobernación de Santander"),
        "pie": ("Gobernación de Santander · Secretaría de Planeación",),
        **cambios,
    }
    return Comun(**campos)


def _hoja(documentos: int, *, expedida: bool = True, **cambios) -> HojaControl:
    filas = []
    siguiente = 1
    for item in range(1, documentos + 1):
        folios = item % 5 + 1
        filas.append(
            FilaIndice(
                item=item,
                fecha=datetime.date(2026, 1, 1) + datetime.timedelta(days=item // 4),
                tipo_documental="Acta de reunión" if item % 2 else "Oficio",
                folios=folios,
                folio_desde=siguiente,
                folio_hasta=siguiente + folios - 1,
                observaciones=HOSTIL if item % 50 == 0 else "",
            )
        )
        siguiente += folios
    comun = _comun(TipoDocumento.HOJA_CONTROL, "HOJA DE CONTROL DEL EXPEDIENTE")
    if not expedida:
        comun = dataclasses.replace(comun, codigo_verificacion="", url_verificacion="")
    campos = {
        "comun": comun,
        "unidad_administrativa": "Secretaría de Planeación",
        "codigo_unidad": "1400",
        "dependencia": "Grupo de planificación",
        "codigo_dependencia": "1430",
        "serie": "Asistencias técnicas",
        "codigo_serie": "07",
        "subserie": "Asesorías POT",
        "codigo_subserie": "02",
        "nombre_expediente": f"Revisión del EOT {HOSTIL}",
        "fecha_inicial": datetime.date(2026, 1, 1),
        "fecha_final": datetime.date(2026, 12, 2),
        "filas": tuple(filas),
        "total_folios": siguiente - 1,
        "unidad_conservacion": "Caja 3, carpeta 12",
        "soporte": "Híbrido",
        "expedida": expedida,
        **cambios,
    }
    return HojaControl(**campos)


def _filas_indice(paginas: list[str]) -> list[tuple[int, str, int, int]]:
    """(item, tipo documental, folio desde, folio hasta) of each index row printed,
    in order (pypdf gives each cell on its own line)."""
    fila = re.compile(
        r"(?m)^(\d+)\n\d\d/\d\d/\d{4}\n([^\d\n][^\n]*(?:\n[^\d\n][^\n]*)*)"
        r"\n(\d+)\n(\d+)$"
    )
    return [
        (int(item), " ".join(tipo.split()), int(desde), int(hasta))
        for pagina in paginas
        for item, tipo, desde, hasta in fila.findall(pagina)
    ]


def _fuid(filas: int, **cambios) -> Fuid:
    firma = Firma(f"Ана Петрова {HOSTIL}", "Archivista", "Bucaramanga", None)
    campos = {
        "entidad": ("República de Colombia", "Gobernación de Santander"),
        "entidad_remitente": "Gobernación de Santander",
        "entidad_productora": "Gobernación de Santander",
        "unidad_administrativa": "Secretaría de Planeación",
        "codigo_unidad": "1400",
        "oficina_productora": "Grupo de planificación",
        "codigo_oficina": "1430",
        "objeto": "Transferencia primaria",
        "entrada_fecha": datetime.date(2027, 2, 3),
        "numero_transferencia": "T-2027-04",
        "filas": tuple(
            FilaFuid(
                numero_orden=n,
                codigo="1430.07.02",
                nombre=FORMULA
                if n == FILA_FORMULA
                else f"Asesorías POT / EOT ({ESCRITURAS[(n - 1) % len(ESCRITURAS)]})",
                radicado=f"SP-2026-{n:06d}",
                fecha_inicial=datetime.date(2026, 1, 1),
                fecha_final=datetime.date(2026, 12, 1),
                caja=str(n // 10 + 1),
                carpeta=str(n),
                tomo="",
                otro="-1" if n == 3 else "",
                folios=40 + n,
                soporte="Híbrido",
                frecuencia_consulta="Baja",
                notas=HOSTIL if n % 7 == 0 else ("@SUM(A1)" if n == 5 else ""),
            )
            for n in range(1, filas + 1)
        ),
        "elaborado_por": Firma(
            "Archivo Prueba", "Técnico", "Bucaramanga", datetime.date(2026, 12, 2)
        ),
        "entregado_por": firma,
        "recibido_por": Firma("", "", "", None),
        "elaborado_en": AHORA,
        **cambios,
    }
    return Fuid(**campos)


# --- the real flow ------------------------------------------------------------------


@pytest.mark.django_db
def test_caso_corregido_archivado_y_en_el_fuid(
    usuario_municipal, personal, django_capture_on_commit_callbacks
):
    """A case's letter is corrected, the case archived: the correction prints its
    note, the hoja de control lists every document with its folios, the FUID of
    the archived case has its row in the PDF, the CSV and the workbook."""
    motivo, palabras = _largo(f"Donde dice «seis meses» {NOMBRES['cirílico']}", 2000)
    with django_capture_on_commit_callbacks(execute=True):
        caso = llevar_a(radicar(usuario_municipal, asunto=f"EOT {HOSTIL}"), 4, personal)
    oficio = caso.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    with django_capture_on_commit_callbacks(execute=True):
        nuevo = registro_corregir(
            documento=oficio, actor=personal["secretario"], motivo=motivo
        )
    nuevo.refresh_from_db()
    texto = _plano("".join(_paginas(_contenido(nuevo))))
    emitido = fecha_hora(
        REGISTROS[nuevo.tipo].desde_json(nuevo.datos).comun.corrige.emitido_en
    )
    assert (
        _plano(
            f"Este registro corrige y reemplaza el registro "
            f"{oficio.codigo_verificacion} expedido el {emitido}"
        )
        in texto
    )
    assert _plano(f"Corrección: Donde dice «seis meses» {NOMBRES['cirílico']}") in texto
    assert _plano(HOSTIL) in texto
    assert re.findall(r"palabra\d{4}", texto) == palabras
    # The superseded letter has no note.
    assert "corrigeyreemplaza" not in _plano("".join(_paginas(_contenido(oficio))))

    with django_capture_on_commit_callbacks(execute=True):
        caso = archivar(caso, personal)
    procesar_solicitud(caso.pk)
    hoja = caso.documentos.get(tipo=TipoDocumento.HOJA_CONTROL)
    assert hoja.generado
    contenido = _contenido(hoja)
    assert b"/Helvetica" not in contenido
    paginas = _paginas(contenido)
    registro = HojaControl.desde_json(hoja.datos)
    assert registro.expedida and len(registro.filas) >= 8
    for numero, pagina in enumerate(paginas, start=1):
        assert PAGINA.findall(pagina) == [(str(numero), str(len(paginas)))]
        assert _plano(f"Código de verificación {hoja.codigo_verificacion}") in _plano(
            pagina
        )
    texto = _plano("".join(paginas))
    for esperado in (
        "HOJADECONTROLDELEXPEDIENTE",
        _plano(f"{registro.codigo_serie} · {registro.serie}"),
        _plano(f"{registro.codigo_subserie} · {registro.subserie}"),
        _plano(f"{registro.codigo_dependencia} · {registro.dependencia}"),
        _plano(registro.nombre_expediente),
        _plano(caso.radicado),
        _plano(registro.unidad_conservacion),
        _plano(f"TOTAL DE FOLIOS {registro.total_folios}"),
        "Responsable:",
        _plano(registro.comun.emitido_por),
        "COPIADETRABAJO",
    ):
        assert (esperado in texto) == (esperado != "COPIADETRABAJO"), esperado
    impresas = _filas_indice(paginas)
    assert [(f.item, f.folio_desde, f.folio_hasta) for f in registro.filas] == [
        (item, desde, hasta) for item, _tipo, desde, hasta in impresas
    ]
    assert [f.tipo_documental for f in registro.filas] == [
        t for _i, t, _d, _h in impresas
    ]

    archivos = archivos_para_fuid([caso.archivo.pk])
    fuid = fuid_construir(
        archivos,
        actor=personal["archivo"],
        datos=DatosFuid(numero_transferencia="T-1", lugar="Bucaramanga"),
    )
    texto = _plano("".join(_paginas(render_fuid(fuid))))
    assert _plano(f"Expediente {caso.radicado}") in texto
    assert _plano(f"EOT {HOSTIL}") in texto
    hoja = list(
        csv.reader(io.StringIO(fuid_csv(fuid).decode("utf-8-sig")), delimiter=";")
    )
    fila = hoja[hoja.index(list(ENCABEZADOS)) + 1]
    assert fila[0] == "1" and caso.radicado in fila[2]
    assert fila[9] == str(caso.archivo.folios)


@pytest.mark.django_db
def test_la_copia_de_trabajo_no_es_un_registro(usuario_municipal, personal):
    caso = llevar_a(radicar(usuario_municipal), 3, personal)
    hoja = hoja_control_borrador(caso, actor=personal["secretario"])
    contenido = render_hoja_control(hoja)
    assert render_hoja_control(hoja) == contenido
    paginas = _paginas(contenido)
    for pagina in paginas:
        plano = _plano(pagina)
        assert _plano(COPIA_DE_TRABAJO) in plano  # the footer of every page
        assert "Códigodeverificación" not in plano and "/verificar/" not in plano
    assert _plano(caso.radicado) in _plano(paginas[0])
    assert "Copiaimpresael" in _plano(paginas[0])
    assert "Expedidoel" not in _plano(paginas[0])
    assert b"QrVerificacion" not in contenido
    # Even a snapshot carrying a code prints none while it is a working copy.
    otra = dataclasses.replace(
        hoja, comun=dataclasses.replace(hoja.comun, codigo_verificacion="XYZ-1")
    )
    assert "XYZ-1" not in "".join(_paginas(render_hoja_control(otra)))
    assert Documento.objects.filter(tipo=TipoDocumento.HOJA_CONTROL).count() == 0


# --- big inputs, built as snapshots ---------------------------------------------------


def test_hoja_de_control_de_500_documentos():
    observacion, palabras = _largo(f"Observación {NOMBRES['griego']}")
    nombre, palabras_nombre = _largo("Expediente")
    hoja = _hoja(500)
    filas = list(hoja.filas)
    filas[9] = dataclasses.replace(filas[9], observaciones=observacion)
    hoja = dataclasses.replace(
        hoja,
        filas=tuple(filas),
        nombre_expediente=nombre,
    )
    contenido = render_hoja_control(hoja)
    assert render_hoja_control(hoja) == contenido
    paginas = _paginas(contenido)
    assert len(paginas) >= 15
    for numero, pagina in enumerate(paginas, start=1):
        assert PAGINA.findall(pagina) == [(str(numero), str(len(paginas)))]
        plano = _plano(pagina)
        if "palabra" in plano and numero <= 3:
            continue  # pages holding only the long name or observation
        if numero < len(paginas):
            # The column headings repeat on every page the index runs onto.
            assert "ÍNDICEDEDOCUMENTOSDELEXPEDIENTE" in plano, numero
            assert "TIPODOCUMENTALFOLIODESDEFOLIOHASTA" in plano, numero
    impresas = _filas_indice(paginas)
    assert [i for i, *_ in impresas] == list(range(1, 501))
    for (_i, _t, desde, hasta), (_i2, _t2, siguiente, _h) in zip(
        impresas, impresas[1:], strict=False
    ):
        assert desde <= hasta and siguiente == hasta + 1
    assert impresas[-1][3] == hoja.total_folios
    texto = _plano("".join(paginas))
    assert texto.count(_plano(HOSTIL)) == 10 + 2  # 10 rows, the name, the observation
    assert re.findall(r"palabra\d{4}", texto) == palabras_nombre + palabras
    assert _plano(f"TOTAL DE FOLIOS {hoja.total_folios}") in texto
    assert _plano(NOMBRES["griego"]) in texto


def test_500_asistentes_con_nombres_en_otros_alfabetos():
    nombres = list(NOMBRES.values())
    sesion = SesionRegistro(
        numero=1,
        fecha=AHORA,
        modalidad="Presencial",
        lugar=f"Sala {HOSTIL}",
        temas=_largo("Temas")[0],
        desarrollo="",
        proximos_pasos="",
        asistentes=tuple(
            Asistente(
                f"{n:03d} {nombres[n % len(nombres)]}", f"Entidad {HOSTIL}", "Cargo"
            )
            for n in range(500)
        ),
        compromisos=(),
    )
    registro = RegistroAsistencia(
        comun=_comun(TipoDocumento.REGISTRO_ASISTENCIA, "REGISTRO DE ASISTENCIA"),
        sesion=sesion,
    )
    contenido = RegistroAsistenciaRenderer.desde_registro(registro).render()
    paginas = _paginas(contenido)
    assert len(paginas) >= 20
    texto = _plano("".join(paginas))
    for n in range(500):
        nombre = f"{n:03d} {nombres[n % len(nombres)]}"
        assert _en_el_texto(nombre, texto), nombre
    con_filas = [p for p in paginas[1:] if "Cargo" in p]
    assert con_filas and all("FIRMA" in p for p in con_filas)
    assert texto.count(_plano(f"Entidad {HOSTIL}")) == 500


def test_dejavu_tiene_los_glifos_de_griego_cirilico_y_arabe():
    """What the embedded font covers, and what it does not (CJK goes to the
    standard CID fonts): checked on the font itself, not assumed."""
    cara = pdfmetrics.getFont(FUENTE).face
    for escritura in ("griego", "cirílico", "árabe"):
        letras = {c for c in NOMBRES[escritura] if not c.isspace()}
        assert all(ord(c) in cara.charToGlyph for c in letras), escritura
    for escritura in ("chino", "japonés", "coreano"):
        assert not any(
            ord(c) in cara.charToGlyph for c in NOMBRES[escritura] if c != " "
        )


def test_cada_alfabeto_en_la_hoja_y_en_el_fuid():
    hoja = _hoja(len(NOMBRES))
    hoja = dataclasses.replace(
        hoja,
        filas=tuple(
            dataclasses.replace(fila, observaciones=nombre)
            for fila, nombre in zip(hoja.filas, NOMBRES.values(), strict=True)
        ),
    )
    for contenido in (render_hoja_control(hoja), render_fuid(_fuid(len(NOMBRES)))):
        texto = _plano("".join(_paginas(contenido)))
        for escritura, nombre in NOMBRES.items():
            assert _en_el_texto(nombre, texto), escritura
        assert b"/Helvetica" not in contenido
        # Short CJK names fit their cells, yet are set in the CID fonts, not
        # drawn as plain strings in DejaVu (which has no glyph for them).
        assert b"/STSong-Light" in contenido and b"/HYSMyeongJo-Medium" in contenido


def test_fuid_de_300_expedientes():
    fuid = _fuid(300)
    contenido = render_fuid(fuid)
    assert render_fuid(fuid) == contenido
    assert b"/Helvetica" not in contenido
    paginas = _paginas(contenido)
    total = len(paginas)
    assert total >= 10
    for numero, pagina in enumerate(paginas, start=1):
        plano = _plano(pagina)
        assert HOJA.findall(pagina) == [(str(numero), str(total))], numero
        for cabecera in (
            "FORMATOÚNICODEINVENTARIODOCUMENTAL",
            "ENTIDADREMITENTE",
            "ENTIDADPRODUCTORA",
            "UNIDADADMINISTRATIVA",
            "SecretaríadePlaneación(código1400)",
            "Grupodeplanificación(código1430)",
            "[X]Transferenciaprimaria",
            "[]Transferenciasecundaria",
            "REGISTRODEENTRADA",
            "AÑOMESDÍAN.T.",
            "20270203T-2027-04",
            # The two-level heading of the table.
            "FECHASEXTREMAS",
            "UNIDADDECONSERVACIÓN",
            "INICIALFINALCAJACARPETATOMOOTRO",
        ):
            assert cabecera in plano, (numero, cabecera)
    texto = _plano("".join(paginas))
    assert re.findall(r"ExpedienteSP-2026-(\d{6})", texto) == [
        f"{n:06d}" for n in range(1, 301)
    ]
    assert texto.count(_plano(HOSTIL)) == 300 // 7 + 1  # notes and "entregado por"
    final = _plano(paginas[-1])
    for firma in ("ELABORADOPOR", "ENTREGADOPOR", "RECIBIDOPOR", "NOMBRE", "LUGAR"):
        assert firma in final
    assert "ArchivoPrueba" in final and "ELABORADOPOR" not in _plano(paginas[0])


def test_fuid_en_csv_y_xlsx_con_las_mismas_filas():
    fuid = _fuid(300)
    contenido = fuid_csv(fuid)
    assert contenido.startswith("\ufeff".encode())
    assert fuid_csv(fuid) == contenido
    filas = list(csv.reader(io.StringIO(contenido.decode("utf-8-sig")), delimiter=";"))
    cabeza = filas.index(list(ENCABEZADOS))
    assert len(ENCABEZADOS) == 13 and "Fechas extremas (inicial)" in ENCABEZADOS
    datos = filas[cabeza + 1 : cabeza + 301]
    assert filas[cabeza + 301] == []
    for fila, esperada in zip(datos, fuid.filas, strict=True):
        assert fila[0] == str(esperada.numero_orden)
        nombre = f"{esperada.nombre}. Expediente {esperada.radicado}"
        formula = esperada.numero_orden == FILA_FORMULA
        assert fila[2] == (f"'{nombre}" if formula else nombre)
        assert fila[3:5] == ["01/01/2026", "01/12/2026"]
        assert fila[9] == str(esperada.folios)
    # Formula injection: the cells that would run start with an apostrophe.
    assert datos[7][2] == f"'{FORMULA}. Expediente SP-2026-000008"
    assert datos[2][8] == "'-1" and datos[4][12] == "'@SUM(A1)"
    assert datos[6][12] == HOSTIL

    libro = load_workbook(io.BytesIO(fuid_xlsx(fuid)))
    hoja = libro["FUID"]
    valores = [list(fila) for fila in hoja.iter_rows(values_only=True)]
    assert valores[0][0] == "FORMATO ÚNICO DE INVENTARIO DOCUMENTAL"
    cabeza = next(i for i, f in enumerate(valores) if f[0] == "NÚMERO DE ORDEN")
    assert valores[cabeza][3] == "FECHAS EXTREMAS" and valores[cabeza + 1][3:5] == [
        "INICIAL",
        "FINAL",
    ]
    cuerpo = valores[cabeza + 2 : cabeza + 302]
    for fila, csv_fila in zip(cuerpo, datos, strict=True):
        assert fila[0] == int(csv_fila[0]) and fila[9] == int(csv_fila[9])
        assert fila[3].date() == datetime.date(2026, 1, 1)
        assert [str(v or "") for v in fila[5:9]] == csv_fila[5:9]
        assert (fila[12] or "") == csv_fila[12]
    assert cuerpo[7][2] == f"'{FORMULA}. Expediente SP-2026-000008"
    # openpyxl would store "=..." as a formula: no cell of the sheet is one.
    assert all(celda.data_type != "f" for fila in hoja.iter_rows() for celda in fila)
    assert fuid_xlsx(fuid) == fuid_xlsx(fuid)


def _junto_a(hoja: list[list[object]], etiqueta: str) -> tuple[int, int]:
    """(row, column) of the first cell that says ``etiqueta``."""
    for f, fila in enumerate(hoja):
        for c, valor in enumerate(fila):
            if valor == etiqueta:
                return f, c
    raise AssertionError(f"{etiqueta!r} no está")


def _despues(hoja: list[list[object]], etiqueta: str, n: int = 1) -> list[object]:
    """The ``n`` filled cells right of ``etiqueta`` in its row."""
    f, c = _junto_a(hoja, etiqueta)
    return [v for v in hoja[f][c + 1 :] if v not in (None, "")][:n]


def test_el_csv_y_el_xlsx_del_fuid_tienen_su_encabezado_y_sus_firmas():
    """What the PDF prints around the table is in the spreadsheets too: the
    entity, the identification fields, the objeto, the registro de entrada, when
    it was drawn up, and the three signature blocks (a formula typed as a place
    does not run)."""
    fuid = _fuid(
        3,
        recibido_por=Firma("Archivo Central", "Jefe de archivo", FORMULA, None),
    )
    pdf = _plano("".join(_paginas(render_fuid(fuid))))
    filas = list(
        csv.reader(io.StringIO(fuid_csv(fuid).decode("utf-8-sig")), delimiter=";")
    )
    libro = load_workbook(io.BytesIO(fuid_xlsx(fuid)))
    celdas = [list(f) for f in libro["FUID"].iter_rows(values_only=True)]
    en_bogota = AHORA.astimezone(timezone.get_default_timezone())
    for nombre, hoja in (("csv", filas), ("xlsx", celdas)):
        texto = [str(c) for fila in hoja for c in fila if c not in (None, "")]
        assert texto[:3] == [
            "FORMATO ÚNICO DE INVENTARIO DOCUMENTAL",
            "República de Colombia",
            "Gobernación de Santander",
        ], nombre
        for etiqueta, valor in {
            "Entidad remitente": "Gobernación de Santander",
            "Entidad productora": "Gobernación de Santander",
            "Unidad administrativa": "Secretaría de Planeación (código 1400)",
            "Oficina productora": "Grupo de planificación (código 1430)",
            "Objeto": "Transferencia primaria",
        }.items():
            assert _despues(hoja, etiqueta) == [valor], (nombre, etiqueta)
            assert _plano(etiqueta.upper()) in pdf and _plano(valor) in pdf
        f, c = _junto_a(hoja, "Año")
        assert hoja[f][c : c + 4] == ["Año", "Mes", "Día", "N.T."], nombre
        assert [str(v) for v in hoja[f + 1][c : c + 4]] == [
            "2027",
            "02",
            "03",
            "T-2027-04",
        ], nombre
        assert _despues(hoja, "Registro de entrada") in (["Año"], []), nombre
        assert _despues(hoja, "Elaborado el") == [
            fecha_hora(AHORA) if nombre == "csv" else en_bogota.replace(tzinfo=None)
        ], nombre
        # The signature block, under the table, each signer in its column.
        f, c = _junto_a(hoja, "Elaborado por")
        assert (
            f
            > _junto_a(hoja, "NÚMERO DE ORDEN" if nombre == "xlsx" else ENCABEZADOS[0])[
                0
            ]
        )
        assert [v for v in hoja[f] if v] == [
            "Elaborado por",
            "Entregado por",
            "Recibido por",
        ], nombre
        # (The XLSX repeats the labels in each signer's block, as the PDF does.)
        firmas = {
            fila[0]: [v for v in fila[1:] if v and v != fila[0]]
            for fila in hoja[f + 1 : f + 6]
        }
        assert list(firmas) == ["Nombre", "Cargo", "Firma", "Lugar", "Fecha"], nombre
        assert firmas["Nombre"] == [
            "Archivo Prueba",
            f"Ана Петрова {HOSTIL}",
            "Archivo Central",
        ], nombre
        assert firmas["Lugar"] == ["Bucaramanga", "Bucaramanga", f"'{FORMULA}"]
        assert firmas["Firma"] == [], nombre
        assert firmas["Fecha"] == [
            "02/12/2026" if nombre == "csv" else datetime.datetime(2026, 12, 2)
        ], nombre
    # Neutralised and typed as text, the place is not a formula.
    assert all(c.data_type != "f" for fila in libro["FUID"].iter_rows() for c in fila)


def test_la_nota_de_correccion_con_texto_hostil_y_largo():
    motivo, palabras = _largo(f"Corrige {NOMBRES['griego']}", 2000)
    registro = RegistroInterno(
        comun=_comun(
            TipoDocumento.REGISTRO_INTERNO,
            "REGISTRO INTERNO",
            corrige=Correccion("OLD-00001", AHORA, motivo),
        ),
        numero_registro="RI-2026-000001",
        radicada_en=AHORA,
        canal="Ventanilla",
        asunto="EOT",
        tipo_solicitud="Revisión general",
        solicitante=Solicitante("Laura", "Secretaria", "l@example.org", "1"),
        dirigida_a="Secretario",
        observaciones="",
        documentos=(),
    )
    clase = RENDERERS[TipoDocumento.REGISTRO_INTERNO]
    contenido = clase.desde_registro(registro).render()
    paginas = _paginas(contenido)
    texto = _plano("".join(paginas))
    fecha = timezone.localtime(AHORA).strftime("%d/%m/%Y %H:%M")
    assert (
        _plano(
            "Este registro corrige y reemplaza el registro OLD-00001 expedido el "
            f"{fecha}. Corrección: Corrige {NOMBRES['griego']} {HOSTIL}"
        )
        in texto
    )
    assert re.findall(r"palabra\d{4}", texto) == palabras
    # Under the title, before the record's own data.
    primera = _plano(paginas[0])
    assert primera.index("REGISTROINTERNO") < primera.index("corrigeyreemplaza")
    sin_nota = dataclasses.replace(
        registro, comun=dataclasses.replace(registro.comun, corrige=None)
    )
    assert "corrige" not in _plano(
        "".join(_paginas(clase.desde_registro(sin_nota).render()))
    )


@pytest.mark.django_db
def test_el_registro_de_la_hoja_se_renderiza_desde_su_documento(
    usuario_municipal, personal
):
    """``RENDERERS`` knows the hoja de control: the stored record re-renders to
    the same bytes ``tasks.generar_documento`` made and then signed (the
    signature is appended to them)."""
    caso = archivar(radicar(usuario_municipal), personal)
    procesar_solicitud(caso.pk)
    hoja = caso.documentos.get(tipo=TipoDocumento.HOJA_CONTROL)
    assert _contenido(hoja).startswith(renderer_para(hoja).render())
