"""Time for demo and load cases: business days back from today, and the clock of
each step.

A case's history happens over weeks or months, but the services stamp every row
with ``timezone.now()``. Each step is therefore run under ``reloj(m)``, which
makes ``django.utils.timezone.now`` return the step's moment (a business day in
the past) while the service runs, its after-commit work included (records' PDFs,
e-mails). Every row is then written once, by the service, with the date the step
happened: filing date, history events, deadlines in días hábiles, issued records
and their snapshots, e-mails, audit log. Nothing is updated after the fact, so
the deadline state of each case today (``plazos.estado_plazo``) follows from its
history as it would in the office. Only run it in a process of its own (a
management command), never in a server: the clock is patched process-wide while
a step runs.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from ..plazos import es_dia_habil


class Calendario:
    """Business days (días hábiles, Colombian holidays) around ``hoy``.

    ``dia(-1)`` is the last business day before ``hoy``, ``dia(-n)`` the n-th one.
    """

    def __init__(self, hoy: datetime.date | None = None):
        self.hoy = hoy or timezone.localdate()
        #: Moments are made in it, so ``momento.date()`` is the local date.
        self.zona = timezone.get_current_timezone()
        self._atras: list[datetime.date] = []

    def dia(self, desplazamiento: int) -> datetime.date:
        if desplazamiento >= 0:
            raise ValueError("Los pasos de un caso ocurren antes de hoy.")
        while len(self._atras) < -desplazamiento:
            fecha = self._atras[-1] if self._atras else self.hoy
            fecha -= datetime.timedelta(days=1)
            while not es_dia_habil(fecha):
                fecha -= datetime.timedelta(days=1)
            self._atras.append(fecha)
        return self._atras[-desplazamiento - 1]


@contextmanager
def reloj(momento: datetime.datetime) -> Iterator[None]:
    """While it lasts, ``timezone.now()`` is ``momento`` (see the module's doc)."""
    with mock.patch("django.utils.timezone.now", return_value=momento):
        yield


class Relojero:
    """The moment of each step of one case: office hours of its business day,
    always later than the step before (two steps may share a day)."""

    def __init__(self, calendario: Calendario, rng: random.Random):
        self.calendario = calendario
        self.rng = rng
        self.ultimo: datetime.datetime | None = None

    def momento(self, desplazamiento: int) -> datetime.datetime:
        dia = self.calendario.dia(desplazamiento)
        hora = datetime.time(self.rng.randint(7, 15), self.rng.randrange(0, 60, 5))
        momento = datetime.datetime.combine(dia, hora, tzinfo=self.calendario.zona)
        if self.ultimo is not None and momento <= self.ultimo:
            momento = self.ultimo + datetime.timedelta(minutes=self.rng.randint(15, 90))
        self.ultimo = momento
        return momento
