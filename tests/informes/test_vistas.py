"""The SQL views of the stays and totals (``informes.vistas``) against the
definition computed in Python from the history, event by event, with
``expedientes.plazos.dias_habiles_entre`` (not the calendar table): on
tests/informes/casos.py's set plus a stay across a holiday, an extension and a
rejected case archived afterwards."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from django.db import connection

from expedientes.constants import TipoEvento
from expedientes.models import EventoSolicitud, Solicitud
from expedientes.plazos import dias_habiles_entre, es_dia_habil
from informes import tiempos, vistas
from informes.models import TiempoTotal, Tramo
from tests.informes.casos import caso, conjunto

BOGOTA = ZoneInfo("America/Bogota")


def _dia(momento: datetime.datetime) -> datetime.date:
    return momento.astimezone(BOGOTA).date()


def _suspendidos(eventos, desde, hasta) -> int:
    """Business days suspended between ``desde`` and ``hasta`` (datetimes, both
    included), as seen from ``hasta``: each suspension counts up to the next
    resumption or to ``hasta``."""
    total = 0
    for e in eventos:
        if (desde is not None and e.fecha < desde) or e.fecha > hasta:
            continue
        resto = dias_habiles_entre(_dia(e.fecha), _dia(hasta))
        if e.tipo == TipoEvento.SUSPENDIDA:
            total += resto
        elif e.tipo == TipoEvento.REANUDADA:
            total -= resto
    return total


def tramos_a_mano(solicitud: Solicitud) -> dict[int, tuple]:
    """``{event pk: (actividad, dias, suspendida, prorrogada, dias_prorroga)}``."""
    eventos = list(solicitud.eventos.order_by("fecha", "pk"))
    salida = {}
    for i, fin in enumerate(eventos):
        if fin.tipo not in tiempos.SALIDAS:
            continue
        if fin.tipo == TipoEvento.ARCHIVADA and any(
            e.tipo in (TipoEvento.RECHAZADA, TipoEvento.DESISTIDA)
            and e.fecha <= fin.fecha
            for e in eventos
        ):
            continue
        entradas = [e for e in eventos[:i] if e.hacia is not None]
        if not entradas:
            continue
        inicio = entradas[-1].fecha
        dentro = [e for e in eventos if inicio <= e.fecha <= fin.fecha]
        prorrogas = [e for e in dentro if e.tipo == TipoEvento.PRORROGADA]
        salida[fin.pk] = (
            fin.actividad,
            dias_habiles_entre(_dia(inicio), _dia(fin.fecha))
            - _suspendidos(eventos, inicio, fin.fecha),
            any(e.tipo == TipoEvento.SUSPENDIDA for e in dentro),
            bool(prorrogas),
            sum(e.datos.get("dias", 0) for e in prorrogas),
        )
    return salida


def total_a_mano(solicitud: Solicitud) -> int | None:
    eventos = list(solicitud.eventos.order_by("fecha", "pk"))
    cierres = [e for e in eventos if e.tipo in tiempos.CIERRES]
    if not cierres:
        return None
    cierre = cierres[0].fecha
    return dias_habiles_entre(_dia(solicitud.radicada_en), _dia(cierre)) - _suspendidos(
        eventos, None, cierre
    )


def _mover(evento: EventoSolicitud, dia: datetime.date, hora: int = 10) -> None:
    momento = datetime.datetime.combine(dia, datetime.time(hora), tzinfo=BOGOTA)
    EventoSolicitud.objects.filter(pk=evento.pk).update(fecha=momento)


@pytest.fixture
def casos(personal):
    casos = conjunto()
    # E: filed on Thursday 19 March 2026, registered on Friday 20, its scope
    # defined on Tuesday 31; in activity 3 it was suspended on Tuesday 24,
    # extended by 3 days on the 25th and resumed on Thursday 26. San José
    # (Monday 23) is a holiday.
    e = caso("68679", -6, (-5, "registrar"), (-4, "suspender"), (-3, "reanudar"))
    assert not es_dia_habil(datetime.date(2026, 3, 23))
    eventos = {ev.tipo: ev for ev in e.eventos.all()}
    Solicitud.objects.filter(pk=e.pk).update(
        radicada_en=datetime.datetime(2026, 3, 19, 9, tzinfo=BOGOTA)
    )
    registro = e.eventos.get(tipo=TipoEvento.COMPLETADA, actividad=1)
    _mover(registro, datetime.date(2026, 3, 19), 9)
    _mover(
        e.eventos.get(tipo=TipoEvento.COMPLETADA, actividad=2),
        datetime.date(2026, 3, 20),
    )
    _mover(eventos[TipoEvento.SUSPENDIDA], datetime.date(2026, 3, 24), 11)
    _mover(eventos[TipoEvento.REANUDADA], datetime.date(2026, 3, 26), 11)
    fin = EventoSolicitud.objects.create(
        solicitud=e,
        tipo=TipoEvento.COMPLETADA,
        actividad=3,
        hacia=4,
        nombre="Alcance",
        fecha=datetime.datetime(2026, 3, 31, 10, tzinfo=BOGOTA),
        actor=registro.actor,
    )
    EventoSolicitud.objects.create(
        solicitud=e,
        tipo=TipoEvento.PRORROGADA,
        actividad=3,
        nombre="Alcance",
        fecha=datetime.datetime(2026, 3, 25, 10, tzinfo=BOGOTA),
        actor=registro.actor,
        datos={"dias": 3},
    )
    # C, rejected, is archived afterwards: the archive ends no stay.
    c = casos["C"]
    rechazo = c.eventos.get(tipo=TipoEvento.RECHAZADA)
    EventoSolicitud.objects.create(
        solicitud=c,
        tipo=TipoEvento.ARCHIVADA,
        actividad=rechazo.actividad,
        nombre="Archivo",
        fecha=rechazo.fecha + datetime.timedelta(days=1),
        actor=rechazo.actor,
    )
    return {**casos, "E": e, "fin_e": fin}


def test_las_filas_de_la_vista_son_las_de_la_definicion(casos):
    esperadas, totales = {}, {}
    for solicitud in Solicitud.objects.all():
        esperadas.update(tramos_a_mano(solicitud))
        if (total := total_a_mano(solicitud)) is not None:
            totales[solicitud.pk] = total
    filas = {
        t.evento_id: (t.actividad, t.dias, t.suspendida, t.prorrogada, t.dias_prorroga)
        for t in Tramo.objects.all()
    }
    assert filas == esperadas
    assert dict(TiempoTotal.objects.values_list("solicitud_id", "dias")) == totales
    # By hand: E's activity 2, the 19th to the 20th, 1 business day; its
    # activity 3, the 20th to the 31st: 24, 25, 26, 27, 30, 31 (the 23rd is a
    # holiday), 6 business days less 2 suspended (the 25th and 26th).
    e = casos["E"]
    assert filas[casos["fin_e"].pk] == (3, 6 - 2, True, True, 3)
    dos = e.eventos.get(tipo=TipoEvento.COMPLETADA, actividad=2)
    assert filas[dos.pk] == (2, 1, False, False, 0)
    # C's archive is no stay; its total is 11 (tests/informes/casos.py).
    assert not Tramo.objects.filter(solicitud=casos["C"], tipo="archivada").exists()
    assert totales[casos["C"].pk] == 11


def test_las_vistas_se_recrean_y_se_borran(casos):
    antes = sorted(Tramo.objects.values_list("evento_id", "dias"))
    vistas.al_empezar_migracion(None, plan=[])  # nothing applied: untouched
    assert Tramo.objects.count() == len(antes)
    vistas.vistas_borrar()
    assert "informes_tramo" not in connection.introspection.table_names(
        include_views=True
    )
    vistas.al_terminar_migracion(None, plan=[])
    assert "informes_tramo" not in connection.introspection.table_names(
        include_views=True
    )
    vistas.al_terminar_migracion(None, plan=[("informes", "0002", False)])
    assert sorted(Tramo.objects.values_list("evento_id", "dias")) == antes
    assert TiempoTotal.objects.exists()


def test_sql_de_los_dos_motores():
    for vendor in ("postgresql", "sqlite"):
        tramo, total = vistas.sql_crear(vendor)
        assert tramo.startswith("CREATE VIEW informes_tramo")
        assert total.startswith("CREATE VIEW informes_tiempototal")
    # Bogotá has kept -05:00 since 1993: SQLite shifts the UTC text by it and
    # PostgreSQL converts at that offset instead of looking the zone up.
    assert "AT TIME ZONE INTERVAL '-05:00'" in vistas.sql_crear("postgresql")[0]
    assert "'-300 minutes'" in vistas.sql_crear("sqlite")[0]
    with pytest.raises(ValueError):
        vistas.sql_crear("mysql")


def test_sql_de_una_zona_con_horario_de_verano(settings):
    """A zone whose offset changed within the calendar's range is looked up by
    name (PostgreSQL) or by Django's function (SQLite), never a fixed offset."""
    settings.TIME_ZONE = "Europe/Madrid"
    assert "AT TIME ZONE 'Europe/Madrid'" in vistas.sql_crear("postgresql")[0]
    assert "INTERVAL" not in vistas.sql_crear("postgresql")[0]
    assert "django_datetime_cast_date" in vistas.sql_crear("sqlite")[0]


