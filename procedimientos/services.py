"""State changes of published procedures.

``procedimiento_cargar`` is what the ``cargar_procedimiento`` command calls to load a
procedure from its data file (``data/es-pe-pr-31.json``). ``paginas_base_asegurar``
also sets up formal versioning (``version_formal_asegurar``: groups, the "Versión
formal" workflow and its tasks), and ``version_formal_publicar`` is what the final
approval of that workflow runs (``WAGTAIL_FINISH_WORKFLOW_ACTION``, through
``flujo.py``).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    GroupPagePermission,
    Page,
    Site,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.workflows import publish_workflow_state

from .constants import ColumnaControl
from .models import (
    ActividadProcedimiento,
    Cargo,
    ControlCambio,
    Definicion,
    DefinicionProcedimiento,
    Dependencia,
    GlosarioPage,
    ProcedimientoIndexPage,
    ProcedimientoPage,
    TareaVersionFormal,
    TipoDocumental,
    VersionProcedimiento,
)
from .versiones import contenido_de_pagina

if TYPE_CHECKING:
    from wagtail.models import WorkflowState

    from portal.models import Usuario

DATOS = Path(__file__).resolve().parent / "data"


class ProcedimientoError(Exception):
    """A procedure could not be loaded; the message is for a person."""


def leer_datos(archivo: Path) -> dict[str, Any]:
    try:
        return json.loads(archivo.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ProcedimientoError(
            _("No se pudo leer %(archivo)s: %(error)s")
            % {"archivo": archivo, "error": error}
        ) from error


def _raiz_del_sitio() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ProcedimientoError(_("No hay un sitio por defecto configurado."))
    return site.root_page


def _hija(padre: Page, modelo: type[Page], **campos: Any) -> Page:
    """The child of ``padre`` of type ``modelo``; created and published if missing."""
    existente = modelo.objects.child_of(padre).first()
    if existente is not None:
        return existente
    pagina = modelo(**campos)
    padre.add_child(instance=pagina)
    pagina.save_revision().publish()
    return pagina


@transaction.atomic
def paginas_base_asegurar() -> ProcedimientoIndexPage:
    """The catalogue (/procedimientos/) and the glossary (/glosario/) under the root.

    Also the formal versioning of the procedures under the catalogue
    (``version_formal_asegurar``), so tests, ``make run`` and production get it.
    """
    raiz = _raiz_del_sitio()
    indice = _hija(
        raiz,
        ProcedimientoIndexPage,
        title=_("Procedimientos"),
        slug="procedimientos",
        introduccion=_(
            "Procedimientos del sistema de gestión de calidad a cargo de la "
            "Secretaría de Planeación."
        ),
    )
    _hija(
        raiz,
        GlosarioPage,
        title=_("Glosario"),
        slug="glosario",
        introduccion=_("Definiciones usadas en los procedimientos publicados."),
    )
    version_formal_asegurar(indice=indice)
    return indice


def _por_nombre(modelo, nombres: list[str]):
    return [modelo.objects.get_or_create(nombre=nombre)[0] for nombre in nombres]


@transaction.atomic
def procedimiento_cargar(*, datos: dict[str, Any]) -> tuple[ProcedimientoPage, bool]:
    """Create and publish a procedure from its data file, unless it already exists.

    Idempotent by design: once the procedure exists it belongs to its editors, so a
    second run (every ``make run`` does one) changes nothing; it only adds the formal
    versions of a procedure loaded before they existed
    (``versiones_iniciales_asegurar``). Returns the page and whether it was created.
    """
    indice = paginas_base_asegurar()
    existente = ProcedimientoPage.objects.filter(codigo=datos["codigo"]).first()
    if existente is not None:
        versiones_iniciales_asegurar(pagina=existente)
        return existente, False

    pagina = ProcedimientoPage(
        title=datos["titulo"],
        slug=datos["slug"],
        codigo=datos["codigo"],
        version=datos["version"],
        fecha_aprobacion=datetime.date.fromisoformat(datos["fecha_aprobacion"]),
        proceso=datos["proceso"],
        secretaria=datos["secretaria"],
        procedimiento=datos["procedimiento"],
        objetivo=datos["objetivo"],
        alcance=datos["alcance"],
        salida=datos.get("salida", ""),
        observaciones=datos.get("observaciones", ""),
        nota_plazos=datos.get("nota_plazos", ""),
    )
    for orden, fila in enumerate(datos["actividades"]):
        actividad = ActividadProcedimiento(
            sort_order=orden,
            tipo=fila["tipo"],
            nombre=fila["nombre"],
            descripcion=fila["descripcion"],
            puntos_control="\n".join(fila["puntos_control"]),
            plazo_dias=fila.get("plazo_dias"),
            grupo=(
                Group.objects.get_or_create(name=fila["grupo"])[0]
                if fila.get("grupo")
                else None
            ),
        )
        actividad.dependencias = _por_nombre(Dependencia, fila["dependencias"])
        actividad.cargos = _por_nombre(Cargo, fila["cargos"])
        actividad.registros = _por_nombre(TipoDocumental, fila["registros"])
        pagina.actividades.add(actividad)
    for orden, fila in enumerate(datos["definiciones"]):
        definicion, _creada = Definicion.objects.get_or_create(
            termino=fila["termino"],
            defaults={
                "definicion": fila["definicion"],
                "nota_editorial": fila.get("nota_editorial", ""),
            },
        )
        pagina.definiciones.add(
            DefinicionProcedimiento(sort_order=orden, definicion=definicion)
        )
    for orden, fila in enumerate(datos["control_cambios"]):
        pagina.control_cambios.add(
            ControlCambio(
                sort_order=orden,
                version=fila["version"],
                fecha=datetime.date.fromisoformat(fila["fecha"]),
                descripcion=fila["descripcion"],
                revisaron=[("persona", persona) for persona in fila["revisaron"]],
                aprobaron=[("persona", persona) for persona in fila["aprobaron"]],
            )
        )
    indice.add_child(instance=pagina)
    pagina.save_revision().publish()
    versiones_iniciales_asegurar(pagina=ProcedimientoPage.objects.get(pk=pagina.pk))
    return pagina, True


@transaction.atomic
def versiones_iniciales_asegurar(
    *, pagina: ProcedimientoPage
) -> list[VersionProcedimiento]:
    """The formal versions of a procedure published before formal versioning existed.

    One per change-control row. Only the content of the version in force is known
    (the live page, frozen now); earlier ones get ``contenido=None`` and their pages
    say so. The version in force takes the approval date of the header (the seed's
    v2: 25/08/2017, while its change-control row says 14/06/2017); the others, the
    date of their row. Nothing happens if the procedure already has versions.
    """
    if pagina.versiones_formales.exists():
        return []
    contenido = contenido_de_pagina(pagina)
    versiones = []
    for cambio in contenido.control_cambios:
        vigente = cambio.version == pagina.version
        versiones.append(
            VersionProcedimiento.objects.create(
                procedimiento=pagina,
                numero=cambio.version,
                fecha_aprobacion=(
                    pagina.fecha_aprobacion
                    if vigente and pagina.fecha_aprobacion
                    else cambio.fecha
                ),
                descripcion_cambio=cambio.descripcion,
                contenido=contenido.a_json() if vigente else None,
                revision_id=pagina.live_revision_id if vigente else None,
            )
        )
    return versiones


# --- Formal versions: who does what, and the approval ------------------------------

GRUPO_EDITORES = "Editores de procedimientos"
GRUPO_REVISORES = "Revisores de calidad"
GRUPO_APROBADORES = "Aprobadores de procedimientos"
FLUJO_VERSION_FORMAL = "Versión formal"
TAREA_REVISION = "Revisión"
TAREA_APROBACION = "Aprobación"
#: Shared snippets editors may create (and choose) while writing a version. They may
#: not change existing ones: a renamed role would change the live page unreviewed.
SNIPPETS_DE_EDITORES = ("cargo", "dependencia", "tipodocumental", "definicion")


def _permiso(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grupo(nombre: str) -> Group:
    grupo, _creado = Group.objects.get_or_create(name=nombre)
    grupo.permissions.add(_permiso("wagtailadmin", "access_admin"))
    return grupo


def _tarea(nombre: str, columna: str, grupo: Group) -> TareaVersionFormal:
    tarea = TareaVersionFormal.objects.filter(name=nombre).first()
    if tarea is None:
        tarea = TareaVersionFormal.objects.create(name=nombre, columna=columna)
        tarea.groups.set([grupo])
    return tarea


@transaction.atomic
def version_formal_asegurar(*, indice: ProcedimientoIndexPage) -> Workflow:
    """The "Versión formal" workflow on the catalogue, its tasks and its groups.

    Editors (add and change, not publish, on the catalogue) write and submit;
    "Revisores de calidad" review (REVISÓ); "Aprobadores de procedimientos", the
    Secretario de Planeación, approve (APROBÓ). Idempotent: what exists is left as
    administrators configured it; only what is missing is created.
    """
    editores = _grupo(GRUPO_EDITORES)
    revisores = _grupo(GRUPO_REVISORES)
    aprobadores = _grupo(GRUPO_APROBADORES)
    # Reviewers and approvers get "lock" only because Wagtail's compare view asks for
    # some page permission; it lets them lock a procedure, not edit or publish it.
    for grupo, accion in (
        (editores, "add"),
        (editores, "change"),
        (revisores, "lock"),
        (aprobadores, "lock"),
    ):
        GroupPagePermission.objects.get_or_create(
            group=grupo,
            page=indice,
            permission=_permiso("wagtailcore", f"{accion}_page"),
        )
    editores.permissions.add(
        *(
            _permiso("procedimientos", f"{accion}_{modelo}")
            for modelo in SNIPPETS_DE_EDITORES
            for accion in ("add", "view")
        )
    )
    flujo = Workflow.objects.filter(name=FLUJO_VERSION_FORMAL).first()
    if flujo is None:
        flujo = Workflow.objects.create(name=FLUJO_VERSION_FORMAL)
        for orden, tarea in enumerate(
            [
                _tarea(TAREA_REVISION, ColumnaControl.REVISO, revisores),
                _tarea(TAREA_APROBACION, ColumnaControl.APROBO, aprobadores),
            ]
        ):
            WorkflowTask.objects.create(workflow=flujo, task=tarea, sort_order=orden)
    WorkflowPage.objects.get_or_create(page=indice, defaults={"workflow": flujo})
    return flujo


def _firmantes(
    workflow_state: WorkflowState,
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(REVISÓ, APROBÓ): who approved each task, last approval of each task only.

    Name and role come from the accounts (``Usuario.nombre`` and
    ``cargo``), as they are at the moment of the approval.
    """
    ultimas: dict[int, TaskState] = {}
    for estado in (
        workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("finished_at", "pk")
    ):
        ultimas[estado.task_id] = estado
    tareas = TareaVersionFormal.objects.in_bulk(list(ultimas))
    revisaron: list[dict[str, str]] = []
    aprobaron: list[dict[str, str]] = []
    for task_id, estado in ultimas.items():
        tarea, usuario = tareas.get(task_id), estado.finished_by
        if tarea is None or usuario is None:
            continue
        persona = {"nombre": usuario.nombre, "cargo": usuario.cargo}
        columna = aprobaron if tarea.columna == ColumnaControl.APROBO else revisaron
        if persona not in columna:
            columna.append(persona)
    return revisaron, aprobaron


