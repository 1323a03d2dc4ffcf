"""The calendar the reports count business days with (``calendario.py`` fills it)
and the views they count with (``vistas.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DiaCalendario", "TiempoTotal", "Tramo"]


class DiaCalendario(models.Model):
    """Every date of ``calendario.DESDE``..``HASTA`` with the business days
    (``expedientes.plazos.es_dia_habil``: Monday to Friday, minus Colombia's
    holidays) from ``DESDE`` up to it, included.

    Business days after ``a`` up to ``b`` (``plazos.dias_habiles_entre``) are
    ``habiles(b) - habiles(a)``: the reports join this table by primary key
    instead of looping over dates in Python. Rewritten by
    ``calendario.calendario_asegurar`` after every ``migrate`` (the holidays
    package may change: Ley 2578 de 2026 moved some), never by hand.
    """

    fecha = models.DateField(_("fecha"), primary_key=True)
    habiles = models.PositiveIntegerField(_("días hábiles acumulados"))
    es_habil = models.BooleanField(_("día hábil"))

    def __str__(self) -> str:
        return f"{self.fecha.isoformat()} · {self.habiles}"

    class Meta:
        verbose_name = _("día del calendario")
        verbose_name_plural = _("calendario de días hábiles")


class Tramo(models.Model):
    """One finished stay of a case in an activity (``tiempos.tramos``): it began
    with the latest earlier event that moved the case into the activity (a
    completion or a step back, those with ``hacia``) and ended with ``evento``
    (completed, stepped back, rejected, withdrawn, or archived when that closed
    the case). ``dias`` are its business days (``habiles(fecha) -
    habiles(inicio)``, Bogotá dates) less those it was suspended; a stay
    closed while suspended counts the suspension up to its end.

    A row of the SQL view ``informes_tramo`` (``vistas.py``, recreated after
    every ``migrate``): read-only, never in a backup (``portal.respaldo``).
    """

    evento = models.OneToOneField(
        "expedientes.EventoSolicitud",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("evento que lo terminó"),
    )
    solicitud = models.ForeignKey(
        "expedientes.Solicitud",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("solicitud"),
    )
    tipo = models.CharField(_("tipo del evento"), max_length=24)
    actividad = models.PositiveSmallIntegerField(_("actividad"))
    inicio = models.DateTimeField(_("inicio"))
    fecha = models.DateTimeField(_("fin"))
    dias = models.IntegerField(_("días hábiles sin suspensiones"))
    suspendida = models.BooleanField(_("suspendida en el tramo"))
    prorrogada = models.BooleanField(_("prorrogada en el tramo"))
    dias_prorroga = models.IntegerField(_("días hábiles de prórroga"))

    def __str__(self) -> str:
        return f"{self.solicitud_id} · {self.actividad} · {self.dias}"

    class Meta:
        managed = False
        db_table = "informes_tramo"
        verbose_name = _("tramo de una actividad")
        verbose_name_plural = _("tramos de las actividades")


class TiempoTotal(models.Model):
    """A closed case's business days from filing to the first event that closed
    it (rejection, withdrawal or archive), less those it was suspended before
    (``tiempos.totales``). A row of the SQL view ``informes_tiempototal``
    (``vistas.py``), like ``Tramo``."""

    solicitud = models.OneToOneField(
        "expedientes.Solicitud",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("solicitud"),
    )
    radicada_en = models.DateTimeField(_("radicada en"))
    cierre = models.DateTimeField(_("cerrada en"))
    dias = models.IntegerField(_("días hábiles sin suspensiones"))

    def __str__(self) -> str:
        return f"{self.solicitud_id} · {self.dias}"

    class Meta:
        managed = False
        db_table = "informes_tiempototal"
        verbose_name = _("tiempo total de una solicitud")
        verbose_name_plural = _("tiempos totales de las solicitudes")
