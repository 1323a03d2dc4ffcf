import csv
import io
import re

from bs4 import BeautifulSoup

from django.core.files.storage import storages


def texto_visible(html: bytes | str) -> str:
    """The text a reader sees, whitespace collapsed (no tags, scripts or styles)."""
    sopa = BeautifulSoup(html, "html.parser")
    for oculto in sopa(["script", "style", "template"]):
        oculto.decompose()
    return re.sub(r"\s+", " ", sopa.get_text(" ")).strip()


def archivos_privados(ruta: str = "") -> list[str]:
    """Every file in the private storage (case files; in memory in tests)."""
    carpetas, archivos = storages["privado"].listdir(ruta)
    encontrados = [f"{ruta}/{a}".lstrip("/") for a in archivos]
    for carpeta in carpetas:
        encontrados += archivos_privados(f"{ruta}/{carpeta}".lstrip("/"))
    return encontrados


def tabla_fuid_csv(contenido: bytes) -> list[list[str]]:
    """The rows of the FUID's table in its CSV (``expedientes/fuid.py``), heading
    first: what lies between the header block and the signature block."""
    from expedientes.fuid import ENCABEZADOS

    filas = list(csv.reader(io.StringIO(contenido.decode("utf-8-sig")), delimiter=";"))
    inicio = filas.index(list(ENCABEZADOS))
    fin = filas.index([], inicio)
    return filas[inicio:fin]