@transaction.atomic
def version_formal_publicar(
    *, workflow_state: WorkflowState, user: Usuario | None
) -> VersionProcedimiento | None:
    """Final approval of a formal version: number it, record it, publish it, freeze it.

    For a procedure, in one transaction with its page row locked: the version is the
    last formal one plus one, approved today (America/Bogota); the change-control
    row is appended with the editor's description and who reviewed and approved
    (from their accounts); the description field is emptied; a revision with all
    that is saved and published, or scheduled if the editor set a later go-live
    date ("vigente desde"); the ``VersionProcedimiento`` snapshot is stored and an
    audit-log entry written. Any other object is published as Wagtail would.
    """
    objeto = workflow_state.content_object
    if not (isinstance(objeto, Page) and objeto.specific_class is ProcedimientoPage):
        publish_workflow_state(workflow_state, user=user)
        return None

    Page.objects.select_for_update().get(pk=objeto.pk)
    # The revision the workflow approved (what reviewers saw), not the live object.
    pagina = ProcedimientoPage.objects.get(pk=objeto.pk).latest_revision.as_object()
    ultima = VersionProcedimiento.objects.filter(procedimiento_id=pagina.pk).aggregate(
        ultima=Max("numero")
    )["ultima"]
    numero = max(ultima or 0, pagina.version or 0) + 1
    hoy = timezone.localdate()
    revisaron, aprobaron = _firmantes(workflow_state)
    descripcion = pagina.descripcion_cambio.strip()

    pagina.version = numero
    pagina.fecha_aprobacion = hoy
    pagina.control_cambios.add(
        ControlCambio(
            sort_order=pagina.control_cambios.count(),
            version=numero,
            fecha=hoy,
            descripcion=descripcion,
            revisaron=[("persona", persona) for persona in revisaron],
            aprobaron=[("persona", persona) for persona in aprobaron],
        )
    )
    pagina.descripcion_cambio = ""
    revision = pagina.save_revision(user=user, clean=False)
    revision.publish(user=user, skip_permission_checks=True)

    ahora = timezone.now()
    programada = pagina.go_live_at is not None and pagina.go_live_at > ahora
    # Published now, the activities have their ids in the database; scheduled, the
    # revision is all there is until it goes live.
    publicada = (
        revision.as_object()
        if programada
        else ProcedimientoPage.objects.get(pk=pagina.pk)
    )
    version = VersionProcedimiento.objects.create(
        procedimiento_id=pagina.pk,
        numero=numero,
        fecha_aprobacion=hoy,
        vigente_desde=pagina.go_live_at if programada else ahora,
        descripcion_cambio=descripcion,
        contenido=contenido_de_pagina(publicada).a_json(),
        revision=revision,
    )
    log(
        instance=publicada,
        action="procedimientos.version_aprobada",
        user=user,
        revision=revision,
        data={
            "version": numero,
            "fecha_aprobacion": hoy.isoformat(),
            "vigente_desde": version.vigente_desde.isoformat(),
            "descripcion": descripcion,
            "revisaron": revisaron,
            "aprobaron": aprobaron,
        },
    )
    return version


