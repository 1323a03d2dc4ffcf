"""The 87 municipalities: the data, and their snippet admin (list, filter, edit)."""

import pytest

from django.contrib.auth.models import Group, Permission

from expedientes.models import Municipio
from tests.planes.casos import con_plan
from tests.utils import texto_visible

LISTA = "/admin/snippets/expedientes/municipio/"


def editar_url(municipio) -> str:
    return f"{LISTA}edit/{municipio.pk}/"


def datos(municipio, **cambios) -> dict:
    return {
        "codigo_divipola": municipio.codigo_divipola,
        "nombre": municipio.nombre,
        "provincia": municipio.provincia,
        "autoridad_ambiental": municipio.autoridad_ambiental,
        **cambios,
    }


def encontrados(respuesta) -> list[str]:
    return [municipio.nombre for municipio in respuesta.context["object_list"]]


@pytest.fixture
def planeacion(client, municipios, django_user_model):
    """Staff who keep the municipalities' plans: a group with view and change only."""
    grupo = Group.objects.create(name="Planeación territorial")
    grupo.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="expedientes",
            codename__in=["view_municipio", "change_municipio"],
        ),
    )
    usuario = django_user_model.objects.create_user("planeacion", "p@example.com")
    usuario.groups.add(grupo)
    client.force_login(usuario)
    return client


def test_los_87_municipios_de_santander(municipios):
    assert municipios.count() == 87
    assert municipios.filter(codigo_divipola__startswith="68").count() == 87
    assert municipios.filter(autoridad_ambiental="CDMB").count() == 13
    assert municipios.get(codigo_divipola="68001").nombre == "Bucaramanga"
    assert municipios.get(codigo_divipola="68307").nombre == "Girón"


def test_la_lista_del_admin(planeacion):
    respuesta = planeacion.get(LISTA)
    assert respuesta.status_code == 200
    assert len(encontrados(respuesta)) == 87  # one page
    texto = texto_visible(respuesta.content)
    for columna in (
        "Nombre",
        "Código DIVIPOLA",
        "Provincia",
        "Autoridad ambiental",
        "Tipo de plan",
        "Acto de adopción o revisión",
    ):
        assert columna in texto
    assert "Bucaramanga Editar 68001 Metropolitana CDMB" in texto
    menu = planeacion.get("/admin/").content.decode()  # the sidebar's JSON
    assert '"Municipios"' in menu
    assert '"/admin/snippets/expedientes/municipio/"' in menu


def test_filtrar_por_autoridad_provincia_y_tipo_de_plan(planeacion, municipio):
    con_plan(municipio, tipo_plan="POT")
    cdmb = encontrados(planeacion.get(LISTA, {"autoridad_ambiental": "CDMB"}))
    assert len(cdmb) == 13
    assert "Bucaramanga" in cdmb
    soto_norte = encontrados(planeacion.get(LISTA, {"provincia": "Soto Norte"}))
    assert len(soto_norte) == 6
    assert "Bucaramanga" not in soto_norte
    assert encontrados(planeacion.get(LISTA, {"tipo_plan": "POT"})) == ["Bucaramanga"]
    assert len(encontrados(planeacion.get(LISTA, {"tipo_plan": "ninguno"}))) == 86
    combinados = planeacion.get(
        LISTA, {"provincia": ["Metropolitana", "Vélez"], "autoridad_ambiental": "CAS"}
    )
    assert len(encontrados(combinados)) == 3 + 19


def test_buscar_por_nombre_o_codigo(planeacion):
    assert encontrados(planeacion.get(LISTA, {"q": "girón"})) == ["Girón"]
    assert encontrados(planeacion.get(LISTA, {"q": "68001"})) == ["Bucaramanga"]


def test_el_plan_se_registra_en_planes_no_en_el_municipio(planeacion, municipio):
    """The municipality's form has no plan fields: acts go through planes."""
    formulario = texto_visible(planeacion.get(editar_url(municipio)).content)
    assert "Tipo de plan" not in formulario
    con_plan(municipio, tipo_plan="POT")
    lista = texto_visible(planeacion.get(LISTA, {"q": "Bucaramanga"}).content)
    assert "POT" in lista and "Acuerdo 011 de 2014" in lista


def test_el_codigo_divipola_sigue_siendo_unico_y_de_santander(
    planeacion, municipio, otro_municipio
):
    repetido = planeacion.post(
        editar_url(municipio), datos(municipio, codigo_divipola="68307")
    )
    assert repetido.status_code == 200
    assert "Ya existe" in texto_visible(repetido.content)
    ajeno = planeacion.post(
        editar_url(municipio), datos(municipio, codigo_divipola="05001")
    )
    assert "Código DIVIPOLA de Santander: 68xxx." in texto_visible(ajeno.content)
    municipio.refresh_from_db()
    assert municipio.codigo_divipola == "68001"
    assert Municipio.objects.filter(codigo_divipola="68307").count() == 1


def test_sin_permiso_no_se_edita(client, municipio, django_user_model):
    lector = django_user_model.objects.create_user("lector", "l@example.com")
    lector.groups.add(Group.objects.get(name="Editors"))
    client.force_login(lector)
    respuesta = client.post(editar_url(municipio), datos(municipio, provincia="Otra"))
    assert respuesta.status_code in (302, 403)
    municipio.refresh_from_db()
    assert municipio.provincia == "Metropolitana"


def test_una_cuenta_municipal_no_ve_la_lista(client, usuario_municipal):
    client.force_login(usuario_municipal)
    respuesta = client.get(LISTA)
    assert respuesta.status_code == 302
    assert respuesta.url.startswith("/admin/login/")


def test_los_municipios_se_ordenan_sin_mandar_al_final_los_acentos(municipios):
    """Gámbita between Galán and Girón, Málaga before Matanza, Vélez before Vetas,
    on SQLite and PostgreSQL alike."""
    nombres = list(municipios.values_list("nombre", flat=True))
    for antes, despues in (
        ("Galán", "Gámbita"),
        ("Gámbita", "Girón"),
        ("Macaravita", "Málaga"),
        ("Málaga", "Matanza"),
        ("Valle de San José", "Vélez"),
        ("Vélez", "Vetas"),
    ):
        assert nombres.index(antes) < nombres.index(despues), (antes, despues)
