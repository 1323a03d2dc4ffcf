"""The seed loader: faithful on the first run, a no-op on every later one."""

import io

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from procedimientos.models import (
    ActividadProcedimiento,
    Cargo,
    ControlCambio,
    Definicion,
    Dependencia,
    ProcedimientoPage,
    TipoDocumental,
)
from tests import semilla


def _estado() -> dict:
    return {
        modelo.__name__: sorted(modelo.objects.values_list("pk", flat=True))
        for modelo in (
            ProcedimientoPage,
            ActividadProcedimiento,
            Dependencia,
            Cargo,
            TipoDocumental,
            Definicion,
            ControlCambio,
            Revision,
        )
    }


def test_carga_la_semilla_y_una_segunda_vez_no_cambia_nada(inicio):
    salida = io.StringIO()
    call_command("cargar_demo", stdout=salida)
    assert "Publicado ES-PE-PR-31 en /procedimientos/es-pe-pr-31/" in salida.getvalue()
    pagina = ProcedimientoPage.objects.get(codigo="ES-PE-PR-31")
    assert pagina.live
    assert pagina.title == semilla.TITULO
    assert pagina.version == 2
    assert [a.descripcion for a in pagina.actividades.all()] == [
        a["descripcion"] for a in semilla.ACTIVIDADES
    ]
    assert [d.termino for d in pagina.contenido.definiciones] == [
        t for t, _ in semilla.DEFINICIONES
    ]
    antes = _estado()
    ultima = pagina.latest_revision_id

    salida = io.StringIO()
    call_command("cargar_demo", stdout=salida)
    assert "ya existe; no se cambió nada" in salida.getvalue()
    assert _estado() == antes
    pagina.refresh_from_db()
    assert pagina.latest_revision_id == ultima


def test_las_dependencias_y_cargos_repetidos_son_un_solo_snippet(procedimiento):
    assert Dependencia.objects.filter(
        nombre="Despacho Secretaría de Planeación"
    ).count()
    assert (
        procedimiento.actividades.filter(
            dependencias__nombre="Despacho Secretaría de Planeación"
        ).count()
        == 2
    )
    assert (
        TipoDocumental.objects.get(nombre="Oficio de solicitud").actividades.count()
        == 2
    )


def test_un_archivo_ilegible_da_un_error_en_espanol(inicio, tmp_path):
    roto = tmp_path / "roto.json"
    roto.write_text("{no es json", encoding="utf-8")
    with pytest.raises(CommandError, match="No se pudo leer"):
        call_command("cargar_procedimiento", str(roto))
    assert not ProcedimientoPage.objects.exists()
