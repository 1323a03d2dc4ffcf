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


#: The seed every database test starts from: the home page, /procedimientos/ and
#: /glosario/, ES-PE-PR-31 published from its data file with its formal versions,
#: and the procedure's role groups. Loaded once per session (per xdist worker) by
#: ``django_db_setup`` below, so each test's transaction rolls back to it; the
#: fixtures ``inicio``, ``indice``, ``procedimiento`` and ``version_vigente`` only
#: look it up.
CODIGO_SEMILLA = "ES-PE-PR-31"


def semilla_cargar() -> None:
    """Load the seed (idempotent: each step keeps what exists).

    Also after a transactional test flushed every table, including the root page
    and locale Wagtail's migrations created: put them back first.
    """
    from expedientes.permisos import roles_asegurar

    if not Locale.objects.exists():
        Locale.objects.create(language_code="es-co")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    inicio_asegurar()
    paginas_base_asegurar()
    procedimiento_cargar(datos=leer_datos(DATOS / "es-pe-pr-31.json"))
    roles_asegurar()


def semilla_presente() -> bool:
    from procedimientos.models import ProcedimientoPage

    return ProcedimientoPage.objects.filter(codigo=CODIGO_SEMILLA).exists()


#: The session's ``django_db_blocker``, for the hooks below (they run outside
#: any fixture).
_bloqueo = {}


#: The tables the seed changed, with their rows as ``migrate`` left them
#: (``base_recien_migrada``): filled only when a collected test asks for it.
_migradas: dict[str, list] = {}


def _filas_por_modelo() -> dict[str, list]:
    from django.apps import apps
    from django.core import serializers

    return {
        modelo._meta.label: serializers.serialize(
            "python", modelo._base_manager.order_by("pk")
        )
        for modelo in apps.get_models()
        if modelo._meta.managed and not modelo._meta.proxy
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test databases, then the seed, committed once."""
    _bloqueo["django_db_blocker"] = django_db_blocker
    recien = any(
        "base_recien_migrada" in getattr(item, "fixturenames", ())
        for item in request.session.items
    )
    with django_db_blocker.unblock():
        antes = _filas_por_modelo() if recien else {}
        semilla_cargar()
        if recien:
            despues = _filas_por_modelo()
            _migradas.update(
                (etiqueta, filas)
                for etiqueta, filas in antes.items()
                if despues[etiqueta] != filas
            )
    yield
    _bloqueo.clear()
    _migradas.clear()


def _es_transaccional(item) -> bool:
    marca = item.get_closest_marker("django_db")
    if marca is not None and marca.kwargs.get("transaction"):
        return True
    nombres = getattr(item, "fixturenames", ())
    return "transactional_db" in nombres or "live_server" in nombres


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, concurrency, backups) ends by flushing
    every table, the seed with them: mark it so the next test loads it again
    before its own fixtures run."""
    yield
    if _es_transaccional(item):
        _bloqueo["sin_semilla"] = True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    bloqueo = _bloqueo.get("django_db_blocker")
    if bloqueo is not None and _bloqueo.pop("sin_semilla", False):
        with bloqueo.unblock():
            if not semilla_presente():
                semilla_cargar()


@pytest.fixture
def inicio(db):
    """The home page as the root of the default site (from the seed)."""
    from portal.models import HomePage

    return HomePage.objects.first() or inicio_asegurar()[0]


@pytest.fixture
def indice(inicio):
    """/procedimientos/ (and /glosario/) under the home page (from the seed)."""
    from procedimientos.models import ProcedimientoIndexPage

    return ProcedimientoIndexPage.objects.first() or paginas_base_asegurar()


@pytest.fixture
def datos_semilla():
    return leer_datos(DATOS / "es-pe-pr-31.json")


@pytest.fixture
def procedimiento(indice, datos_semilla):
    """ES-PE-PR-31 as published from its data file: the object of the fidelity
    tests (from the seed)."""
    from procedimientos.models import ProcedimientoPage

    return (
        ProcedimientoPage.objects.filter(codigo=datos_semilla["codigo"]).first()
        or procedimiento_cargar(datos=datos_semilla)[0]
    )


@pytest.fixture
def version_vigente(procedimiento):
    """The formal version requests are filed under (v2 of the seed)."""
    from expedientes.selectors import version_vigente as vigente

    return vigente()


@pytest.fixture
def sin_procedimiento(indice):
    """The seed without ES-PE-PR-31 (its page, formal versions and the snippets it
    brought), deleted in the test's transaction and so back for the next test: for
    the tests of loading it or of snippets and procedures made from nothing. The
    home page, the catalogue, its workflow and the groups stay."""
    from procedimientos.models import (
        Cargo,
        Definicion,
        Dependencia,
        ProcedimientoPage,
        TipoDocumental,
        VersionProcedimiento,
    )

    VersionProcedimiento.objects.all().delete()
    for pagina in ProcedimientoPage.objects.all():
        pagina.delete()
    for modelo in (Dependencia, Cargo, TipoDocumental, Definicion):
        modelo.objects.all().delete()
    return indice


@pytest.fixture
def base_recien_migrada(db):
    """The database exactly as ``migrate`` left it, in the test's transaction
    (rolled back to the seed afterwards): each table the seed changed gets back
    the rows it had before the seed, every other table was never touched."""
    from django.apps import apps
    from django.core import serializers

    for etiqueta in _migradas:
        modelo = apps.get_model(etiqueta)
        for campo in modelo._meta.local_many_to_many:
            campo.remote_field.through._base_manager.all()._raw_delete("default")
        modelo._base_manager.all()._raw_delete("default")
    for filas in _migradas.values():
        for objeto in serializers.deserialize("python", filas):
            objeto.save()


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
def cache_vacia():
    """The default cache (local memory in tests) outlives a test, and a test's
    rolled-back changes do not reach what was cached from them (Wagtail's root
    paths of the sites, ``procedimientos.rutas``' map of the sites): each test
    starts with it empty, as a new server would."""
    from django.core.cache import caches

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
    """One staff account per role of the procedure, in its role's group (the
    groups and their permissions come with the seed, loaded again after a flush
    before any fixture runs)."""
    from tests.factories import UsuarioFactory

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
