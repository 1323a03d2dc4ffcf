"""/healthz: ok / degradado / caido for everyone, the details for monitoring only."""

import datetime
from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

URL = "/healthz"
CLAVE = "clave-de-monitoreo-de-prueba"


@pytest.fixture
def cola_en_bd(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SALUD_CLAVE = CLAVE


def monitoreo(**extra) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {CLAVE}", **extra)


def test_responde_desde_la_base_de_datos(client, db):
    respuesta = client.get(URL)
    assert respuesta.status_code == 200
    assert respuesta.json() == {"estado": "ok"}
    assert "no-store" in respuesta["Cache-Control"]


def _tarea(hace: datetime.timedelta, **campos) -> DBTaskResult:
    tarea = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="expedientes.tasks.procesar_pendientes",
        backend_name="default",
        run_after=get_date_max(),
        **campos,
    )
    DBTaskResult.objects.filter(pk=tarea.pk).update(enqueued_at=timezone.now() - hace)
    return tarea


def test_la_cola_detenida_degrada_y_solo_monitoreo_ve_cuanto(
    client, db, cola_en_bd, settings
):
    settings.SALUD_TAREAS_ESPERA_MAXIMA = 300
    detalle = monitoreo().get(URL).json()["detalle"]
    assert detalle["tareas"]["pendientes"] == 0
    assert detalle["tareas"]["mas_antigua_segundos"] is None
    _tarea(datetime.timedelta(minutes=2))
    _tarea(datetime.timedelta(hours=5), status="SUCCESSFUL")  # done: not pending
    assert client.get(URL).json() == {"estado": "ok"}  # 2 min < 300 s
    _tarea(datetime.timedelta(minutes=10))
    publica = client.get(URL)
    assert publica.status_code == 200  # the servers serve: the LB keeps them all
    assert publica.json() == {"estado": "degradado", "fallas": ["tareas"]}
    tareas = monitoreo().get(URL).json()["detalle"]["tareas"]
    assert tareas["pendientes"] == 2
    assert 600 <= tareas["mas_antigua_segundos"] < 700
    assert tareas["espera_maxima_segundos"] == 300
    assert monitoreo().get(URL).json()["detalle"]["correos_sin_confirmar"] == 0
    settings.SALUD_TAREAS_ESPERA_MAXIMA = 3600  # configurable
    assert client.get(URL).json() == {"estado": "ok"}


def test_las_tareas_en_curso_se_ven(db, cola_en_bd):
    tarea = _tarea(datetime.timedelta(minutes=30), status="RUNNING")
    DBTaskResult.objects.filter(pk=tarea.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    tareas = monitoreo().get(URL).json()["detalle"]["tareas"]
    assert tareas["en_curso"] == 1
    assert 1200 <= tareas["en_curso_mas_antigua_segundos"] < 1300


def test_una_clave_equivocada_o_sin_configurar_no_da_detalles(db, cola_en_bd, settings):
    otra = Client(HTTP_AUTHORIZATION="Bearer otra-clave")
    assert "detalle" not in otra.get(URL).json()
    assert "detalle" not in Client(HTTP_AUTHORIZATION=CLAVE).get(URL).json()
    settings.SALUD_CLAVE = ""
    assert "detalle" not in Client(HTTP_AUTHORIZATION="Bearer ").get(URL).json()
    assert "detalle" not in monitoreo().get(URL).json()


def test_una_red_privada_ve_los_detalles(db, cola_en_bd, settings):
    settings.SALUD_CLAVE = ""
    settings.SALUD_REDES = ["10.0.0.0/8"]
    assert "detalle" in Client(REMOTE_ADDR="10.1.2.3").get(URL).json()
    assert "detalle" not in Client(REMOTE_ADDR="192.0.2.7").get(URL).json()
    # Behind a proxy the client's address is the proxy's header, not the proxy.
    settings.IP_CLIENTE_CABECERA = "HTTP_X_REAL_IP"
    detras = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="192.0.2.7")
    assert "detalle" not in detras.get(URL).json()
    assert "detalle" in Client(HTTP_X_REAL_IP="10.9.9.9").get(URL).json()


def test_sin_base_de_datos_503(db):
    def caida(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with mock.patch.object(connection, "cursor", caida):
        respuesta = Client(raise_request_exception=False).get(URL)
    assert respuesta.status_code == 503
    assert respuesta.json() == {"estado": "caido", "fallas": ["base_de_datos"]}
    assert respuesta["Retry-After"]
