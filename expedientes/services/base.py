"""The skeleton every state change of a case stands on (DESIGN.md, decision 6).

``with transicion(solicitud, actor=..., accion=...) as t:`` opens a transaction,
locks the case row, checks that the case is still where the actor saw it (the
activity they acted on), in a state that allows the action, and that the actor's
role may do it; the body then records what happened through ``t`` (history events,
moves between activities, issued records, uploaded files, e-mails). On leaving it
caches the derived state on the case, writes the Wagtail audit entry and, after
commit, queues the records' PDFs and the e-mails (``tasks.procesar_pendientes``).
Any error rolls everything back, files stored by the body included.

Each action is then a short typed function in ``actividades.py`` or ``acciones.py``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from procedimientos.models import Entidad

from ..codigos import generar_codigo_verificacion
from ..constants import EstadoSolicitud, TipoDocumento
from ..enlaces import absoluta
from ..errores import SolicitudError
from ..models import Documento, EventoSolicitud, Notificacion, Solicitud
from ..permisos import grupo_de
from ..plazos import sumar_dias_habiles
from ..registros import REGISTROS, Comun, Correccion, Procedimiento
from ..reglas import permitida
from ..selectors import actividad_de, actividades_de, contenido_de_version
from ..storage import borrar_archivos
from ..subidas import InfoPDF, validar_pdf

if TYPE_CHECKING:
    from procedimientos.versiones import Actividad

    from ..registros import Registro


#: Records a case has one of in force: issued again when their activity is done
#: again after a step back, the new one supersedes the old (``Transicion.emitir``).
#: The minutes and attendance of each session are records of that session; the
#: hoja de control is issued once, on archiving.
UNO_VIGENTE = frozenset(
    {
        TipoDocumento.REGISTRO_INTERNO,
        TipoDocumento.OFICIO_RESPUESTA,
        TipoDocumento.ACTA_COMPROMISO,
        TipoDocumento.PLANILLA_ASESORIAS,
    }
)


@dataclass
class Transicion:
    """What one action does to a locked case; built by ``transicion``."""

    solicitud: Solicitud
    actor: Any
    accion: str
    ahora: datetime.datetime
    #: Extra data for the audit entry.
    datos_log: dict[str, Any] = field(default_factory=dict)
    eventos: list[EventoSolicitud] = field(default_factory=list)
    #: Files stored by this action: deleted again if it rolls back.
    guardados: list[str] = field(default_factory=list)
    #: The e-mails asked for, written by ``cerrar`` once the case is as it stays.
    avisos: list[Callable[[], None]] = field(default_factory=list)

    @property
    def hoy(self) -> datetime.date:
        return timezone.localdate(self.ahora)

    @property
    def actividad(self) -> Actividad:
        """The activity the case is in now."""
        actividad = actividad_de(self.solicitud, self.solicitud.actividad_actual)
        if actividad is None:
            raise SolicitudError(
                _("La actividad %(n)s no existe en la versión de esta solicitud.")
                % {"n": self.solicitud.actividad_actual}
            )
        return actividad

    def evento(
        self,
        tipo: str,
        *,
        motivo: str = "",
        texto_publico: str = "",
        datos: dict[str, Any] | None = None,
        hacia: int | None = None,
    ) -> EventoSolicitud:
        """Append a row to the case's history, in the activity it is in now."""
        evento = EventoSolicitud.objects.create(
            solicitud=self.solicitud,
            tipo=tipo,
            actividad=self.solicitud.actividad_actual,
            nombre=self.actividad.nombre,
            hacia=hacia,
            fecha=self.ahora,
            actor=self.actor,
            motivo=motivo,
            texto_publico=texto_publico[:300],
            datos=datos or {},
        )
        self.eventos.append(evento)
        return evento

    def pasar_a(self, numero: int) -> None:
        """Move the case to activity ``numero``: its internal term starts today."""
        actividad = actividad_de(self.solicitud, numero)
        if actividad is None:
            raise SolicitudError(
                _("La actividad %(n)s no existe en la versión de esta solicitud.")
                % {"n": numero}
            )
        solicitud = self.solicitud
        solicitud.actividad_actual = numero
        solicitud.actividad_desde = self.ahora
        solicitud.fecha_limite_actividad = (
            sumar_dias_habiles(self.hoy, actividad.plazo_dias)
            if actividad.plazo_dias
            else None
        )
        # A new activity starts unassigned: its group's inbox shows it.
        solicitud.asignada_a = None
        solicitud.grupo_actual = grupo_de(actividad)

    def siguiente(self) -> int | None:
        """The number of the activity after the current one, if any."""
        numeros = [a.numero for a in actividades_de(self.solicitud)]
        posteriores = [n for n in numeros if n > self.solicitud.actividad_actual]
        return min(posteriores) if posteriores else None

    def emitir(
        self,
        tipo: str,
        registro: Registro,
        *,
        para_municipio: bool,
        evento: EventoSolicitud | None = None,
        sesion=None,
        reemplaza: Documento | None = None,
    ) -> Documento:
        """Issue a record: its snapshot now, its PDF after commit (tasks.py).
        ``reemplaza``: the record this one corrects (it stays as it was).

        A record of the case's own (``UNO_VIGENTE``) issued again, when an
        activity is done again after a step back, supersedes the one in force as
        a correction does: it prints which one it replaces and why, and
        ``/verificar/`` says of the old one that it was replaced."""
        if reemplaza is None and sesion is None and tipo in UNO_VIGENTE:
            reemplaza = (
                Documento.objects.filter(
                    solicitud=self.solicitud, tipo=tipo, reemplazado_por__isnull=True
                )
                .order_by("-creado_en", "-pk")
                .first()
            )
            if reemplaza is not None:
                registro = self._reexpedido(registro, reemplaza, evento)
        return Documento.objects.create(
            solicitud=self.solicitud,
            tipo=tipo,
            nombre_original=f"{tipo.replace('_', '-')}-{self.solicitud.radicado}"
            f"-{registro.comun.codigo_verificacion}.pdf",
            datos=registro.a_json(),
            codigo_verificacion=registro.comun.codigo_verificacion,
            para_municipio=para_municipio,
            evento=evento,
            sesion=sesion,
            reemplaza=reemplaza,
            creado_por=self.actor,
        )

    def _reexpedido(
        self,
        registro: Registro,
        anterior: Documento,
        evento: EventoSolicitud | None,
    ) -> Registro:
        """``registro`` printing that it replaces ``anterior`` (issued before in
        the same activity, now done again: the event's, as the case may have
        moved on already)."""
        previo = REGISTROS[anterior.tipo].desde_json(anterior.datos).comun
        motivo = _(
            "Expedido de nuevo al realizarse otra vez la actividad %(n)s "
            "(«%(nombre)s») tras una devolución; el registro anterior deja de "
            "estar vigente."
        ) % (
            {"n": evento.actividad, "nombre": evento.nombre}
            if evento is not None
            else {"n": self.solicitud.actividad_actual, "nombre": self.actividad.nombre}
        )
        self.datos_log["reemplaza"] = anterior.codigo_verificacion
        comun = dataclasses.replace(
            registro.comun,
            corrige=Correccion(
                codigo_verificacion=previo.codigo_verificacion,
                emitido_en=previo.emitido_en,
                motivo=motivo,
            ),
        )
        return dataclasses.replace(registro, comun=comun)

    def comun(self, tipo: str, titulo: str, *, expedido: bool = True) -> Comun:
        """The part every record's snapshot shares, with a new verification code
        (none for a working copy that is printed, not issued: ``expedido=False``)."""
        solicitud = self.solicitud
        version = solicitud.version_procedimiento
        contenido = contenido_de_version(version)
        entidad = Entidad.load()
        codigo = self.nuevo_codigo_verificacion() if expedido else ""
        return Comun(
            tipo=tipo,
            titulo=titulo,
            radicado=solicitud.radicado,
            municipio=solicitud.municipio.nombre,
            codigo_divipola=solicitud.municipio.codigo_divipola,
            emitido_en=timezone.localtime(self.ahora),
            emitido_por=self.actor.nombre,
            cargo=getattr(self.actor, "cargo", "") or "",
            codigo_verificacion=codigo,
            url_verificacion=absoluta("verificar", codigo) if codigo else "",
            procedimiento=Procedimiento(
                codigo=contenido.codigo,
                titulo=contenido.titulo,
                version=version.numero,
                fecha_aprobacion=version.fecha_aprobacion,
            ),
            entidad=entidad.lineas_encabezado(),
            pie=entidad.lineas_pie(),
        )

    def nuevo_codigo_verificacion(self) -> str:
        while True:
            codigo = generar_codigo_verificacion()
            if not Documento.objects.filter(codigo_verificacion=codigo).exists():
                return codigo

    def adjuntar(
        self,
        tipo: str,
        archivo: UploadedFile,
        *,
        para_municipio: bool,
        evento: EventoSolicitud | None = None,
    ) -> Documento:
        """Store an uploaded PDF (checked by content) in the case file."""
        try:
            info = validar_pdf(archivo)
        except ValidationError as error:
            raise SolicitudError(" ".join(error.messages)) from error
        return self.guardar(
            tipo, archivo, info, para_municipio=para_municipio, evento=evento
        )

    def guardar(
        self,
        tipo: str,
        archivo: UploadedFile,
        info: InfoPDF,
        *,
        para_municipio: bool = True,
        evento: EventoSolicitud | None = None,
    ) -> Documento:
        """Store a PDF already checked (``info``) in the case file; deleted again
        if the change rolls back (``guardados``)."""
        documento = Documento(
            solicitud=self.solicitud,
            tipo=tipo,
            nombre_original=(archivo.name or "documento.pdf")[-255:],
            sha256=info.sha256,
            paginas=info.paginas,
            tamano=info.tamano,
            para_municipio=para_municipio,
            evento=evento,
            creado_por=self.actor,
        )
        documento.archivo.save(documento.nombre_original, archivo, save=False)
        self.guardados.append(documento.archivo.name)
        documento.save()
        return documento

    def notificar(
        self,
        *,
        asunto: str | Callable[[], str],
        cuerpo: str | Callable[[], str],
        destinatarios: Iterable[str] | None = None,
        adjuntos: Iterable[Documento] = (),
        calendario: str = "",
    ) -> None:
        """Queue an e-mail (to the requester unless told otherwise), sent after
        commit with its attached records once their PDFs exist, and with its
        calendar invitation (iCalendar text, ``expedientes.calendario``) if any.

        Its rows are written when the change closes (``cerrar``), in the order the
        e-mails were asked for, and ``asunto`` and ``cuerpo`` may be functions
        called only then: an e-mail is written from the case as the change leaves
        it (the activity it reached, the deadline now running), not as it was
        when the body asked for it."""
        self.avisos.append(
            lambda: self._notificacion_crear(
                asunto=asunto() if callable(asunto) else asunto,
                cuerpo=cuerpo() if callable(cuerpo) else cuerpo,
                destinatarios=destinatarios,
                adjuntos=list(adjuntos),
                calendario=calendario,
            )
        )

    def _notificacion_crear(
        self,
        *,
        asunto: str,
        cuerpo: str,
        destinatarios: Iterable[str] | None,
        adjuntos: list[Documento],
        calendario: str = "",
    ) -> None:
        if destinatarios is None:
            destinatarios = [self.solicitud.correo_solicitante]
        for destinatario in dict.fromkeys(d for d in destinatarios if d):
            notificacion = Notificacion.objects.create(
                solicitud=self.solicitud,
                destinatario=destinatario,
                asunto=asunto[:200],
                cuerpo=cuerpo,
                calendario=calendario,
            )
            notificacion.adjuntos.add(*adjuntos)

    def cerrar(self) -> None:
        """Finish the change: cache the deadline running now on the case, then
        write the e-mails asked for (``notificar``), which state it."""
        recalcular_vencimiento(self.solicitud)
        for aviso in self.avisos:
            aviso()
        self.avisos.clear()


