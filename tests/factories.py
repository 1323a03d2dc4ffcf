"""factory_boy factories for unit tests (the demo data is for the demo)."""

import datetime

import factory

from django.contrib.auth.models import Group

from portal.models import Usuario
from procedimientos.constants import TipoActividad
from procedimientos.models import (
    ActividadProcedimiento,
    Cargo,
    Definicion,
    DefinicionProcedimiento,
    Dependencia,
    ProcedimientoPage,
    TipoDocumental,
    VersionProcedimiento,
)
from procedimientos.services import (
    GRUPO_APROBADORES,
    GRUPO_EDITORES,
    GRUPO_REVISORES,
)


class DependenciaFactory(factory.django.DjangoModelFactory):
    nombre = factory.Sequence(lambda n: f"Dependencia {n}")

    class Meta:
        model = Dependencia
        django_get_or_create = ["nombre"]


class CargoFactory(factory.django.DjangoModelFactory):
    nombre = factory.Sequence(lambda n: f"Cargo {n}")

    class Meta:
        model = Cargo
        django_get_or_create = ["nombre"]


class TipoDocumentalFactory(factory.django.DjangoModelFactory):
    nombre = factory.Sequence(lambda n: f"Registro {n}")

    class Meta:
        model = TipoDocumental
        django_get_or_create = ["nombre"]


class DefinicionFactory(factory.django.DjangoModelFactory):
    termino = factory.Sequence(lambda n: f"TÉRMINO{n}")
    definicion = factory.Faker("sentence", locale="es_ES")

    class Meta:
        model = Definicion


class UsuarioFactory(factory.django.DjangoModelFactory):
    """An account; ``editora``, ``revisor`` and ``aprobador`` put it in the group of
    that role of the "Versión formal" workflow (the groups exist once
    ``paginas_base_asegurar`` ran: use the ``indice`` fixture)."""

    username = factory.Sequence(lambda n: f"usuario{n}")
    first_name = factory.Faker("first_name", locale="es_CO")
    last_name = factory.Faker("last_name", locale="es_CO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    cargo = "Profesional universitario"
    password = factory.django.Password("clave-de-prueba")
    #: Names of the groups the account belongs to (the traits set them).
    grupos: tuple[str, ...] = ()

    class Params:
        editora = factory.Trait(grupos=[GRUPO_EDITORES])
        revisor = factory.Trait(
            grupos=[GRUPO_REVISORES], cargo="Director de Prospectiva Territorial"
        )
        aprobador = factory.Trait(
            grupos=[GRUPO_APROBADORES], cargo="Secretario de Planeación"
        )

    @classmethod
    def _create(cls, model_class, *args, grupos=(), **kwargs):
        usuario = super()._create(model_class, *args, **kwargs)
        if grupos:
            usuario.groups.set(Group.objects.filter(name__in=grupos))
        return usuario

    class Meta:
        model = Usuario


def crear_procedimiento(
    indice, *, actividades: int = 3, definiciones: int = 2, **campos
) -> ProcedimientoPage:
    """A published procedure under ``indice`` with generated activities and terms."""
    n = ProcedimientoPage.objects.count() + 1
    valores = {
        "title": f"Procedimiento de prueba {n}",
        "slug": f"pr-prueba-{n}",
        "codigo": f"PR-PRUEBA-{n}",
        "version": 1,
        "fecha_aprobacion": datetime.date(2024, 3, 5),
        "proceso": "Proceso de prueba",
        "secretaria": "Secretaría de prueba",
        "procedimiento": "Para probar.",
        "objetivo": "Objetivo de prueba.",
        "alcance": "Alcance de prueba.",
        **campos,
    }
    pagina = ProcedimientoPage(**valores)
    for i in range(actividades):
        actividad = ActividadProcedimiento(
            sort_order=i,
            tipo=TipoActividad.GENERICA,
            nombre=f"Actividad {i + 1}",
            descripcion=f"Descripción de la actividad {i + 1}.",
            puntos_control=f"Control {i + 1}",
        )
        actividad.dependencias = [DependenciaFactory(nombre=f"Dependencia {i % 5}")]
        actividad.cargos = [CargoFactory(nombre=f"Cargo {i % 7}")]
        actividad.registros = [TipoDocumentalFactory(nombre=f"Registro {i % 4}")]
        pagina.actividades.add(actividad)
    for i in range(definiciones):
        pagina.definiciones.add(
            DefinicionProcedimiento(sort_order=i, definicion=DefinicionFactory())
        )
    indice.add_child(instance=pagina)
    pagina.save_revision().publish()
    return pagina


class VersionProcedimientoFactory(factory.django.DjangoModelFactory):
    """A formal version row written directly: for tests and benchmarks that need many
    versions (the approval path is ``tests/procedimientos/flujo.py``). Pass
    ``contenido=pagina.contenido.a_json()`` for a known version."""

    numero = factory.Sequence(lambda n: n + 1)
    fecha_aprobacion = factory.LazyFunction(datetime.date.today)
    descripcion_cambio = factory.LazyAttribute(
        lambda v: f"Cambios de la versión {v.numero}."
    )
    contenido = None

    class Meta:
        model = VersionProcedimiento


def pdf_de_prueba(paginas: int = 1, texto: str = "Oficio de solicitud") -> bytes:
    """A real, small PDF (reportlab), as a municipality would upload."""
    import io

    from reportlab.pdfgen import canvas

    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida)
    for numero in range(paginas):
        lienzo.drawString(72, 720, f"{texto} - página {numero + 1}")
        lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


