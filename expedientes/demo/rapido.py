"""``generar_casos --rapido`` and the bench (``bench/casos.py``): 100,000 cases as
consistent rows in bulk, about a minute, instead of through the services.

The cases are drawn as ``generar_casos`` draws them (``azar.casos_al_azar``);
``_Filas`` computes the state the services would leave for each and
``insertar_rapido`` writes the rows (what it skips is in its docstring).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace

from django.db import transaction

from procedimientos.constants import TipoActividad

from ..codigos import formatear_radicado, formatear_registro
from ..constants import Canal, EstadoSolicitud, TipoEvento
from ..models import Contador, EventoSolicitud, Municipio, Solicitud
from ..permisos import grupo_de
from ..plazos import dias_habiles_entre, mover, sumar_dias_habiles
from ..selectors import contenido_de_version, version_vigente
from ..services.base import recalcular_vencimiento
from .azar import PASO_DE_ACTIVIDAD, casos_al_azar
from .pasos import CasoDemo, datos_solicitud
from .personal import CLAVE_DE_GRUPO, cuenta_municipal, personal_asegurar
from .reloj import Calendario, Relojero

TEXTO_COMPLETADA = {
    2: "Solicitud recibida en el despacho y registrada.",
    3: "Alcance de la asesoría definido. Se expidió el oficio de respuesta.",
    4: "Equipo de trabajo interinstitucional conformado; se expidió el acta de "
    "compromiso.",
    5: "Asesoría terminada; el plan aún no ha sido adoptado.",
}


def insertar_rapido(
    n: int,
    *,
    semilla: int | None = None,
    lote: int = 5000,
    avance: Callable[[int], None] | None = None,
) -> int:
    """``n`` cases as rows in bulk, for very large ``n`` (``generar_casos --rapido``,
    the bench: 100,000 in about a minute). Returns how many were inserted.

    Each case gets what the listing, the filters and the inboxes read, as the
    services would leave it: the request with its cached state (activity, state,
    group, assignee, deadlines in días hábiles, ``vence_el`` by the services' own
    ``recalcular_vencimiento``), gapless radicado and registry numbers (the
    counters move on, so later filings continue the series), and one history
    event per filing, completion, suspension, resumption, rejection or
    withdrawal, dated as it happened. It skips what only the case page and the
    records need: no files or issued records (``Documento``), no e-mails
    (``Notificacion``), no sessions, no audit-log entries, no step-backs or
    extensions, and each case's access code is thrown away (nobody can look
    them up in /consulta/). Rows are written with ``executemany`` (SQLite) or
    ``COPY`` (PostgreSQL), in one transaction.
    """
    rng = random.Random(semilla)  # noqa: S311 - load data, not secrets
    personal = personal_asegurar(con_clave=False)
    version = _version()
    municipios = list(Municipio.objects.order_by("codigo_divipola"))
    cuentas = {m.codigo_divipola: cuenta_municipal(m) for m in municipios}
    casos = casos_al_azar(n, rng)
    escritos = _escribir(
        casos,
        personal=personal,
        version=version,
        municipios=municipios,
        cuentas=cuentas,
        rng=rng,
        lote=lote,
        avance=avance,
    )
    return len(escritos)


def insertar_casos(planes: list[CasoDemo], *, semilla: int = 0) -> list[int]:
    """A few cases given by their plan, as the same consistent rows
    ``insertar_rapido`` writes (the factories of tests/factories.py stand on
    this). Returns their primary keys, in the order of ``planes``."""
    rng = random.Random(semilla)  # noqa: S311 - test data, not secrets
    version = _version()
    codigos = {plan.municipio for plan in planes}
    municipios = list(Municipio.objects.filter(codigo_divipola__in=codigos))
    cuentas = {
        m.codigo_divipola: cuenta_municipal(m)
        for m in municipios
        if any(p.por_municipio and p.municipio == m.codigo_divipola for p in planes)
    }
    return _escribir(
        planes,
        personal=personal_asegurar(con_clave=False),
        version=version,
        municipios=municipios,
        cuentas=cuentas,
        rng=rng,
        lote=len(planes) or 1,
    )


def _version():
    version = version_vigente()
    if version is None:
        raise RuntimeError("No hay una versión vigente del procedimiento.")
    return version


def _escribir(
    casos: list[CasoDemo],
    *,
    personal,
    version,
    municipios,
    cuentas,
    rng,
    lote: int,
    avance: Callable[[int], None] | None = None,
) -> list[int]:
    """Write the rows of ``casos`` in one transaction; their primary keys."""
    filas = _Filas(
        version=version,
        personal=personal,
        cuentas=cuentas,
        municipios={m.codigo_divipola: m for m in municipios},
        rng=rng,
    )
    escritos: list[int] = []
    with transaction.atomic():
        numeros = _Numerador()
        for inicio in range(0, len(casos), lote):
            parte = casos[inicio : inicio + lote]
            ids = _ids_nuevos(Solicitud, len(parte))
            solicitudes, eventos = [], []
            for pk, caso in zip(ids, parte, strict=True):
                solicitud, suyos = filas.caso(pk, caso, numeros)
                solicitudes.append(solicitud)
                eventos.extend(suyos)
            _insertar(Solicitud, solicitudes)
            _insertar(EventoSolicitud, eventos)
            escritos.extend(ids)
            if avance:
                avance(len(parte))
        numeros.guardar()
    return escritos


def _ids_nuevos(modelo, cuantos: int) -> list[int]:
    """Primary keys for rows inserted with their id (events point at them)."""
    from django.db import connection

    tabla = modelo._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [tabla, cuantos],
            )
            return [fila[0] for fila in cursor.fetchall()]
        # SQLite: the transaction holds the database's write lock already (the
        # counters were written), so nobody else takes these ids.
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{tabla}"')  # noqa: S608
        ultimo = cursor.fetchone()[0]
    return list(range(ultimo + 1, ultimo + 1 + cuantos))


def _insertar(modelo, filas: list[dict]) -> None:
    """Insert rows given as {column: value}, values already in database form."""
    from django.db import connection

    if not filas:
        return
    columnas = list(filas[0])
    tabla = connection.ops.quote_name(modelo._meta.db_table)
    nombres = ", ".join(connection.ops.quote_name(c) for c in columnas)
    valores = [tuple(fila[c] for c in columnas) for fila in filas]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {tabla} ({nombres}) FROM STDIN") as copia:
                for fila in valores:
                    copia.write_row(fila)
        else:
            marcas = ", ".join(["%s"] * len(columnas))
            cursor.executemany(
                f"INSERT INTO {tabla} ({nombres}) VALUES ({marcas})",  # noqa: S608
                valores,
            )


class _Numerador:
    """Radicado and registry numbers taken in bulk: the year's counters locked
    for the whole insert and moved on at the end, so later filings go on from
    there without a gap."""

    def __init__(self):
        self.ultimos: dict[tuple[str, int], int] = {}

    def siguiente(self, serie: str, anio: int) -> int:
        clave = (serie, anio)
        if clave not in self.ultimos:
            contador, _creado = Contador.objects.select_for_update().get_or_create(
                serie=serie, anio=anio
            )
            self.ultimos[clave] = contador.ultimo
        self.ultimos[clave] += 1
        return self.ultimos[clave]

    def guardar(self) -> None:
        for (serie, anio), ultimo in self.ultimos.items():
            Contador.objects.filter(serie=serie, anio=anio).update(ultimo=ultimo)


def _utc_sqlite(momento: datetime.datetime | None) -> str | None:
    if momento is None:
        return None
    return str(momento.astimezone(datetime.UTC).replace(tzinfo=None))


class _Estado(SimpleNamespace):
    """A case's cached state while its rows are built: the attributes
    ``recalcular_vencimiento`` reads and writes, and the rest of the row."""


class _Filas:
    """The rows of one case: the state the services would leave, computed as
    ``Transicion.pasar_a`` and ``acciones._reanudar`` do, with the business-day
    sums memoised (100,000 cases share a few hundred dates)."""

    def __init__(self, *, version, personal, cuentas, municipios, rng):
        from django.conf import settings
        from django.db import connection

        self.version = version
        self.actividades = {
            a.numero: a for a in contenido_de_version(version).actividades
        }
        self.numeros = sorted(self.actividades)
        self.personal = personal
        self.cuentas = cuentas
        self.municipios = municipios
        self.calendario = Calendario()
        self.rng = rng
        self.dias_respuesta = settings.EXPEDIENTES_DIAS_RESPUESTA
        self.fecha_bd = connection.ops.adapt_datefield_value
        self.momento_bd = connection.ops.adapt_datetimefield_value
        if connection.vendor == "sqlite" and connection.timezone == datetime.UTC:
            # What that adapter does (naive UTC as text), without its per-value
            # settings lookups: a sixth of the time of 100,000 cases.
            self.momento_bd = _utc_sqlite
        self._sumas: dict[tuple[datetime.date, int], datetime.date] = {}
        archivo = next(
            (a for a in self.actividades.values() if a.tipo == TipoActividad.ARCHIVO),
            None,
        )
        self.grupo_archivo = grupo_de(archivo) if archivo else ""

    def sumar(self, desde: datetime.date, dias: int) -> datetime.date:
        clave = (desde, dias)
        if clave not in self._sumas:
            self._sumas[clave] = sumar_dias_habiles(desde, dias)
        return self._sumas[clave]

    def siguiente(self, numero: int) -> int | None:
        return next((n for n in self.numeros if n > numero), None)

    def pasar_a(self, caso: _Estado, numero: int, ahora: datetime.datetime) -> None:
        actividad = self.actividades[numero]
        caso.actividad_actual = numero
        caso.actividad_desde = ahora
        caso.fecha_limite_actividad = (
            self.sumar(ahora.date(), actividad.plazo_dias)
            if actividad.plazo_dias
            else None
        )
        caso.asignada_a_id = None
        caso.grupo_actual = grupo_de(actividad)

    def caso(
        self, pk: int, plan: CasoDemo, numeros: _Numerador
    ) -> tuple[dict, list[dict]]:
        municipio = self.municipios[plan.municipio]
        relojero = Relojero(self.calendario, self.rng)
        radicada_en = relojero.momento(plan.radicada)
        hoy = radicada_en.date()  # moments are local (Calendario.zona)
        consecutivo = numeros.siguiente(Contador.Serie.RADICADO, hoy.year)
        radicado = formatear_radicado(hoy.year, consecutivo)
        actor = (
            self.cuentas[plan.municipio]
            if plan.por_municipio
            else self.personal["ventanilla"]
        )
        caso = _Estado(
            actividad_actual=1,
            estado=EstadoSolicitud.EN_TRAMITE,
            fecha_limite=self.sumar(hoy, self.dias_respuesta),
            respondida_en=None,
            suspendida_desde=None,
            numero_registro="",
            asignada_a_id=None,
            grupo_actual="",
            actividad_desde=None,
            fecha_limite_actividad=None,
        )
        eventos: list[dict] = []

        def evento(tipo, texto, ahora, actor_id, hacia=None):
            eventos.append(
                {
                    "solicitud_id": pk,
                    "tipo": tipo,
                    "actividad": caso.actividad_actual,
                    "nombre": self.actividades[caso.actividad_actual].nombre,
                    "hacia": hacia,
                    "fecha": self.momento_bd(ahora),
                    "actor_id": actor_id,
                    "motivo": "",
                    "texto_publico": texto,
                    "datos": "{}",
                }
            )

        siguiente = self.siguiente(1)
        evento(
            TipoEvento.COMPLETADA,
            f"Solicitud radicada con el número {radicado}.",
            radicada_en,
            actor.pk,
            siguiente,
        )
        self.pasar_a(caso, siguiente, radicada_en)
        for paso in plan.pasos:
            if paso.accion in ("sesion", "prorrogar", "devolver"):
                continue  # not in bulk rows (see insertar_rapido)
            actual = caso.actividad_actual
            if paso.accion in PASO_DE_ACTIVIDAD.values() and (
                PASO_DE_ACTIVIDAD.get(actual) != paso.accion
            ):
                continue  # the scope redone after a step-back, skipped with it
            ahora = relojero.momento(paso.dia)
            quien = self.personal[CLAVE_DE_GRUPO[caso.grupo_actual]].pk
            if paso.accion == "suspender":
                caso.estado = EstadoSolicitud.SUSPENDIDA
                caso.suspendida_desde = ahora.date()
                evento(
                    TipoEvento.SUSPENDIDA,
                    "Suspendida a la espera del municipio.",
                    ahora,
                    quien,
                )
            elif paso.accion == "reanudar":
                hoy_paso = ahora.date()
                dias = max(0, dias_habiles_entre(caso.suspendida_desde, hoy_paso))
                if caso.respondida_en is None:
                    caso.fecha_limite = mover(caso.fecha_limite, dias)
                caso.fecha_limite_actividad = mover(caso.fecha_limite_actividad, dias)
                caso.estado = EstadoSolicitud.EN_TRAMITE
                caso.suspendida_desde = None
                evento(
                    TipoEvento.REANUDADA,
                    f"Trámite reanudado; los plazos se corrieron {dias} días hábiles.",
                    ahora,
                    quien,
                )
            elif paso.accion in ("rechazar", "desistir"):
                if paso.accion == "rechazar":
                    caso.estado = EstadoSolicitud.RECHAZADA
                    caso.respondida_en = caso.respondida_en or ahora
                    evento(TipoEvento.RECHAZADA, "Solicitud rechazada.", ahora, quien)
                else:
                    caso.estado = EstadoSolicitud.DESISTIDA
                    evento(
                        TipoEvento.DESISTIDA,
                        "El municipio desistió de la solicitud.",
                        ahora,
                        actor.pk if plan.por_municipio else quien,
                    )
                caso.grupo_actual = self.grupo_archivo
                caso.asignada_a_id = None
            else:
                if actual == 2:
                    anio = ahora.year
                    caso.numero_registro = formatear_registro(
                        anio, numeros.siguiente(Contador.Serie.REGISTRO, anio)
                    )
                if actual == 3 and caso.respondida_en is None:
                    caso.respondida_en = ahora
                siguiente = self.siguiente(actual)
                evento(
                    TipoEvento.COMPLETADA,
                    TEXTO_COMPLETADA[actual],
                    ahora,
                    quien,
                    siguiente,
                )
                self.pasar_a(caso, siguiente, ahora)
                if actual == 2:  # routed to the Secretario, as the demo does
                    caso.asignada_a_id = self.personal["secretario"].pk
        recalcular_vencimiento(caso)
        datos = datos_solicitud(plan, municipio)
        fila = {
            "id": pk,
            "radicado": radicado,
            "anio": hoy.year,
            "consecutivo": consecutivo,
            "municipio_id": municipio.pk,
            "version_procedimiento_id": self.version.pk,
            "canal": Canal.ELECTRONICO if plan.por_municipio else Canal.VENTANILLA,
            "radicada_por_id": actor.pk,
            **vars(datos),
            "radicada_en": self.momento_bd(radicada_en),
            "aceptacion_tratamiento_datos": self.momento_bd(radicada_en),
            "codigo_acceso_hash": "",
            "clave_envio": None,
            "dias_prorrogados": 0,
        }
        for campo in (
            "actividad_actual",
            "estado",
            "numero_registro",
            "asignada_a_id",
            "grupo_actual",
        ):
            fila[campo] = getattr(caso, campo)
        for campo in (
            "fecha_limite",
            "fecha_limite_actividad",
            "suspendida_desde",
            "vence_el",
        ):
            fila[campo] = self.fecha_bd(getattr(caso, campo))
        for campo in ("respondida_en", "actividad_desde"):
            fila[campo] = self.momento_bd(getattr(caso, campo))
        return fila, eventos