def recalcular_vencimiento(solicitud: Solicitud) -> None:
    """``vence_el``: the deadline running now, for inboxes and filters.

    The legal answer term while the case has no answer, or the activity's internal
    term, whichever comes first; nothing while suspended or closed.
    """
    if solicitud.estado != EstadoSolicitud.EN_TRAMITE:
        solicitud.vence_el = None
        return
    plazos = [solicitud.fecha_limite_actividad]
    if solicitud.respondida_en is None:
        plazos.append(solicitud.fecha_limite)
    plazos = [p for p in plazos if p is not None]
    solicitud.vence_el = min(plazos) if plazos else None


def _ya_actuaron(solicitud: Solicitud, actividad: int) -> str:
    """Why an action on ``actividad`` comes too late: who moved the case on."""
    ultimo = (
        EventoSolicitud.objects.filter(solicitud=solicitud)
        .select_related("actor")
        .order_by("-fecha", "-pk")
        .first()
    )
    if ultimo is None:
        return _("La solicitud ya no está en la actividad %(n)s.") % {"n": actividad}
    return _(
        "La solicitud %(radicado)s ya no está en la actividad %(n)s: "
        "%(quien)s registró «%(que)s» el %(fecha)s. Está ahora en la actividad "
        "%(actual)s."
    ) % {
        "radicado": solicitud.radicado,
        "n": actividad,
        "quien": ultimo.actor.nombre,
        "que": ultimo.get_tipo_display().lower(),
        "fecha": timezone.localtime(ultimo.fecha).strftime("%d/%m/%Y %H:%M"),
        "actual": solicitud.actividad_actual,
    }


