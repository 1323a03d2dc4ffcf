"""The outcomes report in part 12 (``bench/informes.py``): the bulk rows it reads
and the bare query it is measured against.

``insertar_rapido`` writes no sessions, no Acuerdo and no archive, so without
``resultados_en_bloque`` the report would aggregate nothing. It turns two cases
in three of those waiting in activity 6 into archived advice, as the services
would leave the rows the report reads: a session held the day after filing, the
activity 5 completion's ``datos`` with the Acuerdo (dated three days before that
completion) for half of them and without one for the others, an
``archivada`` event and the case's state. The newest Acuerdo of each
municipality then goes to its plan of record through
``planes.services.acuerdo_del_expediente_registrar``, the archive's own path.
"""

from __future__ import annotations

import datetime


def resultados_en_bloque(admin, ya: set[int]) -> int:
    """Archive with their outcome the cases of activity 6 not done yet (two in
    three); returns how many."""
    from django.db import transaction
    from django.utils import timezone

    from expedientes.models import EventoSolicitud, SesionAsesoria, Solicitud
    from planes.services import acuerdo_del_expediente_registrar

    casos = {
        c.pk: c
        for c in Solicitud.objects.filter(actividad_actual=6, estado="en_tramite")
        .exclude(pk__in=ya)
        .select_related("municipio")
        if c.pk % 3
    }
    completadas = EventoSolicitud.objects.filter(
        solicitud_id__in=casos, tipo="completada", actividad=5
    )
    nuevas, archivos, ultimos = [], [], {}
    with transaction.atomic():
        cambiados = []
        for evento in completadas:
            caso = casos[evento.solicitud_id]
            dia = timezone.localdate(evento.fecha)
            con_acuerdo = caso.pk % 3 == 1
            fecha = max(
                dia - datetime.timedelta(days=3), timezone.localdate(caso.radicada_en)
            )
            evento.datos = {
                "acuerdo_numero": f"{caso.pk % 97:03d}" if con_acuerdo else "",
                "acuerdo_fecha": fecha.isoformat() if con_acuerdo else None,
                "acuerdo_tipo_plan": "",
                "sin_acuerdo_motivo": "" if con_acuerdo else "En estudio del Concejo.",
                "sesiones": 1,
            }
            cambiados.append(evento)
            nuevas.append(
                SesionAsesoria(
                    solicitud_id=caso.pk,
                    numero=1,
                    fecha=caso.radicada_en + datetime.timedelta(days=1),
                    modalidad="virtual",
                    lugar="Reunión virtual",
                    temas="Diagnóstico",
                    registrada_por=admin,
                    registrada_en=caso.radicada_en + datetime.timedelta(days=1),
                )
            )
            archivos.append(
                EventoSolicitud(
                    solicitud_id=caso.pk,
                    tipo="archivada",
                    actividad=6,
                    nombre="Archivar",
                    fecha=evento.fecha + datetime.timedelta(days=1),
                    actor=admin,
                    texto_publico="Expediente archivado.",
                    datos={},
                )
            )
            if con_acuerdo:
                anterior = ultimos.get(caso.municipio_id)
                if anterior is None or anterior[1] < fecha:
                    ultimos[caso.municipio_id] = (caso, fecha, evento.datos)
        EventoSolicitud.objects.bulk_update(cambiados, ["datos"], batch_size=2000)
        SesionAsesoria.objects.bulk_create(nuevas, batch_size=2000)
        EventoSolicitud.objects.bulk_create(archivos, batch_size=2000)
        hechos = [e.solicitud_id for e in cambiados]
        Solicitud.objects.filter(pk__in=hechos).update(
            estado="archivada", grupo_actual="", asignada_a=None
        )
    for caso, fecha, datos in ultimos.values():
        acuerdo_del_expediente_registrar(
            municipio=caso.municipio,
            numero=datos["acuerdo_numero"],
            fecha=fecha,
            tipo_plan=caso.plan_vigente,
            radicado=caso.radicado,
            actor=admin,
        )
    ya.update(casos)
    return len(hechos)


def sql_base(vendor: str) -> str:
    """The bare form of ``informes.resultados``: archived cases joined to the
    event with the Acuerdo and to their sessions (no correlated subqueries, no
    business days, no plan of record), calendar days from the first session to
    the Acuerdo by municipality."""
    if vendor == "postgresql":
        adopcion = "CAST(e.datos ->> 'acuerdo_fecha' AS date)"
        dias = f"{adopcion} - CAST(MIN(ss.fecha) AS date)"
        tiene = "e.datos ? 'acuerdo_numero'"
        agregado = (
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY dias), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY dias)"
        )
    else:
        adopcion = "json_extract(e.datos, '$.acuerdo_fecha')"
        dias = f"julianday({adopcion}) - julianday(MIN(ss.fecha))"
        tiene = "json_extract(e.datos, '$.acuerdo_numero') IS NOT NULL"
        agregado = "AVG(dias), MAX(dias)"
    return (
        f"SELECT municipio_id, COUNT(*), COUNT(dias), {agregado} FROM ("  # noqa: S608
        f"SELECT s.municipio_id, e.id, {dias} AS dias "
        "FROM expedientes_solicitud s "
        "JOIN expedientes_eventosolicitud e ON e.solicitud_id = s.id "
        f"AND e.tipo = 'completada' AND {tiene} "
        "LEFT JOIN expedientes_sesionasesoria ss ON ss.solicitud_id = s.id "
        "WHERE s.estado = 'archivada' GROUP BY s.municipio_id, e.id, e.datos"
        ") t GROUP BY municipio_id"
    )


def base():
    """The bare query as a callable."""
    from django.db import connection

    def correr():
        with connection.cursor() as cursor:
            cursor.execute(sql_base(connection.vendor))
            return cursor.fetchall()

    return correr
