"""The three people of a formal version (editor, reviewer, Secretario de Planeación)."""

import pytest

from django.test import Client

from tests.factories import UsuarioFactory


@pytest.fixture
def editora(indice):
    return UsuarioFactory(
        editora=True,
        username="editora",
        first_name="Ana",
        last_name="Pérez Ruiz",
        cargo="Profesional universitario",
    )


@pytest.fixture
def revisor(indice):
    return UsuarioFactory(
        revisor=True,
        username="revisor",
        first_name="EDWIN FERNANDO",
        last_name="MENDOZA BELTRÁN",
        cargo="Director de Prospectiva Territorial",
    )


@pytest.fixture
def secretario(indice):
    return UsuarioFactory(
        aprobador=True,
        username="secretario",
        first_name="HÉCTOR JULIO",
        last_name="FUENTES DURÁN",
        cargo="Secretario de Planeación",
    )


@pytest.fixture
def publico():
    """An anonymous visitor, separate from the client the staff log in with."""
    return Client()
