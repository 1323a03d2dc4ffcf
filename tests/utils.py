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
