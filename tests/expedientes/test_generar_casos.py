"""``manage.py generar_casos N``: through the services, and in bulk (--rapido)."""

import io
import random

import pytest

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from expedientes.constants import EstadoSolicitud, TipoEvento
from expedientes.demo import (
    DESTINOS,
    Calendario,
    caso_crear,
    casos_al_azar,
    cuenta_municipal,
    personal_asegurar,
)
from expedientes.demo.rapido import _Filas, _Numerador
from expedientes.models import Contador, EventoSolicitud, Notificacion, Solicitud
from expedientes.permisos import grupo_de
from expedientes.selectors import actividad_de
from expedientes.services.base import recalcular_vencimiento

pytestmark = pytest.mark.django_db

FECHAS = ("fecha_limite", "fecha_limite_actividad", "vence_el", "suspendida_desde")
#: Steps bulk rows skip (sessions, extensions, step-backs) or that need a session.
NO_EN_BLOQUE = {"sesion", "prorrogar", "devolver", "apoyo"}


def _coherente(solicitud: Solicitud) -> None:
    """The cached state is what the services would cache."""
    eventos = list(solicitud.eventos.order_by("pk"))
    assert eventos[0].tipo == TipoEvento.COMPLETADA and eventos[0].actividad == 1
    assert eventos[0].fecha == solicitud.radicada_en
    fechas = [e.fecha for e in eventos]
    assert fechas == sorted(fechas)
    assert fechas[-1] < timezone.now()
    vence_el = solicitud.vence_el
    recalcular_vencimiento(solicitud)
    assert solicitud.vence_el == vence_el
    if solicitud.estado in (EstadoSolicitud.EN_TRAMITE, EstadoSolicitud.SUSPENDIDA):
        actividad = actividad_de(solicitud, solicitud.actividad_actual)
        assert solicitud.grupo_actual == grupo_de(actividad)
    else:
        assert solicitud.grupo_actual == "Seguimiento y evaluación"
    assert (solicitud.actividad_actual > 2) == bool(solicitud.numero_registro)


def test_por_los_servicios(version_vigente, municipios):
    salida = io.StringIO()
    call_command("generar_casos", "12", "--semilla", "7", stdout=salida)
    assert "12 solicitudes generadas" in salida.getvalue()
    solicitudes = list(Solicitud.objects.select_related("version_procedimiento"))
    assert len(solicitudes) == 12
    for solicitud in solicitudes:
        _coherente(solicitud)
    assert len({s.actividad_actual for s in solicitudes}) >= 3
    # Realistic: records' snapshots and e-mails, as the services issue them.
    assert Notificacion.objects.count() >= 24
    assert {s.municipio_id for s in solicitudes} != {solicitudes[0].municipio_id}
    # Radicado numbers follow filing dates, gapless.
    por_numero = sorted(solicitudes, key=lambda s: s.consecutivo)
    assert [s.consecutivo for s in por_numero] == list(range(1, 13))
    fechas = [s.radicada_en for s in por_numero]
    assert fechas == sorted(fechas)


def test_rapido_filas_coherentes_en_cada_actividad_y_estado(
    version_vigente, municipios
):
    salida = io.StringIO()
    call_command("generar_casos", "400", "--rapido", "--semilla", "3", stdout=salida)
    assert "400 solicitudes generadas" in salida.getvalue()
    combinaciones = set(
        Solicitud.objects.values_list("actividad_actual", "estado").distinct()
    )
    assert {(a, e) for a, e, _peso in DESTINOS} <= combinaciones
    for solicitud in Solicitud.objects.select_related("version_procedimiento")[:150]:
        _coherente(solicitud)
    # Gapless numbers and the counters moved on: the next filing goes on.
    anios = Solicitud.objects.values("anio").annotate(n=Count("pk"))
    for fila in anios:
        numeros = sorted(
            Solicitud.objects.filter(anio=fila["anio"]).values_list(
                "consecutivo", flat=True
            )
        )
        assert numeros == list(range(1, fila["n"] + 1))
        contador = Contador.objects.get(serie="radicado", anio=fila["anio"])
        assert contador.ultimo == fila["n"]
    assert not EventoSolicitud.objects.filter(solicitud=None).exists()


def test_rapido_deja_el_estado_que_dejan_los_servicios(version_vigente, municipios):
    """The same plan, by the services and as bulk rows: the same cached state
    (plans with sessions, extensions or step-backs differ only in what bulk rows
    skip, so they are left out)."""
    personal = personal_asegurar(con_clave=False)
    calendario = Calendario()
    planes = [
        p
        for p in casos_al_azar(60, random.Random(11))  # noqa: S311
        if not {"sesion", "prorrogar", "devolver", "apoyo"}
        & {x.accion for x in p.pasos}
    ][:8]
    assert len(planes) >= 5
    filas = _Filas(
        version=version_vigente,
        personal=personal,
        cuentas={m.codigo_divipola: cuenta_municipal(m) for m in municipios},
        municipios={m.codigo_divipola: m for m in municipios},
        rng=random.Random(1),  # noqa: S311
    )
    campos = ("actividad_actual", "estado", "grupo_actual", *FECHAS)
    for plan in planes:
        solicitud, _codigo = caso_crear(plan, personal, calendario=calendario)
        fila, eventos = filas.caso(10_000, plan, _Numerador())
        por_servicios = {c: getattr(solicitud, c) for c in campos}
        en_bloque = {c: fila[c] for c in campos}
        # Bulk rows hold dates as the database takes them: ISO strings for
        # SQLite, dates for PostgreSQL. Compare them as ISO text.
        for valores in (por_servicios, en_bloque):
            for c in FECHAS:
                valores[c] = None if valores[c] is None else str(valores[c])
        assert en_bloque == por_servicios, plan
        assert [e["tipo"] for e in eventos] == list(
            solicitud.eventos.order_by("pk").values_list("tipo", flat=True)
        )


def test_la_barra_de_avance():
    from expedientes.management.commands.generar_casos import Barra

    salida = io.StringIO()
    barra = Barra(4, salida, siempre=True)
    barra(1)
    barra(3)
    texto = salida.getvalue()
    assert "4/4" in texto and "#" * Barra.ANCHO in texto and texto.endswith("\n")
    # Not a terminal and not asked for: nothing written (logs, CI).
    callada = io.StringIO()
    Barra(4, callada)(4)
    assert callada.getvalue() == ""
