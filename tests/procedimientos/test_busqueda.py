"""The public search (``/buscar/``) finds the procedure by the words it prints:
its header, its activities' offices, roles and records, its definitions and its
change-control rows (``ProcedimientoPage.search_fields``), on the database search
backend the project uses; and a formal version, once published, is what is found
(``procedimientos/signals.py``)."""

import pytest
from bs4 import BeautifulSoup

from procedimientos.models import Cargo
from tests import semilla
from tests.procedimientos.flujo import aprobar_cambio


def encontrados(cliente, consulta) -> list[str]:
    sopa = BeautifulSoup(
        cliente.get("/buscar/", {"q": consulta}).content, "html.parser"
    )
    return [a.get_text(strip=True) for a in sopa.select(".tarjeta__titulo a")]


@pytest.mark.parametrize(
    "consulta",
    [
        "Planeación",  # the secretaría, the offices and roles of activities 2 and 3
        "acta",  # records of activities 4 and 5
        "Recepcionista",  # the role of activity 1
        "Convenio",  # a record
        "meseta",  # a definition's text
        "Bucaramanga",  # the editor's note on CDMS (the CDMB)
    ],
)
def test_encuentra_el_procedimiento_por_lo_que_dice(client, procedimiento, consulta):
    assert encontrados(client, consulta) == [semilla.TITULO]


def test_una_version_publicada_se_encuentra_por_lo_nuevo(
    client, procedimiento, editora, revisor, secretario
):
    assert encontrados(client, "Cartógrafo") == []
    cartografo = Cargo.objects.create(nombre="Cartógrafo departamental")

    def cambiar(borrador):
        actividad = list(borrador.actividades.all())[4]
        actividad.cargos = [*actividad.cargos.all(), cartografo]
        actividad.descripcion += " Se georreferencian los planos."

    aprobar_cambio(
        procedimiento,
        cambiar,
        descripcion="Se suma el cartógrafo a las sesiones.",
        editora=editora,
        revisor=revisor,
        secretario=secretario,
    )
    assert encontrados(client, "Cartógrafo") == [semilla.TITULO]
    assert encontrados(client, "georreferencian") == [semilla.TITULO]
    assert encontrados(client, "cartógrafo sesiones") == [semilla.TITULO]