# --- Putting an unpublished procedure back as it was approved ----------------------


def _puede_republicar(pagina: ProcedimientoPage, user: Usuario) -> bool:
    """Who may unpublish a procedure may put it back: Wagtail's ``can_unpublish``
    without its "is live" and "locked" conditions (the page is not live by then;
    a lock is a reason given in ``version_para_republicar``, not a refusal)."""
    permisos = pagina.permissions_for_user(user)
    return user.is_active and (user.is_superuser or "publish" in permisos.permissions)


def version_para_republicar(
    *, pagina: ProcedimientoPage, user: Usuario
) -> VersionProcedimiento:
    """The approved version ``version_aprobada_republicar`` would put back.

    The last formal version already in force (not one scheduled for later) whose
    published revision is kept. Raises ``PermissionDenied`` for whoever may not
    unpublish the procedure and ``ProcedimientoError`` (with the reason) when
    there is nothing to put back.
    """
    if not _puede_republicar(pagina, user):
        raise PermissionDenied(
            _(
                "Solo quien puede despublicar un procedimiento puede volver a "
                "publicarlo."
            )
        )
    if pagina.live:
        raise ProcedimientoError(_("Este procedimiento ya está publicado."))
    if pagina.workflow_in_progress:
        raise ProcedimientoError(
            _(
                "Hay una versión nueva en revisión: se publicará cuando se apruebe. "
                "Mientras tanto no se puede volver a publicar la anterior."
            )
        )
    if pagina.permissions_for_user(user).page_locked():
        raise ProcedimientoError(
            _("El procedimiento está bloqueado: desbloquéelo antes de publicarlo.")
        )
    version = (
        VersionProcedimiento.objects.filter(
            procedimiento_id=pagina.pk, revision__isnull=False
        )
        .filter(Q(vigente_desde__isnull=True) | Q(vigente_desde__lte=timezone.now()))
        .select_related("revision")
        .order_by("-numero")
        .first()
    )
    if version is None:
        raise ProcedimientoError(
            _(
                "Este procedimiento no tiene una versión aprobada que se pueda volver "
                "a publicar: publíquelo con una versión formal nueva."
            )
        )
    return version


@transaction.atomic
def version_aprobada_republicar(
    *, pagina: ProcedimientoPage, user: Usuario
) -> VersionProcedimiento:
    """Publish an unpublished procedure again, exactly as its last approved version.

    The revision published when that version was approved
    (``VersionProcedimiento.revision``) is published again: same content, same
    version number, same change-control table. No new version, no new
    change-control row: nothing was approved today. A newer draft, if any, stays
    a draft. Written in the page history as "Versión formal N publicada otra vez".
    Called by ``revision.RepublicarVersionView``.
    """
    Page.objects.select_for_update().get(pk=pagina.pk)
    pagina = ProcedimientoPage.objects.get(pk=pagina.pk)
    version = version_para_republicar(pagina=pagina, user=user)
    revision = version.revision
    revision.publish(user=user, log_action=False, skip_permission_checks=True)
    log(
        instance=ProcedimientoPage.objects.get(pk=pagina.pk),
        action="procedimientos.version_republicada",
        user=user,
        revision=revision,
        data={
            "version": version.numero,
            "fecha_aprobacion": version.fecha_aprobacion.isoformat(),
        },
    )
    return version
