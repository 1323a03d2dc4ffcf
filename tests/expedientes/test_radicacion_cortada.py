"""A filing whose database connection breaks half-way (issue 14, a PostgreSQL
restart): it is filed once, with no number skipped, no file orphaned, and its
access code is shown.

The break is made at the driver, as a restart makes it: ``connection.execute_
wrapper`` raises ``OperationalError`` on one statement of the filing, so Django
rolls the filing's transaction back as it would for a dropped connection. The
other case a restart can cause, the commit getting through while its answer is
lost, is the filing returning and the error arriving right after it.
"""

from __future__ import annotations

import re
import uuid

import pytest

from django.db import OperationalError, connection

from expedientes.constants import TipoDocumento
from expedientes.models import Documento, Solicitud
from expedientes.services import radicacion, solicitud_consultar
from tests.utils import archivos_privados

from .test_radicar import radicar

CORTE = "server closed the connection unexpectedly"


class CorteEn:
    """Raises, once, where ``sql`` starts with ``inicio``: a connection lost there."""

    def __init__(self, inicio: str) -> None:
        self.inicio = inicio
        self.cortes = 0

    def __call__(self, execute, sql, params, many, context):
        if not self.cortes and sql.lstrip().upper().startswith(self.inicio):
            self.cortes += 1
            raise OperationalError(CORTE)
        return execute(sql, params, many, context)


def sin_huerfanos() -> bool:
    """Every stored file belongs to a document, and every document has its file."""
    guardados = set(archivos_privados())
    referidos = {d.archivo.name for d in Documento.objects.exclude(archivo="")}
    return guardados == referidos


@pytest.mark.parametrize(
    "inicio",
    [
        'SELECT "EXPEDIENTES_SOLICITUD"',  # whether this form was already filed
        'UPDATE "EXPEDIENTES_CONTADOR"',  # the year's counter
        'INSERT INTO "EXPEDIENTES_DOCUMENTO"',  # after the oficio was stored
    ],
)
def test_cortada_antes_del_commit_se_radica_una_vez_sin_saltar_numero(
    usuario_municipal, municipio, version_vigente, inicio
):
    corte = CorteEn(inicio)
    with connection.execute_wrapper(corte):
        solicitud, codigo = radicar(
            usuario_municipal, municipio, clave_envio=uuid.uuid4()
        )
    assert corte.cortes == 1  # the break did happen where it was meant to

    assert Solicitud.objects.count() == 1
    assert solicitud.consecutivo == 1  # the rolled-back number was not lost
    assert solicitud_consultar(radicado=solicitud.radicado, codigo=codigo) == solicitud
    [oficio] = solicitud.documentos.filter(tipo=TipoDocumento.OFICIO_SOLICITUD)
    assert oficio.archivo.read().startswith(b"%PDF")
    assert sin_huerfanos()


def test_con_el_commit_hecho_y_la_respuesta_perdida_da_otro_codigo_y_nada_mas(
    usuario_municipal, municipio, version_vigente, monkeypatch
):
    radicar_de_verdad = radicacion._radicar

    def radicada_y_cortada(**argumentos):
        radicar_de_verdad(**argumentos)  # committed (its atomic block closed)
        raise OperationalError(CORTE)  # ... and the answer lost with the connection

    monkeypatch.setattr(radicacion, "_radicar", radicada_y_cortada)
    solicitud, codigo = radicar(usuario_municipal, municipio)

    assert Solicitud.objects.count() == 1  # not filed a second time
    assert codigo  # a code to show: the first one was never seen
    assert solicitud_consultar(radicado=solicitud.radicado, codigo=codigo) == solicitud
    # Its files are the case's: kept, not deleted as a rolled-back filing's.
    [oficio] = solicitud.documentos.filter(tipo=TipoDocumento.OFICIO_SOLICITUD)
    assert oficio.archivo.read().startswith(b"%PDF")
    assert sin_huerfanos()


def test_cortada_dos_veces_no_se_repite_sin_fin(
    usuario_municipal, municipio, version_vigente
):
    def siempre(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith('INSERT INTO "EXPEDIENTES_DOCUMENTO"'):
            raise OperationalError(CORTE)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(siempre), pytest.raises(OperationalError):
        radicar(usuario_municipal, municipio)
    assert not Solicitud.objects.exists()
    assert archivos_privados() == []


def test_el_portal_muestra_el_codigo_de_una_radicacion_cortada(
    client, usuario_municipal, version_vigente
):
    from tests.portal.test_solicitud_nueva import formulario

    client.force_login(usuario_municipal)
    corte = CorteEn('INSERT INTO "EXPEDIENTES_SOLICITUD"')
    with connection.execute_wrapper(corte):
        respuesta = client.post("/solicitudes/nueva/", formulario(), follow=True)
    assert corte.cortes == 1
    assert respuesta.status_code == 200
    solicitud = Solicitud.objects.get()
    codigo = re.search(r'id="codigo-acceso">([A-Z0-9-]+)<', respuesta.text).group(1)
    assert solicitud_consultar(radicado=solicitud.radicado, codigo=codigo) == solicitud
