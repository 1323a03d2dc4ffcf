import re

from bs4 import BeautifulSoup


def texto_visible(html: bytes | str) -> str:
    """The text a reader sees, whitespace collapsed (no tags, scripts or styles)."""
    sopa = BeautifulSoup(html, "html.parser")
    for oculto in sopa(["script", "style", "template"]):
        oculto.decompose()
    return re.sub(r"\s+", " ", sopa.get_text(" ")).strip()
