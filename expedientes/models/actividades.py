"""What activity 5 (*Brindar el apoyo*) accumulates over months: advisory sessions,
their attendees and the commitments made in them; and what activity 6 records when
the case file is archived (``ArchivoExpediente``).

Scope (activity 3), team (activity 4) and the outcome are recorded once per
completion, in the history event's ``datos`` and in their record's snapshot; the
sessions are rows because they are added one by one and each issues its own
records. Written only by ``services.sesiones.sesion_registrar``; a session that
was scheduled first (``models.sesiones.SesionProgramada``) links to it.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import FrecuenciaConsulta, Institucion, Modalidad, Soporte
from .sesiones import SesionProgramada
from .solicitudes import Solicitud
from .trd import SerieDocumental

__all__ = ["ArchivoExpediente", "AsistenteSesion", "Compromiso", "SesionAsesoria"]


class SesionAsesoria(models.Model):
    """One advisory session of a case (activity 5)."""

    solicitud = models.ForeignKey(
        Solicitud, on_delete=models.PROTECT, related_name="sesiones"
    )
    numero = models.PositiveSmallIntegerField(_("número"))
    fecha = models.DateTimeField(_("fecha y hora"))
    modalidad = models.CharField(
        _("modalidad"), max_length=12, choices=Modalidad.choices
    )
    lugar = models.CharField(_("lugar o enlace"), max_length=300)
    temas = models.TextField(_("temas tratados"))
    desarrollo = models.TextField(_("desarrollo de la sesión"), blank=True)
    proximos_pasos = models.TextField(_("próximos pasos"), blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    registrada_en = models.DateTimeField(_("registrada el"))
    #: The schedule this session was held from, if it was scheduled first: one
    #: identity (the invitation's UID) from the invitation to the minutes.
    programada = models.OneToOneField(
        SesionProgramada,
        on_delete=models.PROTECT,
        related_name="realizada",
        null=True,
        blank=True,
        verbose_name=_("programada como"),
    )

    def __str__(self) -> str:
        return f"{self.solicitud.radicado} · sesión {self.numero}"

    class Meta:
        ordering = ["solicitud", "numero"]
        verbose_name = _("sesión de asesoría")
        verbose_name_plural = _("sesiones de asesoría")
        constraints = [
            models.UniqueConstraint(
                fields=["solicitud", "numero"], name="sesion_unica_por_solicitud"
            )
        ]


class AsistenteSesion(models.Model):
    sesion = models.ForeignKey(
        SesionAsesoria, on_delete=models.PROTECT, related_name="asistentes"
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    institucion = models.CharField(
        _("institución"), max_length=12, choices=Institucion.choices
    )
    cargo = models.CharField(_("cargo o rol"), max_length=150, blank=True)

    def __str__(self) -> str:
        return self.nombre

    class Meta:
        ordering = ["sesion", "pk"]
        verbose_name = _("asistente")
        verbose_name_plural = _("asistentes")


class Compromiso(models.Model):
    sesion = models.ForeignKey(
        SesionAsesoria, on_delete=models.PROTECT, related_name="compromisos"
    )
    descripcion = models.CharField(_("compromiso"), max_length=500)
    responsable = models.CharField(_("responsable"), max_length=150)
    #: Where the reminder goes (``services.sesiones.compromisos_recordar``); when
    #: empty, to the professional who recorded the session.
    correo_responsable = models.EmailField(_("correo del responsable"), blank=True)
    fecha_limite = models.DateField(_("fecha límite"), null=True, blank=True)
    #: When its reminder was queued: set once, so it is never sent twice.
    recordado_en = models.DateTimeField(_("recordatorio enviado el"), null=True)
    #: Marked fulfilled by the group of activity 5
    #: (``services.compromisos.compromiso_cumplir``): then neither overdue nor
    #: reminded. Set once.
    cumplido_en = models.DateTimeField(_("cumplido el"), null=True, blank=True)
    cumplido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("marcado cumplido por"),
    )

    @property
    def cumplido(self) -> bool:
        return self.cumplido_en is not None

    def __str__(self) -> str:
        return self.descripcion

    class Meta:
        ordering = ["sesion", "pk"]
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")


#: A unit's own name at the start of its value, as people type it: "Caja 12",
#: "caja N.° 12", "CARPETA: 3", "Tomo #2" (the field already says which unit it is).
_NOMBRE_DE_UNIDAD = {
    campo: re.compile(
        rf"^\s*{campo}s?(?![a-záéíóúñ])\s*"
        # "N.°", "Nº", "No.", "nro", "número", "#": only as abbreviations, so that
        # "Caja nueve" keeps its "nueve".
        r"(?:(?:n[uú]mero|nro|no|n)(?:\s*\.\s*[°º]?|\s*[°º]|\b)|[°º#])?"
        r"\s*[:.\-]?\s*",
        re.IGNORECASE,
    )
    for campo in ("caja", "carpeta", "tomo", "otro")
}


def sin_nombre_de_unidad(campo: str, valor: str) -> str:
    """The number of a unit of conservation without the unit's name typed before
    it ("Caja 12" in the box "Caja" is "12"), so that the case page, the hoja de
    control and the FUID's column "Caja" do not say "Caja Caja 12". A value that
    is only the name ("Caja") is kept as typed. Used by ``solicitud_archivar``."""
    patron = _NOMBRE_DE_UNIDAD.get(campo)
    valor = (valor or "").strip()
    if patron is None or campo == "otro":
        return valor
    resto = patron.sub("", valor, count=1).strip()
    return resto or valor


class ArchivoExpediente(models.Model):
    """How and where a case file was archived (activity 6): one per case.

    Written once by ``services.archivo.solicitud_archivar``, in the transaction
    that closes the case; never edited afterwards. The FUID reads its rows.
    """

    solicitud = models.OneToOneField(
        Solicitud,
        on_delete=models.PROTECT,
        related_name="archivo",
        verbose_name=_("solicitud"),
    )
    serie = models.ForeignKey(
        SerieDocumental,
        on_delete=models.PROTECT,
        related_name="expedientes",
        verbose_name=_("serie / subserie (TRD)"),
    )
    caja = models.CharField(_("caja"), max_length=20, blank=True)
    carpeta = models.CharField(_("carpeta"), max_length=20, blank=True)
    tomo = models.CharField(_("tomo"), max_length=20, blank=True)
    otro = models.CharField(
        _("otro"),
        max_length=50,
        blank=True,
        help_text=_("Otra unidad de conservación, por ejemplo «Disco 2»."),
    )
    soporte = models.CharField(_("soporte"), max_length=12, choices=Soporte.choices)
    frecuencia_consulta = models.CharField(
        _("frecuencia de consulta"),
        max_length=8,
        choices=FrecuenciaConsulta.choices,
        default=FrecuenciaConsulta.BAJA,
    )
    folios = models.PositiveIntegerField(_("número de folios"))
    fecha_inicial = models.DateField(_("fecha extrema inicial"))
    fecha_final = models.DateField(_("fecha extrema final"))
    notas = models.TextField(_("notas"), blank=True)
    retencion_gestion_hasta = models.DateField(
        _("en el archivo de gestión hasta"), db_index=True
    )
    retencion_central_hasta = models.DateField(
        _("en el archivo central hasta"), db_index=True
    )
    archivado_en = models.DateTimeField(_("archivado el"))
    archivado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("archivado por"),
    )

    @property
    def unidad_conservacion(self) -> str:
        """The storage units as one line: "Caja 3 · Carpeta 12". A value that
        already says its unit (typed "Caja 12" before ``sin_nombre_de_unidad``
        took it off at archiving) is printed once: not "Caja Caja 12"."""
        partes = [
            ("caja", _("Caja"), self.caja),
            ("carpeta", _("Carpeta"), self.carpeta),
            ("tomo", _("Tomo"), self.tomo),
            ("otro", _("Otro"), self.otro),
        ]
        return " · ".join(
            valor if _NOMBRE_DE_UNIDAD[campo].match(valor) else f"{nombre} {valor}"
            for campo, nombre, valor in partes
            if valor
        )

    def __str__(self) -> str:
        return f"{self.solicitud.radicado} · {self.unidad_conservacion}"

    class Meta:
        ordering = ["-archivado_en"]
        verbose_name = _("expediente archivado")
        verbose_name_plural = _("expedientes archivados")
        constraints = [
            models.CheckConstraint(
                condition=~Q(caja="", carpeta="", tomo="", otro=""),
                name="archivo_con_unidad_de_conservacion",
            ),
            models.CheckConstraint(
                condition=Q(fecha_inicial__lte=models.F("fecha_final")),
                name="archivo_fechas_extremas_en_orden",
            ),
            models.CheckConstraint(
                condition=Q(
                    retencion_gestion_hasta__lte=models.F("retencion_central_hasta")
                ),
                name="archivo_retencion_en_orden",
            ),
        ]
