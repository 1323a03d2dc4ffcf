"""Without Redis the site keeps serving (issue 14, "Redis down = site down").

Two kinds of outage, both real: a Redis URL on a loopback port nobody listens on
(the connection is refused), and a private ``redis-server`` this file starts on a
port of its own and stops in the middle of a test. Never the shared Redis.
"""

from __future__ import annotations

import logging
import re
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis

from django.core.cache import caches
from django.db.models.signals import post_save
from django.test import Client

from expedientes.models import Solicitud
from portal.cache import CacheRedisTolerante
from tests.portal.test_solicitud_nueva import formulario

pytestmark = pytest.mark.usefixtures("limites_vacios")


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def caches_con_redis(url: str, backend: str = "portal.cache.CacheRedisTolerante"):
    return {
        "default": {"BACKEND": backend, "LOCATION": url},
        "paginas": {
            "BACKEND": "portal.cache.CacheEnDosNiveles",
            "OPTIONS": {"COMPARTIDA": "default", "REVALIDAR": 0},
        },
    }


@pytest.fixture
def sin_redis(settings):
    """The shared cache is Redis on a closed port: every call is refused."""
    settings.CACHES = caches_con_redis(f"redis://127.0.0.1:{puerto_libre()}/0")
    yield
    caches["default"].close()


