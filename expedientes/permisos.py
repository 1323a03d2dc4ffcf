"""The procedure's roles (groups), what each may do, and their set-up.

Each activity of a procedure names the group that completes it
(``ActividadProcedimiento.grupo``, frozen in every formal version); versions frozen
before activities named one fall back to ``GRUPO_POR_TIPO``. Superusers belong to
every group. Which group may do which action, in which state and activity, is the
table of ``reglas.py``; this module answers who belongs to which group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from procedimientos.constants import TipoActividad

if TYPE_CHECKING:
    from procedimientos.versiones import Actividad

    from .models import Solicitud

VENTANILLA = "Ventanilla única"
SECRETARIA_DESPACHO = "Secretaría del despacho"
SECRETARIO = "Secretario de Planeación"
COORDINACION = "Coordinación del grupo de planificación"
PROFESIONALES = "Profesionales del grupo"
SEGUIMIENTO = "Seguimiento y evaluación"

#: Who completes each kind of activity when the frozen version names no group.
GRUPO_POR_TIPO: dict[str, str] = {
    TipoActividad.RADICACION: VENTANILLA,
    TipoActividad.REGISTRO: SECRETARIA_DESPACHO,
    TipoActividad.ALCANCE: SECRETARIO,
    TipoActividad.EQUIPO: COORDINACION,
    TipoActividad.ASESORIA: PROFESIONALES,
    TipoActividad.ARCHIVO: SEGUIMIENTO,
}

#: Every staff role sees the cases and the municipalities in the admin; what each
#: may change is decided per activity, not by model permissions.
PERMISOS_COMUNES = [
    "wagtailadmin.access_admin",
    "expedientes.view_solicitud",
    "expedientes.view_municipio",
    # The plans of record (planes): every role reads them.
    "planes.view_planmunicipal",
    "planes.view_actoplan",
    "planes.view_revisionplan",
    "planes.view_hitorevision",
]
#: The revisions under way: the group's professionals learn of their milestones
#: in the advisory sessions; the follow-up group keeps the plans of record.
REGISTRO_DE_REVISIONES = [
    "planes.add_revisionplan",
    "planes.add_hitorevision",
    "planes.change_hitorevision",
]
#: The Secretaría's management reports (``informes``).
INFORMES = ["planes.ver_informes"]
#: Every role reads the TRD; the archive group (activity 6) keeps it: adds and
#: changes series (none deletes one: archived cases point at them).
ROLES: dict[str, list[str]] = {
    VENTANILLA: [
        *PERMISOS_COMUNES,
        "expedientes.view_seriedocumental",
        "expedientes.add_solicitud",
    ],
    SECRETARIA_DESPACHO: [*PERMISOS_COMUNES, "expedientes.view_seriedocumental"],
    SECRETARIO: [*PERMISOS_COMUNES, "expedientes.view_seriedocumental", *INFORMES],
    COORDINACION: [*PERMISOS_COMUNES, "expedientes.view_seriedocumental", *INFORMES],
    PROFESIONALES: [
        *PERMISOS_COMUNES,
        "expedientes.view_seriedocumental",
        *REGISTRO_DE_REVISIONES,
    ],
    SEGUIMIENTO: [
        *PERMISOS_COMUNES,
        "expedientes.view_seriedocumental",
        "expedientes.add_seriedocumental",
        "expedientes.change_seriedocumental",
        # Keeps the plans of record: records acts and corrects them (a
        # correction appends a row; planes.services checks these permissions).
        "planes.add_actoplan",
        "planes.change_actoplan",
        *REGISTRO_DE_REVISIONES,
        *INFORMES,
    ],
}


def grupo_de(actividad: Actividad) -> str:
    """The name of the group that completes ``actividad``."""
    return actividad.grupo or GRUPO_POR_TIPO.get(actividad.tipo, "")


def pertenece(usuario, grupo: str) -> bool:
    """Whether ``usuario`` may act for ``grupo`` (superusers always may)."""
    if not usuario.is_active:
        return False
    if usuario.is_superuser:
        return True
    # One query per check, cached on the user object for the request.
    nombres = getattr(usuario, "_grupos_expedientes", None)
    if nombres is None:
        nombres = frozenset(usuario.groups.values_list("name", flat=True))
        usuario._grupos_expedientes = nombres
    return bool(grupo) and grupo in nombres


def es_personal(usuario) -> bool:
    """Staff who see cases in the admin (municipal accounts never do)."""
    return (
        usuario.is_authenticated
        and usuario.is_active
        and not getattr(usuario, "es_municipal", False)
        and usuario.has_perm("expedientes.view_solicitud")
    )


@transaction.atomic
def roles_asegurar() -> None:
    """Create the staff groups with their permissions (idempotent; cargar_demo)."""
    # Every role's permissions in one query, each group's added in one call (the
    # seed, every demo load and every archived test case run this).
    codigos = {codigo for lista in ROLES.values() for codigo in lista}
    permisos = {
        f"{permiso.content_type.app_label}.{permiso.codename}": permiso
        for permiso in Permission.objects.select_related("content_type").filter(
            codename__in={codigo.split(".")[1] for codigo in codigos}
        )
    }
    if faltan := sorted(codigos - permisos.keys()):
        raise Permission.DoesNotExist(f"Faltan permisos: {', '.join(faltan)}")
    for nombre, lista in ROLES.items():
        grupo, _creado = Group.objects.get_or_create(name=nombre)
        grupo.permissions.add(*(permisos[codigo] for codigo in lista))


def acciones_permitidas(usuario, solicitud: Solicitud) -> frozenset[str]:
    """What ``usuario`` may do on ``solicitud`` now: the rows of ``reglas.REGLAS``
    it passes, read as the services read them.

    The admin shows a button for each (``views.CasoView``); the services check
    again when it is used (the case may have moved on in between). Municipal
    accounts get none here: the portal asks ``reglas.permitidas`` itself.
    """
    from .reglas import permitidas

    if not es_personal(usuario):
        return frozenset()
    return permitidas(usuario, solicitud)


def es_corregible(documento) -> bool:
    """An issued record of activities 2 to 5: the receipt (a flat snapshot of the
    filing) and the hoja de control (issued on archiving) are not corrected."""
    from .constants import TipoDocumento
    from .registros import REGISTROS, Registro

    clase = REGISTROS.get(documento.tipo)
    return (
        documento.datos is not None
        and clase is not None
        and issubclass(clase, Registro)
        and documento.tipo != TipoDocumento.HOJA_CONTROL
    )


def del_grupo_que_lo_expidio(usuario, documento, solicitud: Solicitud) -> bool:
    """Whether ``usuario`` belongs to the group of the activity that issued the
    record (``actividad_del_registro``) in ``solicitud``'s version."""
    from .selectors import actividad_de

    actividad = actividad_de(
        solicitud, actividad_del_registro(documento) or solicitud.actividad_actual
    )
    return actividad is not None and pertenece(usuario, grupo_de(actividad))


def puede_corregir(usuario, documento) -> bool:
    """Whether ``usuario`` may issue a correction of ``documento``: a correctable
    record, and the row ``corregir`` of ``reglas.REGLAS`` (not archived, not
    corrected yet, by the group of the activity that issued it).
    ``services.archivo.registro_corregir`` checks again."""
    from .reglas import negativa, regla_de

    return (
        es_personal(usuario)
        and es_corregible(documento)
        and negativa(regla_de("corregir"), documento.solicitud, usuario, documento)
        is None
    )


def actividad_del_registro(documento) -> int | None:
    """The activity that issued a record; for a correction, the one that issued the
    record it corrects (its own event is in whatever activity the case was then),
    so whoever issued a record also corrects its corrections."""
    original = documento
    while original.reemplaza_id is not None:
        original = original.reemplaza
    return original.evento.actividad if original.evento_id else None
