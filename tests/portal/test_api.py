"""The API's limit and offset: a client's bad value is a Spanish 400, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

MAXIMO = 2**63 - 1


@pytest.mark.parametrize(
    ("parametros", "palabra"),
    [
        ({"offset": str(MAXIMO + 1)}, "«offset»"),  # was a 500 on PostgreSQL
        ({"offset": "9" * 40}, "«offset»"),
        ({"offset": "-1"}, "«offset»"),
        ({"offset": "+1"}, "«offset»"),
        ({"offset": "١"}, "«offset»"),  # an Arabic-Indic digit: int() takes it
        ({"offset": "uno"}, "«offset»"),
        ({"offset": str(MAXIMO - 5)}, "«offset» más «limit»"),
        ({"limit": "-3"}, "«limit»"),
        ({"limit": "51"}, "no puede ser mayor que 50"),
        ({"limit": "1e3"}, "«limit»"),
    ],
)
def test_un_limite_o_desplazamiento_invalido_da_un_400_en_espanol(
    client, inicio, parametros, palabra
):
    respuesta = client.get("/api/v2/pages/", parametros)
    assert respuesta.status_code == 400
    assert palabra in respuesta.json()["message"]


def test_los_valores_validos_paginan(client, inicio):
    todas = client.get("/api/v2/pages/").json()
    assert todas["meta"]["total_count"] >= 1
    respuesta = client.get("/api/v2/pages/", {"offset": "1", "limit": "50"})
    assert respuesta.status_code == 200
    assert len(respuesta.json()["items"]) == todas["meta"]["total_count"] - 1


def test_el_mayor_desplazamiento_posible_da_una_lista_vacia(client, inicio):
    respuesta = client.get("/api/v2/pages/", {"offset": str(MAXIMO - 50)})
    assert respuesta.status_code == 200
    assert respuesta.json()["items"] == []
