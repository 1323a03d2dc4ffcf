import pytest

from portal.services import inicio_asegurar
from procedimientos.services import (
    DATOS,
    leer_datos,
    paginas_base_asegurar,
    procedimiento_cargar,
)


@pytest.fixture
def inicio(db):
    """The home page as the root of the default site."""
    return inicio_asegurar()[0]


@pytest.fixture
def indice(inicio):
    """/procedimientos/ (and /glosario/) under the home page."""
    return paginas_base_asegurar()


@pytest.fixture
def datos_semilla():
    return leer_datos(DATOS / "es-pe-pr-31.json")


@pytest.fixture
def procedimiento(indice, datos_semilla):
    """ES-PE-PR-31 as published from its data file: the object of the fidelity tests."""
    return procedimiento_cargar(datos=datos_semilla)[0]
