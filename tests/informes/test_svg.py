"""The server-drawn charts (informes/svg.py) hold everything they draw."""

import re
import xml.etree.ElementTree as ET

from informes.svg import Serie, barras

SVG = "{http://www.w3.org/2000/svg}"


def test_con_un_solo_grupo_la_leyenda_cabe_en_el_dibujo():
    # One municipality, two series: the bars are narrow, the legend is not.
    grafico = barras(
        ident="g",
        titulo="Resultados",
        descripcion="Mediana y percentil 90",
        categorias=["Sabana de Torres"],
        series=[Serie("Mediana", [134]), Serie("Percentil 90", [134])],
        etiquetas_largas=True,
    )
    raiz = ET.fromstring(str(grafico))  # noqa: S314 - our own markup
    ancho = float(raiz.get("width"))
    leyenda = [t for t in raiz.iter(f"{SVG}text") if t.text == "Percentil 90"]
    (texto,) = leyenda
    # About 6 px a character at font-size 11.
    assert float(texto.get("x")) + 6 * len(texto.text) <= ancho
    assert re.fullmatch(rf"0 0 {ancho:g} \d+", raiz.get("viewBox"))