def anexos_guardados(
    solicitud, n: int, *, contenido: bytes, paginas: int, **campos
) -> None:
    """``n`` annexes of ``contenido`` stored on the case, as rows and files (the
    long cases of bench part 7); ``campos``: the rest of each ``Documento``."""
    import hashlib

    from django.core.files.base import ContentFile

    from expedientes.constants import TipoDocumento
    from expedientes.models import Documento

    for _i in range(n):
        documento = Documento(
            solicitud=solicitud,
            tipo=TipoDocumento.ANEXO,
            nombre_original="anexo.pdf",
            sha256=hashlib.sha256(contenido).hexdigest(),
            paginas=paginas,
            tamano=len(contenido),
            **campos,
        )
        documento.archivo.save("anexo.pdf", ContentFile(contenido), save=True)


class SolicitudFactory(factory.Factory):
    """A case already in a state, as the rows the services would have written
    (``expedientes.demo.rapido.insertar_casos``: the request with its cached
    state and deadlines, its radicado and registry numbers, one history event per
    step, each step on its own business day in the past), without walking the
    services. For tests that only need a case in a state; the tests of the
    transitions themselves walk the services (tests/casos.py).

    ``SolicitudFactory(en_actividad=4)``, ``SolicitudFactory(suspendida=True)``
    (suspended in its activity), ``rechazada=True`` (in activity 3, the answer),
    ``desistida=True``. Like ``bulk`` rows it has no files, records, e-mails,
    sessions or audit entries: a test that needs those walks the services.
    Needs the seed in force (the ``version_vigente`` fixture).

    ``archivada=True`` takes the case to activity 6 (or closes it as rejected or
    withdrawn, with those traits) as rows, then archives it through the real
    service (``solicitud_archivar``, by ``archivada_por``, the demo's
    Seguimiento account unless given), with ``archivo`` as the changes to
    ``tests.casos.datos_archivo`` (box, folder, notes...): the archive data, the
    event, the audit entry and the hoja de control are the service's. Run it
    inside ``django_capture_on_commit_callbacks(execute=True)`` for the hoja de
    control's PDF to be rendered."""

    municipio = "68001"  #: código DIVIPOLA (Bucaramanga)
    en_actividad = 2
    suspendida = False
    rechazada = False
    desistida = False
    archivada = False
    archivada_por = None
    archivo: dict | None = None
    #: Filed by the municipality's account on the portal (else at the Ventanilla).
    por_municipio = True
    asunto = "Revisión general del POT"
    tipo_solicitud = "revision_general"

    class Meta:
        model = dict  # built by _create, not by calling a model

    @classmethod
    def _create(cls, model_class, *, archivada, archivada_por, archivo, **campos):
        from expedientes.demo.personal import personal_asegurar
        from expedientes.demo.rapido import insertar_casos
        from expedientes.models import Solicitud
        from expedientes.services import solicitud_archivar
        from tests.casos import datos_archivo

        if archivada and not (campos["rechazada"] or campos["desistida"]):
            campos["en_actividad"] = 6
        (pk,) = insertar_casos([plan_de_caso(**campos)])
        if archivada:
            solicitud_archivar(
                solicitud=pk,
                actor=archivada_por
                or personal_asegurar(con_clave=False)["seguimiento"],
                datos=datos_archivo(**(archivo or {})),
            )
        return Solicitud.objects.get(pk=pk)

    @classmethod
    def _build(cls, model_class, **campos):
        raise TypeError("SolicitudFactory escribe filas: use create().")


def plan_de_caso(
    *,
    municipio: str,
    en_actividad: int,
    suspendida: bool,
    rechazada: bool,
    desistida: bool,
    por_municipio: bool,
    asunto: str,
    tipo_solicitud: str,
):
    """The demo plan (``expedientes.demo.pasos.CasoDemo``) of a case in that
    state: one step a business day, the last one yesterday."""
    from expedientes.demo.azar import PASO_DE_ACTIVIDAD
    from expedientes.demo.pasos import CasoDemo, Paso

    if rechazada:
        en_actividad = 3
    acciones = [PASO_DE_ACTIVIDAD[n] for n in range(2, en_actividad)]
    if suspendida:
        acciones.append("suspender")
    if rechazada:
        acciones.append("rechazar")
    if desistida:
        acciones.append("desistir")
    radicada = -(len(acciones) + 1)
    return CasoDemo(
        municipio=municipio,
        radicada=radicada,
        tipo_solicitud=tipo_solicitud,
        asunto=asunto,
        descripcion="Solicitamos asesoría para la revisión general.",
        pasos=tuple(
            Paso(dia=radicada + i, accion=accion)
            for i, accion in enumerate(acciones, start=1)
        ),
        por_municipio=por_municipio,
        plan_vigente="POT",
    )