@contextmanager
def transicion(
    solicitud: Solicitud | int,
    *,
    actor,
    accion: str,
    actividad: int | None = None,
    documento: Documento | None = None,
) -> Iterator[Transicion]:
    """Lock the case, check, let the body act, then cache state, audit and queue.

    ``actividad`` is the activity the actor saw when acting: if the case has moved
    on since (someone else acted first), the action is refused and says who did
    what. Then ``accion``'s row of ``reglas.REGLAS`` decides (the states, the
    role, the activity and the guards that allow it; ``documento``: the record
    acted on, for a row about one).
    """
    from ..tasks import procesar_pendientes

    pk = solicitud.pk if isinstance(solicitud, Solicitud) else solicitud
    t: Transicion | None = None
    try:
        with transaction.atomic():
            caso = (
                Solicitud.objects.select_for_update(of=("self",))
                .select_related("version_procedimiento", "municipio")
                .get(pk=pk)
            )
            if actividad is not None and caso.actividad_actual != actividad:
                raise SolicitudError(_ya_actuaron(caso, actividad))
            permitida(accion, caso, actor, documento=documento)
            t = Transicion(
                solicitud=caso, actor=actor, accion=accion, ahora=timezone.now()
            )
            yield t
            t.cerrar()
            caso.save()
            log(
                instance=caso,
                action=f"expedientes.{accion}",
                user=actor,
                data={
                    "radicado": caso.radicado,
                    "actividad": caso.actividad_actual,
                    "estado": caso.estado,
                    **t.datos_log,
                },
            )
            # robust: a queue that refuses the job must not turn a committed change
            # into an error; the work stays pending for procesar_pendientes.
            transaction.on_commit(
                lambda: procesar_pendientes.enqueue(caso.pk), robust=True
            )
    except BaseException:
        if t is not None:
            borrar_archivos(t.guardados)
        raise