@pytest.fixture
def redis_privado(tmp_path):
    """A redis-server of this test alone; yields (url, stop, start)."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server no está instalado")
    puerto = puerto_libre()
    orden = ["redis-server", "--port", str(puerto), "--bind", "127.0.0.1"]
    orden += ["--save", "", "--appendonly", "no", "--dir", str(tmp_path)]
    procesos: list[subprocess.Popen] = []

    def arrancar():
        procesos.append(subprocess.Popen(orden, stdout=subprocess.DEVNULL))  # noqa: S603
        cliente = redis.Redis(port=puerto, socket_timeout=0.5)
        for _ in range(100):
            try:
                if cliente.ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server no arrancó")

    def parar():
        proceso = procesos[-1]
        proceso.terminate()
        proceso.wait(10)

    arrancar()
    yield f"redis://127.0.0.1:{puerto}/0", parar, arrancar
    for proceso in procesos:
        if proceso.poll() is None:
            proceso.terminate()
            proceso.wait(10)


# --- The cache itself ----------------------------------------------------------------


def test_la_cache_actua_vacia_y_avisa_una_vez(sin_redis, caplog):
    cache = caches["default"]
    assert isinstance(cache, CacheRedisTolerante)
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert cache.get("x", "por defecto") == "por defecto"
        cache.set("x", 1)
        assert cache.add("x", 1) is False
        assert cache.get_many(["x", "y"]) == {}
        assert cache.has_key("x") is False
        assert cache.delete("x") is False
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        with pytest.raises(ValueError):
            cache.incr("x")
        assert cache.get_or_set("z", 5) == 5
    avisos = [r for r in caplog.records if "Redis no responde" in r.getMessage()]
    assert len(avisos) == 1
    assert cache.responde() is False


def test_un_redis_inalcanzable_cuesta_milisegundos(sin_redis):
    cache = caches["default"]
    inicio = time.perf_counter()
    for _ in range(200):
        cache.get("x")
    assert time.perf_counter() - inicio < 1.0  # the breaker skips Redis for 2 s


def test_vuelve_a_usar_redis_cuando_vuelve(redis_privado, settings, caplog):
    url, parar, arrancar = redis_privado
    settings.CACHES = caches_con_redis(url)
    cache = caches["default"]
    cache._espera = 0  # try Redis on every call
    cache.set("clave", "antes")
    assert cache.get("clave") == "antes"
    parar()
    assert cache.get("clave", "vacía") == "vacía"
    assert cache.en_falla
    arrancar()  # empty: no persistence
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        cache.set("clave", "después")
        assert cache.get("clave") == "después"
    assert not cache.en_falla
    assert any("responde otra vez" in r.getMessage() for r in caplog.records)
    cache.close()


# --- What a person gets --------------------------------------------------------------


def test_las_paginas_anonimas_se_sirven(client, procedimiento, sin_redis):
    for url in ("/", "/procedimientos/es-pe-pr-31/", "/glosario/", "/consulta/"):
        assert client.get(url).status_code == 200, url


def test_healthz_degradado_200_y_nombra_redis(client, db, sin_redis):
    respuesta = client.get("/healthz")
    assert respuesta.status_code == 200
    assert respuesta.json() == {"estado": "degradado", "fallas": ["redis"]}


def test_healthz_con_redis_ok(redis_privado, client, db, settings):
    url, parar, _ = redis_privado
    settings.CACHES = caches_con_redis(url)
    assert client.get("/healthz").json() == {"estado": "ok"}
    parar()
    assert client.get("/healthz").json()["fallas"] == ["redis"]
    caches["default"].close()


def _radicar_y_ver_el_codigo(client) -> str:
    respuesta = client.post("/solicitudes/nueva/", formulario())
    assert respuesta.status_code == 302, respuesta.content[:500]
    pagina = client.get(respuesta["Location"])
    assert pagina.status_code == 200
    codigo = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", pagina.text)
    assert codigo, "la página de la radicación no muestra el código"
    return codigo.group(0)


def test_una_radicacion_se_recibe_y_muestra_su_codigo(
    usuario_municipal, version_vigente, sin_redis, settings
):
    settings.PORTAL_LIMITE_RADICACIONES = "1/h"  # counts nothing without Redis
    client = Client()
    client.force_login(usuario_municipal)
    _radicar_y_ver_el_codigo(client)
    _radicar_y_ver_el_codigo(client)
    assert Solicitud.objects.count() == 2


def test_la_consulta_sigue_abierta_sin_redis(client, db, sin_redis, settings):
    """RATELIMIT_FAIL_OPEN (README): the limit counts nothing, it does not 429."""
    settings.PORTAL_LIMITE_CONSULTAS = "1/h"
    datos = {"radicado": "SP-2026-000001", "codigo": "AAAA-BBBB-CCCC"}
    for _ in range(3):
        assert client.post("/consulta/", datos).status_code == 200


def test_con_redis_los_limites_cuentan(redis_privado, client, db, settings):
    url, _, _ = redis_privado
    settings.CACHES = caches_con_redis(url)
    settings.PORTAL_LIMITE_CONSULTAS = "1/h"
    datos = {"radicado": "SP-2026-000001", "codigo": "AAAA-BBBB-CCCC"}
    assert client.post("/consulta/", datos).status_code == 200
    assert client.post("/consulta/", datos).status_code == 429
    caches["default"].close()


def test_si_redis_cae_durante_la_radicacion_el_codigo_se_muestra(
    redis_privado, usuario_municipal, version_vigente, settings, caplog
):
    """The probe's lost code: Redis stops while the filing is being saved, after
    the rate limit was checked. With Django's own RedisCache, which raises, the
    count after the commit fails; the filing is saved and its one-time code must
    still be shown."""
    url, parar, _ = redis_privado
    settings.CACHES = caches_con_redis(
        url, backend="django.core.cache.backends.redis.RedisCache"
    )
    settings.CACHES["paginas"] = {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
    }

    def redis_se_cae(sender, created, **kwargs):
        if created:
            parar()

    post_save.connect(redis_se_cae, sender=Solicitud)
    client = Client(raise_request_exception=False)
    client.force_login(usuario_municipal)
    try:
        with caplog.at_level(logging.ERROR, logger="portal.views"):
            _radicar_y_ver_el_codigo(client)
    finally:
        post_save.disconnect(redis_se_cae, sender=Solicitud)
    assert Solicitud.objects.count() == 1
    assert any("no se pudo contar" in r.getMessage() for r in caplog.records)


def test_publicar_sin_redis_no_deja_paginas_viejas(
    redis_privado, client, procedimiento, settings
):
    """A page published while Redis is down could not change the page cache's
    generation; when Redis is back a new one is set, so the page cached before
    the outage is not served again."""
    url, parar, arrancar = redis_privado
    settings.CACHES = caches_con_redis(url)
    direccion = "/procedimientos/es-pe-pr-31/"
    assert b"Brinda asesor" in client.get(direccion).content  # cached in Redis
    caches["default"]._espera = 0
    # Redis "restarts" keeping its data: stop it, publish, start it, put back the
    # old entries (as a server with persistence would).
    compartida = redis.Redis.from_url(url)
    guardado = {clave: compartida.dump(clave) for clave in compartida.keys("*")}
    parar()
    procedimiento.objetivo = f"Objetivo {uuid.uuid4().hex}"
    procedimiento.save_revision().publish()
    arrancar()
    compartida = redis.Redis.from_url(url)
    for clave, valor in guardado.items():
        compartida.restore(clave, 0, valor, replace=True)
    assert procedimiento.objetivo in client.get(direccion).text
    caches["default"].close()
