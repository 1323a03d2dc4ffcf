"""Activity 6: the case file is registered, stored and archived (Ley 594 de 2000,
Acuerdo AGN 002 de 2014 for the hoja de control, Acuerdo AGN 042 de 2002 for the
FUID), and corrections of issued records.

``solicitud_archivar`` closes a case for good: from then on every service refuses
a change (``base.transicion`` admits no action on an archived case). The hoja de
control prints at any time while the case is open (``hoja_control_borrador``, a
working copy that is not a record) and is issued as a record when archived. The
FUID of a chosen set of archived cases is drawn up on demand (``fuid_construir``)
and printed by ``pdf/fuid.py`` or exported by ``fuid.py``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from planes.services import acuerdo_del_expediente_registrar
from procedimientos.models import Entidad

from ..constants import (
    EstadoSolicitud,
    FrecuenciaConsulta,
    ObjetoTransferencia,
    Soporte,
    TipoDocumento,
    TipoEvento,
    TipoPlan,
)
from ..models import ArchivoExpediente, Documento, SerieDocumental, Solicitud
from ..models.actividades import sin_nombre_de_unidad
from ..notificaciones import aviso_al_municipio
from ..permisos import es_corregible
from ..registros import (
    REGISTROS,
    Correccion,
    FilaFuid,
    Firma,
    Fuid,
    HojaControl,
)
from ..selectors import evento_del_acuerdo, indice_expediente
from .base import SolicitudError, Transicion, transicion
from .sesiones import cancelar_programadas

__all__ = [
    "DatosArchivo",
    "DatosFuid",
    "fuid_construir",
    "hoja_control_borrador",
    "registro_corregir",
    "solicitud_archivar",
]

#: Longest unit number or note kept (the model's limits).
LARGO_UNIDAD = 20
LARGO_NOTAS = 2000


@dataclass(frozen=True)
class DatosArchivo:
    """What the archive group records when it archives a case file."""

    serie: SerieDocumental | int
    soporte: str
    caja: str = ""
    carpeta: str = ""
    tomo: str = ""
    otro: str = ""
    frecuencia_consulta: str = FrecuenciaConsulta.BAJA
    notas: str = ""


def _sumar_anios(fecha: datetime.date, anios: int) -> datetime.date:
    return fecha + relativedelta(years=anios)


def _serie(valor: SerieDocumental | int) -> SerieDocumental:
    pk = valor.pk if isinstance(valor, SerieDocumental) else valor
    serie = (
        SerieDocumental.objects.filter(pk=pk, activa=True).first()
        if str(pk).isdigit()
        else None
    )
    if serie is None:
        raise SolicitudError(
            _("Elija una serie vigente de la tabla de retención documental.")
        )
    return serie


def _validar(datos: DatosArchivo) -> dict[str, str]:
    # "Caja 12" typed in the box "Caja" is kept as "12" (printed "Caja 12" once).
    unidades = {
        campo: sin_nombre_de_unidad(campo, getattr(datos, campo) or "")
        for campo in ("caja", "carpeta", "tomo", "otro")
    }
    if not any(unidades.values()):
        raise SolicitudError(
            _(
                "Registre la unidad de conservación: el número de caja, carpeta o "
                "tomo, u otra."
            )
        )
    for campo, valor in unidades.items():
        largo = 50 if campo == "otro" else LARGO_UNIDAD
        if len(valor) > largo:
            raise SolicitudError(
                _("«%(campo)s» admite hasta %(n)s caracteres.")
                % {"campo": campo.capitalize(), "n": largo}
            )
    if datos.soporte not in Soporte.values:
        raise SolicitudError(_("Elija el soporte: papel, electrónico o híbrido."))
    if datos.frecuencia_consulta not in FrecuenciaConsulta.values:
        raise SolicitudError(_("Elija la frecuencia de consulta."))
    return unidades


def _generar_pendientes(t: Transicion) -> None:
    """Render the case's records still waiting for their PDF, inside the change:
    the index needs their pages. Their files are deleted again on rollback."""
    from ..tasks import documentos_pendientes, generar_documento

    pendientes = documentos_pendientes().filter(solicitud=t.solicitud)
    for documento_id in pendientes.values_list("pk", flat=True):
        generar_documento(documento_id)
        t.guardados.append(Documento.objects.get(pk=documento_id).archivo.name)


def _hoja_control(
    t: Transicion,
    *,
    serie: SerieDocumental | None,
    unidad_conservacion: str,
    soporte: str,
    fecha_final: datetime.date | None,
    expedida: bool,
) -> HojaControl:
    solicitud = t.solicitud
    filas = indice_expediente(solicitud)
    return HojaControl(
        comun=t.comun(
            TipoDocumento.HOJA_CONTROL,
            "HOJA DE CONTROL DEL EXPEDIENTE",
            expedido=expedida,
        ),
        unidad_administrativa=serie.unidad_administrativa if serie else "",
        codigo_unidad=serie.codigo_unidad if serie else "",
        dependencia=serie.dependencia if serie else "",
        codigo_dependencia=serie.codigo_dependencia if serie else "",
        serie=serie.serie if serie else "",
        codigo_serie=serie.codigo_serie if serie else "",
        subserie=serie.subserie if serie else "",
        codigo_subserie=serie.codigo_subserie if serie else "",
        nombre_expediente=_("%(asunto)s · Municipio de %(municipio)s")
        % {"asunto": solicitud.asunto, "municipio": solicitud.municipio.nombre},
        fecha_inicial=timezone.localdate(solicitud.radicada_en),
        fecha_final=fecha_final,
        filas=filas,
        total_folios=sum(f.folios or 0 for f in filas),
        unidad_conservacion=unidad_conservacion,
        soporte=soporte,
        expedida=expedida,
    )


def hoja_control_borrador(solicitud: Solicitud, *, actor) -> HojaControl:
    """The hoja de control as the case file stands now: a working copy to print
    while the case is open (no verification code; not a record, not stored)."""
    from ..permisos import es_personal

    if not es_personal(actor):
        raise SolicitudError(_("Solo el personal de la Secretaría ve el expediente."))
    archivo = getattr(solicitud, "archivo", None)
    t = Transicion(solicitud=solicitud, actor=actor, accion="", ahora=timezone.now())
    if archivo is not None:
        return _hoja_control(
            t,
            serie=archivo.serie,
            unidad_conservacion=archivo.unidad_conservacion,
            soporte=archivo.get_soporte_display(),
            fecha_final=archivo.fecha_final,
            expedida=False,
        )
    # The series is chosen on archiving: guessed only when the TRD has one in force,
    # left blank (to be written by hand) rather than the first of several.
    vigentes = list(SerieDocumental.objects.filter(activa=True)[:2])
    return _hoja_control(
        t,
        serie=vigentes[0] if len(vigentes) == 1 else None,
        unidad_conservacion="",
        soporte="",
        fecha_final=None,
        expedida=False,
    )


def _acuerdo_al_municipio(t: Transicion) -> str:
    """The procedure's output: the Acuerdo recorded in activity 5 goes to the
    municipality's plan of record (``planes``), unless it already has a newer one.
    The one path by which a case writes to the plans app."""
    evento = evento_del_acuerdo(t.solicitud)
    if evento is None or not evento.datos.get("acuerdo_fecha"):
        return ""
    fecha = datetime.date.fromisoformat(evento.datos["acuerdo_fecha"])
    acto = _("Acuerdo %(n)s de %(anio)s") % {
        "n": evento.datos["acuerdo_numero"],
        "anio": fecha.year,
    }
    tipo_plan = evento.datos.get("acuerdo_tipo_plan") or t.solicitud.plan_vigente
    registrado = acuerdo_del_expediente_registrar(
        municipio=t.solicitud.municipio,
        numero=evento.datos["acuerdo_numero"],
        fecha=fecha,
        tipo_plan=tipo_plan if tipo_plan in TipoPlan.values else "",
        radicado=t.solicitud.radicado,
        actor=t.actor,
        excepcional=t.solicitud.tipo_solicitud,
    )
    if registrado is not None:
        t.datos_log["acto_adopcion"] = acto
    return acto


def solicitud_archivar(
    *,
    solicitud: Solicitud | int,
    actor,
    datos: DatosArchivo,
    actividad: int | None = None,
) -> Solicitud:
    """Archive the case file (activity 6): record where and how it is kept, its
    TRD series and the dates its retention ends, issue the hoja de control, and
    close the case for good.

    A case is archived from activity 6, or after it was rejected or withdrawn (its
    file is archived all the same). ``actividad``: the one the actor saw.
    """
    unidades = _validar(datos)
    with transicion(
        solicitud, actor=actor, accion="archivar", actividad=actividad
    ) as t:
        caso = t.solicitud
        serie = _serie(datos.serie)
        _generar_pendientes(t)
        filas = indice_expediente(caso)
        inicial = timezone.localdate(caso.radicada_en)
        if filas:
            inicial = min(inicial, filas[0].fecha)
        archivo = ArchivoExpediente(
            solicitud=caso,
            serie=serie,
            soporte=datos.soporte,
            frecuencia_consulta=datos.frecuencia_consulta,
            folios=sum(f.folios or 0 for f in filas),
            fecha_inicial=inicial,
            fecha_final=t.hoy,
            notas=(datos.notas or "").strip()[:LARGO_NOTAS],
            retencion_gestion_hasta=_sumar_anios(t.hoy, serie.retencion_gestion),
            retencion_central_hasta=_sumar_anios(
                t.hoy, serie.retencion_gestion + serie.retencion_central
            ),
            archivado_en=t.ahora,
            archivado_por=actor,
            **unidades,
        )
        try:
            archivo.full_clean(exclude=["solicitud", "serie", "archivado_por"])
        except ValidationError as error:
            raise SolicitudError(" ".join(error.messages)) from error
        archivo.save()
        # None is left scheduled on a case a withdrawal or a rejection closed
        # (they cancel them); one from before that rule is called off here.
        cancelar_programadas(
            t,
            _("El expediente de la solicitud %(radicado)s se archivó.")
            % {"radicado": caso.radicado},
        )
        acto = _acuerdo_al_municipio(t)
        texto = _("Expediente archivado (%(serie)s).") % {"serie": serie.nombre}
        if acto:
            texto = f"{texto} {_('Resultado: %(acto)s.') % {'acto': acto}}"
        evento = t.evento(
            TipoEvento.ARCHIVADA,
            texto_publico=texto,
            motivo=archivo.notas,
            datos={
                "serie": serie.codigo,
                "unidad_conservacion": archivo.unidad_conservacion,
                "soporte": archivo.soporte,
                "folios": archivo.folios,
                "retencion_gestion_hasta": archivo.retencion_gestion_hasta.isoformat(),
                "retencion_central_hasta": archivo.retencion_central_hasta.isoformat(),
            },
        )
        hoja = _hoja_control(
            t,
            serie=serie,
            unidad_conservacion=archivo.unidad_conservacion,
            soporte=archivo.get_soporte_display(),
            fecha_final=archivo.fecha_final,
            expedida=True,
        )
        t.emitir(TipoDocumento.HOJA_CONTROL, hoja, para_municipio=False, evento=evento)
        caso.estado = EstadoSolicitud.ARCHIVADA
        caso.grupo_actual = ""
        caso.asignada_a = None
        caso.suspendida_desde = None
        caso.fecha_limite_actividad = None
        t.datos_log["serie"] = serie.codigo
        aviso_al_municipio(t, evento)
    return t.solicitud


# --- corrections ------------------------------------------------------------------


def registro_corregir(*, documento: Documento | int, actor, motivo: str) -> Documento:
    """Issue a record that corrects and supersedes ``documento``.

    The old record and its file never change: the new one copies its snapshot
    with a new verification code and date, prints which record it supersedes and
    the correction (``motivo``: what was wrong and what is right), and
    ``/verificar/`` says of the old one that it was superseded. Done by the group
    of the activity that issued the record, while the case is not archived.
    """
    motivo = (motivo or "").strip()[:LARGO_NOTAS]
    if not motivo:
        raise SolicitudError(_("Escriba qué corrige el nuevo registro."))
    pk = documento.pk if isinstance(documento, Documento) else documento
    original = (
        Documento.objects.select_related("evento", "solicitud").filter(pk=pk).first()
    )
    if original is None:
        raise SolicitudError(_("Ese registro no existe."))
    if not es_corregible(original):
        raise SolicitudError(
            _("Solo se corrigen los registros expedidos en las actividades 2 a 5.")
        )
    # The row's guard reads whether it was corrected under the case's lock: two
    # corrections of one record cannot both pass.
    with transicion(
        original.solicitud_id, actor=actor, accion="corregir", documento=original
    ) as t:
        anterior = REGISTROS[original.tipo].desde_json(original.datos)
        comun = dataclasses.replace(
            t.comun(original.tipo, anterior.comun.titulo),
            corrige=Correccion(
                codigo_verificacion=anterior.comun.codigo_verificacion,
                emitido_en=anterior.comun.emitido_en,
                motivo=motivo,
            ),
        )
        nuevo = dataclasses.replace(anterior, comun=comun)
        evento = t.evento(
            TipoEvento.DOCUMENTO,
            motivo=motivo,
            texto_publico=_("Se expidió una corrección de: %(tipo)s.")
            % {"tipo": original.get_tipo_display().lower()}
            if original.para_municipio
            else "",
            datos={
                "corrige": original.codigo_verificacion,
                "codigo": comun.codigo_verificacion,
            },
        )
        documento_nuevo = t.emitir(
            original.tipo,
            nuevo,
            para_municipio=original.para_municipio,
            evento=evento,
            sesion=original.sesion,
            reemplaza=original,
        )
        t.datos_log["corrige"] = original.codigo_verificacion
        if original.para_municipio:
            aviso_al_municipio(t, evento, adjuntos=[documento_nuevo])
    return documento_nuevo


# --- FUID ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DatosFuid:
    """The FUID's header and footer, as the person drawing it up fills them."""

    objeto: str = ObjetoTransferencia.PRIMARIA
    numero_transferencia: str = ""
    entrada_fecha: datetime.date | None = None
    entregado_por: Firma = Firma("", "", "", None)
    recibido_por: Firma = Firma("", "", "", None)
    lugar: str = ""


