"""``manage.py generar_casos N``: N realistic cases, for load and for looking at.

Each case is filed by a municipality (on the portal, by one account per
municipality with no usable password) or at the Ventanilla única, then walked by
the real services to where it ends: every activity from 2 to 6, suspended (some
resumed), rejected, withdrawn, stepped back, extended, with advisory sessions and
teams; each step on a business day in the past, so deadlines are on time, due
soon or overdue as they would be (``expedientes.demo``). Records and e-mails are
issued as the services issue them (the task backend of the settings renders and
sends them). ``--rapido`` inserts consistent rows in bulk instead, for 100,000
cases: what it skips is in ``expedientes.demo.insertar_rapido``.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from expedientes.demo import generar, insertar_rapido
from expedientes.models import Solicitud
from expedientes.selectors import version_vigente


class Barra:
    """A progress bar on standard error (or nothing when it is not a terminal
    and ``siempre`` is off): done/total, rate and time left."""

    ANCHO = 30

    def __init__(self, total: int, salida=None, *, siempre: bool = False):
        self.total = max(total, 1)
        self.hechos = 0
        self.salida = salida or sys.stderr
        self.visible = siempre or getattr(self.salida, "isatty", lambda: False)()
        self.inicio = time.monotonic()
        self._ultima = 0.0

    def __call__(self, cuantos: int) -> None:
        self.hechos += cuantos
        ahora = time.monotonic()
        if self.visible and (ahora - self._ultima > 0.2 or self.hechos >= self.total):
            self._ultima = ahora
            self.dibujar(ahora)

    def dibujar(self, ahora: float) -> None:
        lleno = self.ANCHO * self.hechos // self.total
        segundos = ahora - self.inicio
        ritmo = self.hechos / segundos if segundos else 0.0
        faltan = (self.total - self.hechos) / ritmo if ritmo else 0.0
        self.salida.write(
            f"\r  [{'#' * lleno}{'.' * (self.ANCHO - lleno)}] "
            f"{self.hechos}/{self.total}  {ritmo:.1f} casos/s  faltan {faltan:.0f} s "
        )
        if self.hechos >= self.total:
            self.salida.write("\n")
        self.salida.flush()


class Command(BaseCommand):
    help = (
        "Genera N solicitudes realistas en todas las actividades y estados, por los "
        "servicios (historial, registros, correos). --rapido inserta filas "
        "consistentes en bloque para volúmenes grandes (100.000)."
    )

    def add_arguments(self, parser):
        parser.add_argument("n", type=int, help="Cuántas solicitudes generar.")
        parser.add_argument(
            "--rapido",
            action="store_true",
            help="Insertar en bloque: solicitudes e historial, sin documentos, "
            "correos, sesiones ni auditoría.",
        )
        parser.add_argument(
            "--semilla", type=int, default=None, help="Semilla aleatoria (repetible)."
        )

    def handle(self, *args, n: int, rapido: bool, semilla: int | None, **options):
        if n < 1:
            raise CommandError("N debe ser al menos 1.")
        if version_vigente() is None:
            raise CommandError(
                "No hay una versión vigente de ES-PE-PR-31: ejecute cargar_demo."
            )
        antes = Solicitud.objects.count()
        inicio = time.monotonic()
        barra = Barra(n, getattr(self.stderr, "_out", None))
        if rapido:
            insertar_rapido(n, semilla=semilla, avance=barra)
        else:
            generar(n, semilla=semilla, avance=barra)
        segundos = time.monotonic() - inicio
        self.stdout.write(
            f"{Solicitud.objects.count() - antes} solicitudes generadas en "
            f"{segundos:.1f} s ({'en bloque' if rapido else 'por los servicios'})."
        )
        self.stdout.write("Solicitudes en la base, por actividad y estado:")
        cuenta = (
            Solicitud.objects.values("actividad_actual", "estado")
            .annotate(n=Count("pk"))
            .order_by("estado", "actividad_actual")
        )
        etiquetas = dict(Solicitud._meta.get_field("estado").choices)
        for fila in cuenta:
            self.stdout.write(
                f"  actividad {fila['actividad_actual']}, "
                f"{etiquetas[fila['estado']].lower()}: {fila['n']}"
            )
