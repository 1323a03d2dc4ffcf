"""State changes of cases. Views, the admin and commands all call these functions.

Each one is atomic, locks what it changes, checks who acts, writes history and an
audit entry, and leaves side effects (PDFs, e-mails) to ``tasks.py`` after commit,
so a failing printer or mail server never loses a filing.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from procedimientos.models import Entidad

from .archivos import validar_pdf
from .constants import Canal, TipoDocumento
from .models import (
    ContadorRadicado,
    Documento,
    Municipio,
    Notificacion,
    PasoSolicitud,
    Solicitud,
)
from .plazos import sumar_dias_habiles
from .selectors import contenido_de_version, nombre_de_actividad, version_vigente

#: Letters and digits that cannot be mistaken for one another when typed.
ALFABETO_CODIGO = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class SolicitudError(Exception):
    """A case could not change; the message is for a person, in Spanish."""


@dataclass(frozen=True)
class DatosSolicitud:
    """What the filing form (portal) or the ventanilla (admin) collects."""

    nombre_solicitante: str
    cargo_solicitante: str
    correo_solicitante: str
    telefono_solicitante: str
    plan_vigente: str
    tipo_solicitud: str
    asunto: str
    descripcion: str
    tipo_solicitud_otra: str = ""


def generar_codigo_acceso() -> str:
    """``XXXX-XXXX-XXXX``: 60 bits, shown once, stored only hashed."""
    letras = "".join(secrets.choice(ALFABETO_CODIGO) for _ in range(12))
    return "-".join(letras[i : i + 4] for i in range(0, 12, 4))


def cifrar_codigo(codigo: str) -> str:
    """HMAC-SHA256 of the code with the site's secret key.

    The code is random (60 bits), so a slow password hash buys nothing: guessing
    it online is rate-limited, offline it needs the key and 2**60 tries. A cheap
    keyed hash keeps filing and public lookups fast (bench/README.md, part 5).
    """
    return salted_hmac(
        "expedientes.codigo_acceso", normalizar_codigo(codigo), algorithm="sha256"
    ).hexdigest()


def normalizar_codigo(codigo: str) -> str:
    limpio = "".join(c for c in codigo.upper() if c.isalnum())
    return "-".join(limpio[i : i + 4] for i in range(0, len(limpio), 4))


def formatear_radicado(anio: int, consecutivo: int) -> str:
    return f"{settings.EXPEDIENTES_PREFIJO_RADICADO}-{anio}-{consecutivo:06d}"


def _puede_radicar(actor, municipio: Municipio, canal: str) -> bool:
    if canal == Canal.ELECTRONICO:
        return getattr(actor, "municipio_id", None) == municipio.pk
    return actor.has_perm("expedientes.add_solicitud")


def _siguiente_consecutivo(anio: int) -> int:
    """Lock this year's counter row and take the next number (gapless: the row
    lock is held until the request that uses the number commits or rolls back)."""
    contador = ContadorRadicado.objects.select_for_update().filter(anio=anio).first()
    if contador is None:  # the year's first filing
        try:
            with transaction.atomic():
                ContadorRadicado.objects.create(anio=anio)
        except IntegrityError:
            pass  # another filing created this year's row first
        contador = ContadorRadicado.objects.select_for_update().get(anio=anio)
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    return contador.ultimo


def solicitud_radicar(
    *,
    actor,
    municipio: Municipio,
    datos: DatosSolicitud,
    oficio: UploadedFile,
    anexos: Sequence[UploadedFile] = (),
    canal: str = Canal.ELECTRONICO,
    clave_envio: uuid.UUID | None = None,
    acepta_tratamiento_datos: bool,
) -> tuple[Solicitud, str | None]:
    """Activity 1, *Radicar la solicitud*: number the request and store its files.

    Returns the request and its access code, which exists only here (it is stored
    hashed). A repeated ``clave_envio`` (double click, back and resubmit) returns
    the request already filed and no code.
    """
    if not _puede_radicar(actor, municipio, canal):
        raise PermissionDenied(_("No puede radicar solicitudes de este municipio."))
    if not acepta_tratamiento_datos:
        raise SolicitudError(
            _("Debe aceptar el tratamiento de datos personales (Ley 1581 de 2012).")
        )
    if (existente := _ya_radicada(clave_envio, actor)) is not None:
        return existente, None
    try:
        archivos = [(TipoDocumento.OFICIO_SOLICITUD, oficio, validar_pdf(oficio))] + [
            (TipoDocumento.ANEXO, anexo, validar_pdf(anexo)) for anexo in anexos
        ]
    except ValidationError as error:
        raise SolicitudError(" ".join(error.messages)) from error

    guardados: list[str] = []
    try:
        solicitud, codigo = _radicar(
            actor=actor,
            municipio=municipio,
            datos=datos,
            archivos=archivos,
            canal=canal,
            clave_envio=clave_envio,
            guardados=guardados,
        )
    except IntegrityError:
        _borrar(guardados)
        # The same form won a race against itself (two clicks at once).
        if (existente := _ya_radicada(clave_envio, actor)) is not None:
            return existente, None
        raise
    except BaseException:
        _borrar(guardados)  # nothing of a rolled-back filing stays in storage
        raise
    return solicitud, codigo


def _ya_radicada(clave_envio: uuid.UUID | None, actor) -> Solicitud | None:
    """The request this form already filed, if it was this same person's.

    Someone else's key never returns their request: the filing then fails on the
    unique key instead, as any forged form would.
    """
    if clave_envio is None:
        return None
    existente = Solicitud.objects.filter(clave_envio=clave_envio).first()
    if existente is None:
        return None
    if existente.radicada_por_id != actor.pk:
        raise SolicitudError(_("Este formulario ya se usó. Ábralo de nuevo."))
    return existente


@transaction.atomic
def _radicar(*, actor, municipio, datos, archivos, canal, clave_envio, guardados):
    from .tasks import procesar_pendientes

    version = version_vigente()
    if version is None:
        raise SolicitudError(_("No hay una versión vigente del procedimiento."))
    ahora = timezone.now()
    hoy = timezone.localdate(ahora)
    anio = hoy.year
    codigo = generar_codigo_acceso()
    fecha_limite = sumar_dias_habiles(hoy, settings.EXPEDIENTES_DIAS_RESPUESTA)
    # From here to the commit this year's counter row is locked: only writes.
    consecutivo = _siguiente_consecutivo(anio)
    solicitud = Solicitud.objects.create(
        radicado=formatear_radicado(anio, consecutivo),
        anio=anio,
        consecutivo=consecutivo,
        municipio=municipio,
        version_procedimiento=version,
        canal=canal,
        radicada_por=actor,
        **asdict(datos),  # its fields are the request's, name for name
        radicada_en=ahora,
        fecha_limite=fecha_limite,
        actividad_actual=2,
        codigo_acceso_hash=cifrar_codigo(codigo),
        clave_envio=clave_envio,
        aceptacion_tratamiento_datos=ahora,
    )
    PasoSolicitud.objects.create(
        solicitud=solicitud,
        actividad=1,
        nombre=nombre_de_actividad(version, 1),
        completado_en=ahora,
        responsable=actor,
        texto_publico=_("Solicitud radicada con el número %(radicado)s.")
        % {"radicado": solicitud.radicado},
    )
    recibidos = []
    for tipo, archivo, info in archivos:
        documento = Documento(
            solicitud=solicitud,
            tipo=tipo,
            nombre_original=(archivo.name or "documento.pdf")[-255:],
            sha256=info.sha256,
            paginas=info.paginas,
            tamano=info.tamano,
            creado_por=actor,
        )
        documento.archivo.save(documento.nombre_original, archivo, save=False)
        guardados.append(documento.archivo.name)
        documento.save()
        recibidos.append(documento)
    constancia = Documento.objects.create(
        solicitud=solicitud,
        tipo=TipoDocumento.CONSTANCIA_RADICACION,
        nombre_original=f"constancia-{solicitud.radicado}.pdf",
        datos=datos_constancia(solicitud, recibidos),
        creado_por=actor,
    )
    notificacion = Notificacion.objects.create(
        solicitud=solicitud,
        destinatario=solicitud.correo_solicitante,
        asunto=_("Solicitud radicada: %(radicado)s") % {"radicado": solicitud.radicado},
        cuerpo=_cuerpo_radicacion(solicitud),
    )
    notificacion.adjuntos.add(constancia)
    log(
        instance=solicitud,
        action="expedientes.radicar",
        user=actor,
        data={"radicado": solicitud.radicado, "canal": canal},
    )
    # robust: a queue that refuses the job must not turn the committed filing into
    # an error page (the access code is shown only once); the receipt and e-mail
    # stay pending for ``manage.py procesar_pendientes``.
    transaction.on_commit(
        lambda: procesar_pendientes.enqueue(solicitud.pk), robust=True
    )
    return solicitud, codigo


def _borrar(nombres: list[str]) -> None:
    from .storage import almacenamiento_privado

    almacen = almacenamiento_privado()
    for nombre in nombres:
        almacen.delete(nombre)


def datos_constancia(
    solicitud: Solicitud, recibidos: Sequence[Documento] | None = None
) -> dict:
    """The receipt's snapshot: what it says, copied once, never re-read live.

    ``recibidos`` are the files received, when the caller has them at hand.
    """
    if recibidos is None:
        recibidos = solicitud.documentos.exclude(
            tipo=TipoDocumento.CONSTANCIA_RADICACION
        ).order_by("pk")
    version = solicitud.version_procedimiento
    contenido = contenido_de_version(version)
    return {
        "radicado": solicitud.radicado,
        "radicada_en": timezone.localtime(solicitud.radicada_en).isoformat(),
        "canal": solicitud.get_canal_display(),
        "municipio": solicitud.municipio.nombre,
        "codigo_divipola": solicitud.municipio.codigo_divipola,
        "solicitante": {
            "nombre": solicitud.nombre_solicitante,
            "cargo": solicitud.cargo_solicitante,
            "correo": solicitud.correo_solicitante,
            "telefono": solicitud.telefono_solicitante,
        },
        "plan_vigente": solicitud.get_plan_vigente_display(),
        "tipo_solicitud": solicitud.get_tipo_solicitud_display(),
        "tipo_solicitud_otra": solicitud.tipo_solicitud_otra,
        "asunto": solicitud.asunto,
        "fecha_limite": solicitud.fecha_limite.isoformat(),
        "dias_respuesta": settings.EXPEDIENTES_DIAS_RESPUESTA,
        "url_portal": settings.WAGTAILADMIN_BASE_URL,
        "procedimiento": {
            # As the version was approved, not as the live page reads today.
            "codigo": contenido.codigo,
            "titulo": contenido.titulo,
            "version": version.numero,
            "fecha_aprobacion": version.fecha_aprobacion.isoformat(),
        },
        "archivos": [
            {
                "tipo": documento.get_tipo_display(),
                "nombre": documento.nombre_original,
                "paginas": documento.paginas,
                "sha256": documento.sha256,
            }
            for documento in recibidos
        ],
    }


def _cuerpo_radicacion(solicitud: Solicitud) -> str:
    entidad = Entidad.load()
    return _(
        "Señor(a) %(nombre)s:\n\n"
        "La %(dependencia)s de la %(entidad)s radicó su "
        "solicitud «%(asunto)s» del municipio de %(municipio)s con el número "
        "%(radicado)s, el %(fecha)s.\n\n"
        "La respuesta se dará a más tardar el %(limite)s (%(dias)s días hábiles).\n"
        "Adjuntamos la constancia de radicación. Puede seguir el trámite en el "
        "portal con su cuenta, o en %(consulta)s con el radicado y el código de "
        "acceso que se le mostró al radicar.\n"
    ) % {
        "dependencia": entidad.dependencia,
        "entidad": entidad.nombre,
        "nombre": solicitud.nombre_solicitante,
        "asunto": solicitud.asunto,
        "municipio": solicitud.municipio.nombre,
        "radicado": solicitud.radicado,
        "fecha": timezone.localtime(solicitud.radicada_en).strftime("%d/%m/%Y %H:%M"),
        "limite": solicitud.fecha_limite.strftime("%d/%m/%Y"),
        "dias": settings.EXPEDIENTES_DIAS_RESPUESTA,
        "consulta": f"{settings.WAGTAILADMIN_BASE_URL}/consulta/",
    }


def solicitud_consultar(*, radicado: str, codigo: str) -> Solicitud | None:
    """Public tracking: the request only if radicado AND code match.

    The same work is done whether the radicado exists or not, so neither the answer
    nor its timing tells which radicados exist.
    """
    cifrado = cifrar_codigo(codigo)
    solicitud = Solicitud.objects.filter(radicado=radicado.strip().upper()).first()
    guardado = solicitud.codigo_acceso_hash if solicitud else "-" * len(cifrado)
    if not constant_time_compare(cifrado, guardado) or solicitud is None:
        return None
    return solicitud


#: Staff groups of the procedure and what each may do in the admin. Issue by issue
#: each activity adds its role here.
ROLES: dict[str, list[str]] = {
    "Ventanilla única": [
        "wagtailadmin.access_admin",
        "expedientes.add_solicitud",
        "expedientes.view_solicitud",
        "expedientes.view_municipio",
    ],
}


@transaction.atomic
def roles_asegurar() -> None:
    """Create the staff groups with their permissions (idempotent; cargar_demo)."""
    from django.contrib.auth.models import Group, Permission

    for nombre, codigos in ROLES.items():
        grupo, _creado = Group.objects.get_or_create(name=nombre)
        for codigo in codigos:
            app, accion = codigo.split(".")
            grupo.permissions.add(
                Permission.objects.get(content_type__app_label=app, codename=accion)
            )