@pytest.mark.django_db
def test_fecha_local_cerca_de_medianoche():
    """The views' Bogotá date of a timestamp on this engine: 04:30 UTC on 1
    March is 23:30 on 29 February in Bogotá, 05:00 UTC is midnight of 1 March."""
    columna = (
        "CAST(%s AS timestamp with time zone)"
        if connection.vendor == "postgresql"
        else "%s"
    )
    expresion = vistas._fecha_local(connection.vendor, columna)
    for texto, esperado in (
        ("2024-03-01 04:30:00", datetime.date(2024, 2, 29)),
        ("2024-03-01 05:00:00", datetime.date(2024, 3, 1)),
    ):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {expresion}", [texto + "+00:00"])
            valor = cursor.fetchone()[0]
        assert str(valor) == esperado.isoformat()


def test_eventos_del_mismo_instante(personal):
    """Events at the same instant count as the definition says whatever their
    ids: a suspension written after the completion it shares a timestamp with
    is inside the stay (from that instant to its end, 0 days), and an archive
    written before a rejection of the same instant still ends no stay."""
    f = caso("68001", -10, (-8, "registrar"), (-4, "alcance"))
    fin = f.eventos.get(tipo=TipoEvento.COMPLETADA, actividad=3)
    EventoSolicitud.objects.create(
        solicitud=f,
        tipo=TipoEvento.SUSPENDIDA,
        actividad=3,
        nombre="Alcance",
        fecha=fin.fecha,
        actor=fin.actor,
    )
    g = caso("68307", -10, (-8, "registrar"))
    registro = g.eventos.get(tipo=TipoEvento.COMPLETADA, actividad=2)
    cuando = registro.fecha + datetime.timedelta(days=2)
    archivo = EventoSolicitud.objects.create(
        solicitud=g,
        tipo=TipoEvento.ARCHIVADA,
        actividad=3,
        nombre="Archivo",
        fecha=cuando,
        actor=registro.actor,
    )
    EventoSolicitud.objects.create(
        solicitud=g,
        tipo=TipoEvento.RECHAZADA,
        actividad=3,
        nombre="Alcance",
        fecha=cuando,
        actor=registro.actor,
    )
    filas = {
        t.evento_id: (t.actividad, t.dias, t.suspendida, t.prorrogada, t.dias_prorroga)
        for t in Tramo.objects.all()
    }
    assert filas == {**tramos_a_mano(f), **tramos_a_mano(g)}
    assert filas[fin.pk] == (3, 4, True, False, 0)
    assert archivo.pk not in filas
