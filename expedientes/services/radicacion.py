"""Activity 1, *Radicar la solicitud*, and the public lookup of a request.

Filing creates the case, so it does not use ``base.transicion`` (there is no row
to lock yet: the year's counter row is locked instead); it follows the same rules:
atomic, checks who acts, writes history and an audit entry, and leaves the receipt
and the e-mails to ``tasks.py`` after commit, so a failing printer or mail server
never loses a filing.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.errores import ERRORES_DE_BASE_DE_DATOS
from portal.reconexion import base_de_datos_lista
from procedimientos.models import Entidad

from ..codigos import (
    cifrados_posibles,
    cifrar_codigo,
    formatear_radicado,
    generar_codigo_acceso,
    siguiente_numero,
)
from ..constants import Canal, TipoDocumento, TipoEvento
from ..enlaces import absoluta
from ..models import Contador, Documento, Municipio, Solicitud
from ..notificaciones import asunto_de, aviso_nueva_solicitud
from ..plazos import sumar_dias_habiles
from ..registros import ArchivoRecibido, Constancia, Procedimiento, Solicitante
from ..selectors import contenido_de_version, version_vigente
from ..storage import borrar_archivos
from ..subidas import validar_pdfs
from .base import SolicitudError, Transicion, recalcular_vencimiento

logger = logging.getLogger(__name__)


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


def _puede_radicar(actor, municipio: Municipio, canal: str) -> bool:
    if canal == Canal.ELECTRONICO:
        return getattr(actor, "municipio_id", None) == municipio.pk
    return actor.has_perm("expedientes.add_solicitud")


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
    try:  # all together, in one child process (already done by the form)
        infos = validar_pdfs([oficio, *anexos])
    except ValidationError as error:
        raise SolicitudError(" ".join(error.messages)) from error
    tipos = [TipoDocumento.OFICIO_SOLICITUD] + [TipoDocumento.ANEXO] * len(anexos)
    archivos = list(zip(tipos, [oficio, *anexos], infos, strict=True))

    radicar = partial(
        _radicar_guardando,
        actor=actor,
        municipio=municipio,
        datos=datos,
        archivos=archivos,
        canal=canal,
        clave_envio=clave_envio,
    )
    for intento in range(1, INTENTOS + 1):
        guardados: list[str] = []
        try:
            if (existente := _ya_radicada(clave_envio, actor)) is not None:
                return existente, None
            return radicar(guardados=guardados)
        except ERRORES_DE_BASE_DE_DATOS:
            # The connection broke half-way (a database restart): wait for it,
            # then see whether the commit got through before answering anything.
            if not base_de_datos_lista(hasta=time.monotonic() + _espera_tras_corte()):
                raise  # unknown whether it committed: its files stay, none lost
            if (radicada := _radicada_con(guardados)) is not None:
                return radicada, _nuevo_codigo(radicada)
            borrar_archivos(guardados)  # rolled back: nothing of it stays
            if intento == INTENTOS:
                raise
            logger.warning("Radicación cortada por la base de datos: se repite")
    raise AssertionError("unreachable")


#: Tries of a filing whose database connection breaks half-way: one more after
#: the database is back; a second break is the site's 503 (the form can be sent
#: again: its ``clave_envio`` files it once).
INTENTOS = 2


def _espera_tras_corte() -> float:
    """Seconds a filing cut by the database waits for it before one more try:
    the same wait a request gets before it starts (``BASE_DE_DATOS_ESPERA``)."""
    return float(getattr(settings, "BASE_DE_DATOS_ESPERA", 0))


def _radicar_guardando(*, guardados: list[str], **argumentos):
    """``_radicar`` with the files it stored deleted again if it rolls back.

    A database error is the caller's to judge: the commit may have got through
    while the connection broke, and then those files belong to the case.
    """
    try:
        return _radicar(guardados=guardados, **argumentos)
    except IntegrityError:
        borrar_archivos(guardados)
        # The same form won a race against itself (two clicks at once).
        existente = _ya_radicada(argumentos["clave_envio"], argumentos["actor"])
        if existente is not None:
            return existente, None
        raise
    except ERRORES_DE_BASE_DE_DATOS:
        raise
    except BaseException:
        borrar_archivos(guardados)  # nothing of a rolled-back filing stays in storage
        raise


def _radicada_con(guardados: list[str]) -> Solicitud | None:
    """The request whose files are these, if its commit got through."""
    documento = (
        Documento.objects.filter(archivo__in=guardados)
        .select_related("solicitud")
        .first()
        if guardados
        else None
    )
    return documento.solicitud if documento is not None else None


def _nuevo_codigo(solicitud: Solicitud) -> str:
    """A new access code for a filing that committed while its answer was lost
    with the connection: the code it had was never shown, so it is replaced, and
    the receipt and e-mails its commit would have queued are queued now
    (``procesar_pendientes`` sends each notification once)."""
    from ..tasks import procesar_pendientes

    codigo = generar_codigo_acceso()
    Solicitud.objects.filter(pk=solicitud.pk).update(
        codigo_acceso_hash=cifrar_codigo(codigo)
    )
    logger.warning(
        "Radicada %s con la respuesta cortada: se emite otro código de acceso",
        solicitud.radicado,
    )
    try:
        procesar_pendientes.enqueue(solicitud.pk)
    except Exception:  # left for ``manage.py procesar_pendientes``
        logger.exception("No se pudo encolar la constancia de %s", solicitud.radicado)
    return codigo


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
    from ..tasks import procesar_pendientes

    version = version_vigente()
    if version is None:
        raise SolicitudError(_("No hay una versión vigente del procedimiento."))
    ahora = timezone.now()
    hoy = timezone.localdate(ahora)
    anio = hoy.year
    codigo = generar_codigo_acceso()
    fecha_limite = sumar_dias_habiles(hoy, settings.EXPEDIENTES_DIAS_RESPUESTA)
    # From here to the commit this year's counter row is locked: only writes.
    consecutivo = siguiente_numero(Contador.Serie.RADICADO, anio)
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
        actividad_actual=1,
        codigo_acceso_hash=cifrar_codigo(codigo),
        clave_envio=clave_envio,
        aceptacion_tratamiento_datos=ahora,
    )
    # Files stored here go on the caller's list: it deletes them on any failure.
    t = Transicion(
        solicitud=solicitud,
        actor=actor,
        accion="radicar",
        ahora=ahora,
        guardados=guardados,
    )
    t.evento(
        TipoEvento.COMPLETADA,
        texto_publico=_("Solicitud radicada con el número %(radicado)s.")
        % {"radicado": solicitud.radicado},
        hacia=t.siguiente(),
    )
    if (siguiente := t.siguiente()) is not None:
        t.pasar_a(siguiente)
    recalcular_vencimiento(solicitud)
    solicitud.save()
    # Checked before the counter was locked (solicitud_radicar): only stored here.
    recibidos = [t.guardar(tipo, archivo, info) for tipo, archivo, info in archivos]
    constancia = Documento.objects.create(
        solicitud=solicitud,
        tipo=TipoDocumento.CONSTANCIA_RADICACION,
        nombre_original=f"constancia-{solicitud.radicado}.pdf",
        datos=datos_constancia(
            solicitud, recibidos, codigo_verificacion=t.nuevo_codigo_verificacion()
        ),
        creado_por=actor,
    )
    constancia.codigo_verificacion = constancia.datos["codigo_verificacion"]
    constancia.save(update_fields=["codigo_verificacion"])
    contexto = _contexto_radicacion(solicitud)
    t.notificar(
        asunto=asunto_de("expedientes/correos/radicada_asunto.txt", contexto),
        cuerpo=render_to_string("expedientes/correos/radicada.txt", contexto),
        adjuntos=[constancia],
    )
    aviso_nueva_solicitud(t)
    t.cerrar()
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


def datos_constancia(
    solicitud: Solicitud,
    recibidos: Sequence[Documento] | None = None,
    *,
    codigo_verificacion: str | None = None,
) -> dict:
    """The receipt's snapshot (``registros.Constancia``) as stored in
    ``Documento.datos``: what it says, copied once, never re-read live.

    ``recibidos`` are the files received, when the caller has them at hand. With a
    ``codigo_verificacion`` the receipt prints it and a QR code to its
    ``/verificar/<código>/`` page, like every other record.
    """
    if recibidos is None:
        recibidos = solicitud.documentos.exclude(
            tipo=TipoDocumento.CONSTANCIA_RADICACION
        ).order_by("pk")
    version = solicitud.version_procedimiento
    contenido = contenido_de_version(version)
    entidad = Entidad.load()
    return Constancia(
        radicado=solicitud.radicado,
        radicada_en=timezone.localtime(solicitud.radicada_en),
        canal=solicitud.get_canal_display(),
        municipio=solicitud.municipio.nombre,
        codigo_divipola=solicitud.municipio.codigo_divipola,
        solicitante=Solicitante(
            nombre=solicitud.nombre_solicitante,
            cargo=solicitud.cargo_solicitante,
            correo=solicitud.correo_solicitante,
            telefono=solicitud.telefono_solicitante,
        ),
        plan_vigente=solicitud.get_plan_vigente_display(),
        tipo_solicitud=solicitud.get_tipo_solicitud_display(),
        tipo_solicitud_otra=solicitud.tipo_solicitud_otra,
        asunto=solicitud.asunto,
        descripcion=solicitud.descripcion,
        fecha_limite=solicitud.fecha_limite,
        dias_respuesta=settings.EXPEDIENTES_DIAS_RESPUESTA,
        url_portal=settings.WAGTAILADMIN_BASE_URL,
        codigo_verificacion=codigo_verificacion,
        url_verificacion=absoluta("verificar", codigo_verificacion)
        if codigo_verificacion
        else "",
        # As the version was approved, not as the live page reads today.
        procedimiento=Procedimiento(
            codigo=contenido.codigo,
            titulo=contenido.titulo,
            version=version.numero,
            fecha_aprobacion=version.fecha_aprobacion,
        ),
        archivos=tuple(
            ArchivoRecibido(
                tipo=documento.get_tipo_display(),
                nombre=documento.nombre_original,
                paginas=documento.paginas,
                sha256=documento.sha256,
            )
            for documento in recibidos
        ),
        entidad=entidad.lineas_encabezado(),
        pie=entidad.lineas_pie(),
    ).a_json()


def _contexto_radicacion(solicitud: Solicitud) -> dict:
    """What the filing e-mail (``correos/radicada*.txt``) says."""
    return {
        "solicitud": solicitud,
        "entidad": Entidad.load(),
        "dias": settings.EXPEDIENTES_DIAS_RESPUESTA,
        "url_consulta": absoluta("consulta"),
        "ventanilla": solicitud.canal == Canal.VENTANILLA,
    }


def solicitud_consultar(*, radicado: str, codigo: str) -> Solicitud | None:
    """Public tracking: the request only if radicado AND code match.

    The same work is done whether the radicado exists or not, so neither the answer
    nor its timing tells which radicados exist.
    """
    cifrados = cifrados_posibles(codigo)
    solicitud = Solicitud.objects.filter(radicado=radicado.strip().upper()).first()
    guardado = solicitud.codigo_acceso_hash if solicitud else "-" * len(cifrados[0])
    # Every key is compared, found or not: the timing says nothing either.
    coincide = [constant_time_compare(cifrado, guardado) for cifrado in cifrados]
    if not any(coincide) or solicitud is None:
        return None
    return solicitud
