"""/healthz: from the database, with the age of the oldest pending task."""

import datetime
from unittest import mock

from django_tasks_db.models import DBTaskResult, get_date_max

from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

URL = "/healthz"


def test_responde_desde_la_base_de_datos(client, db):
    respuesta = client.get(URL)
    assert respuesta.status_code == 200
    assert respuesta.json() == {"estado": "ok", "base_de_datos": "ok", "tareas": None}
    assert "no-store" in respuesta["Cache-Control"]


def _tarea(hace: datetime.timedelta, **campos) -> DBTaskResult:
    tarea = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="expedientes.tasks.constancia_generar",
        backend_name="default",
        run_after=get_date_max(),
        **campos,
    )
    DBTaskResult.objects.filter(pk=tarea.pk).update(enqueued_at=timezone.now() - hace)
    return tarea


def test_con_la_cola_en_la_base_de_datos_dice_cuanto_espera(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get(URL).json()["tareas"] == {
        "pendientes": 0,
        "mas_antigua_segundos": None,
    }
    _tarea(datetime.timedelta(minutes=10))
    _tarea(datetime.timedelta(minutes=2))
    _tarea(datetime.timedelta(hours=5), status="SUCCESSFUL")  # done: not pending
    tareas = client.get(URL).json()["tareas"]
    assert tareas["pendientes"] == 2
    assert 600 <= tareas["mas_antigua_segundos"] < 700  # a stopped worker shows


def test_sin_base_de_datos_503(db):
    def caida(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with mock.patch.object(connection, "cursor", caida):
        respuesta = Client(raise_request_exception=False).get(URL)
    assert respuesta.status_code == 503
    assert respuesta.json()["base_de_datos"] == "sin respuesta"
    assert respuesta["Retry-After"]