def archivos_para_fuid(
    pks: Iterable[int] | QuerySet,
) -> QuerySet[ArchivoExpediente]:
    """The archived case files chosen for a FUID, in the order they were archived.

    ``pks`` may be a queryset of primary keys (``values("pk")``): a subquery then,
    not thousands of parameters, when every filtered case file is chosen."""
    if not isinstance(pks, QuerySet):
        pks = list(pks)
    return (
        ArchivoExpediente.objects.filter(pk__in=pks)
        .select_related("serie", "solicitud__municipio")
        .order_by("archivado_en", "pk")
    )


def fuid_construir(
    archivos: Iterable[ArchivoExpediente], *, actor, datos: DatosFuid
) -> Fuid:
    """The FUID of ``archivos`` (staff only): header from the entity's settings
    and the first case's TRD series, one row per case file."""
    from ..permisos import es_personal

    if not es_personal(actor):
        raise SolicitudError(_("Solo el personal de la Secretaría elabora el FUID."))
    if datos.objeto not in ObjetoTransferencia.values:
        raise SolicitudError(_("Elija el objeto del inventario."))
    archivos = list(archivos)
    if not archivos:
        raise SolicitudError(_("Elija al menos un expediente archivado."))
    entidad = Entidad.load()
    primera = archivos[0].serie
    ahora = timezone.localtime()
    filas = tuple(
        FilaFuid(
            numero_orden=numero,
            codigo=a.serie.codigo,
            nombre=f"{a.serie.nombre} / {a.solicitud.asunto} "
            f"({a.solicitud.municipio.nombre})",
            radicado=a.solicitud.radicado,
            fecha_inicial=a.fecha_inicial,
            fecha_final=a.fecha_final,
            caja=a.caja,
            carpeta=a.carpeta,
            tomo=a.tomo,
            otro=a.otro,
            folios=a.folios,
            soporte=a.get_soporte_display(),
            frecuencia_consulta=a.get_frecuencia_consulta_display(),
            notas=a.notas[:LARGO_NOTAS],
        )
        for numero, a in enumerate(archivos, start=1)
    )
    lugar = datos.lugar.strip()[:100]
    return Fuid(
        entidad=entidad.lineas_encabezado(),
        entidad_remitente=entidad.nombre,
        entidad_productora=entidad.nombre,
        unidad_administrativa=primera.unidad_administrativa,
        codigo_unidad=primera.codigo_unidad,
        oficina_productora=primera.dependencia,
        codigo_oficina=primera.codigo_dependencia,
        objeto=str(ObjetoTransferencia(datos.objeto).label),
        entrada_fecha=datos.entrada_fecha,
        numero_transferencia=datos.numero_transferencia.strip()[:30],
        filas=filas,
        elaborado_por=Firma(
            nombre=actor.nombre,
            cargo=getattr(actor, "cargo", "") or "",
            lugar=lugar,
            fecha=ahora.date(),
        ),
        entregado_por=datos.entregado_por,
        recibido_por=datos.recibido_por,
        elaborado_en=ahora,
    )
