"""Activity 1, *Radicar la solicitud*, and the public lookup of a request.

Filing creates the case, so it does not use ``base.transicion`` (there is no row
to lock yet: the year's counter row is locked instead); it follows the same rules:
atomic, checks who acts, writes history and an audit entry, and leaves the receipt
and the e-mails to ``tasks.py`` after commit, so a failing printer or mail server
never loses a filing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from wagtail.log_actions import log

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
    if (existente := _ya_radicada(clave_envio, actor)) is not None:
        return existente, None
    try:  # all together, in one child process (already done by the form)
        infos = validar_pdfs([oficio, *anexos])
    except ValidationError as error:
        raise SolicitudError(" ".join(error.messages)) from error
    tipos = [TipoDocumento.OFICIO_SOLICITUD] + [TipoDocumento.ANEXO] * len(anexos)
    archivos = list(zip(tipos, [oficio, *anexos], infos, strict=True))

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
        borrar_archivos(guardados)
        # The same form won a race against itself (two clicks at once).
        if (existente := _ya_radicada(clave_envio, actor)) is not None:
            return existente, None
        raise
    except BaseException:
        borrar_archivos(guardados)  # nothing of a rolled-back filing stays in storage
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
