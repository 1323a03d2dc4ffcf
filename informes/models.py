"""The calendar the reports count business days with (``calendario.py`` fills it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DiaCalendario"]


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
