import pytest

from django.test import override_settings
from wagtail.models import Locale, Page

from expedientes.firma.demo import pki_demo_crear
from portal.services import inicio_asegurar
from procedimientos.services import (
    DATOS,
    leer_datos,
    paginas_base_asegurar,
    procedimiento_cargar,
)


@pytest.fixture(scope="session", autouse=True)
def pki_de_prueba(tmp_path_factory):
    """A test PKI made once per session (per xdist worker): a root, the entity's
    EC P-256 certificate, a local timestamper and the root's CRL. Every record
    the tests issue is signed with it, offline (``FIRMA_DEMO``)."""
    pki = pki_demo_crear(tmp_path_factory.mktemp("pki"))
    with override_settings(FIRMA_DEMO=str(pki.carpeta)):
        yield pki


@pytest.fixture
def inicio(db):
    """The home page as the root of the default site.

    Transactional tests (live server, concurrency) flush every table afterwards,
    including the root page and locale Wagtail's migrations created: put them back.
    """
    if not Locale.objects.exists():
        Locale.objects.create(language_code="es-co")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
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


@pytest.fixture
def version_vigente(procedimiento):
    """The formal version requests are filed under (v2 of the seed)."""
    from expedientes.selectors import version_vigente as vigente

    return vigente()


@pytest.fixture
def municipios(db):
    """The 87 municipalities of the data migration (reloaded after a flush)."""
    import importlib

    from expedientes.models import Municipio

    if not Municipio.objects.exists():
        migracion = importlib.import_module("expedientes.migrations.0002_municipios")
        Municipio.objects.bulk_create(
            Municipio(**fila) for fila in migracion.leer_municipios()
        )
    return Municipio.objects.all()


@pytest.fixture
def municipio(municipios):
    return municipios.get(codigo_divipola="68001")  # Bucaramanga


@pytest.fixture
def otro_municipio(municipios):
    return municipios.get(codigo_divipola="68307")  # Girón


@pytest.fixture
def usuario_municipal(municipio, django_user_model):
    return django_user_model.objects.create_user(
        "planeacion.bucaramanga",
        "planeacion@bucaramanga.gov.co",
        "clave-municipal-2026",
        first_name="Laura",
        last_name="Rincón",
        cargo="Secretaria de Planeación municipal",
        municipio=municipio,
    )


@pytest.fixture
def limites_vacios():
    """Rate-limit counters live in the default cache: start and end with none
    (``pytestmark = pytest.mark.usefixtures("limites_vacios")``)."""
    from django.core.cache import caches

    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture(autouse=True)
def almacen_privado_vacio():
    """Case files live in an in-memory storage that outlives a test: empty it."""
    from django.core.files.storage import storages

    from tests.utils import archivos_privados

    for nombre in archivos_privados():
        storages["privado"].delete(nombre)


#: The ``personal`` fixture's people: key, username, role group, cargo.
PERSONAL = (
    ("ventanilla", "recepcion", "Ventanilla única", "Recepcionista"),
    ("despacho", "despacho", "Secretaría del despacho", "Secretaria del despacho"),
    (
        "secretario",
        "secretario",
        "Secretario de Planeación",
        "Secretario de Planeación",
    ),
    (
        "coordinador",
        "coordinador",
        "Coordinación del grupo de planificación",
        "Coordinador del grupo",
    ),
    (
        "profesional",
        "profesional",
        "Profesionales del grupo",
        "Profesional universitario",
    ),
    (
        "profesional2",
        "profesional2",
        "Profesionales del grupo",
        "Profesional universitaria",
    ),
    ("archivo", "archivo", "Seguimiento y evaluación", "Coordinador de seguimiento"),
)


@pytest.fixture
def personal(version_vigente, municipios):
    """One staff account per role of the procedure (groups from the site set-up)."""
    from expedientes.permisos import roles_asegurar
    from tests.factories import UsuarioFactory

    roles_asegurar()
    return {
        clave: UsuarioFactory(
            username=usuario,
            first_name=usuario.capitalize(),
            last_name="Prueba",
            cargo=cargo,
            grupos=[grupo],
        )
        for clave, usuario, grupo, cargo in PERSONAL
    }
