"""The seed loader: faithful on the first run, a no-op on every later one."""

import io

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import (
    GroupPagePermission,
    Revision,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from procedimientos.models import (
    ActividadProcedimiento,
    Cargo,
    ControlCambio,
    Definicion,
    Dependencia,
    ProcedimientoPage,
    TipoDocumental,
    VersionProcedimiento,
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
            VersionProcedimiento,
            Group,
            GroupPagePermission,
            Workflow,
            WorkflowTask,
            WorkflowPage,
            Task,
        )
    }


def test_carga_la_semilla_y_una_segunda_vez_no_cambia_nada(sin_procedimiento):
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


def test_la_semilla_trae_sus_dos_versiones_formales(procedimiento, datos_semilla):
    procedimiento = ProcedimientoPage.objects.get(pk=procedimiento.pk)
    v1, v2 = VersionProcedimiento.objects.filter(procedimiento=procedimiento)

    assert (str(v1), v1.contenido, v1.revision) == ("ES-PE-PR-31 v1", None, None)
    assert v1.fecha_aprobacion.isoformat() == "2015-07-21"
    assert v1.descripcion_cambio == "Actualización del nuevo formato"
    assert str(v2) == "ES-PE-PR-31 v2"
    assert v2.fecha_aprobacion.isoformat() == datos_semilla["fecha_aprobacion"]
    assert v2.revision_id == procedimiento.live_revision_id
    assert v2.instantanea == procedimiento.contenido
    assert [a.descripcion for a in v2.instantanea.actividades] == [
        a["descripcion"] for a in semilla.ACTIVIDADES
    ]


def test_el_flujo_de_version_formal_queda_en_el_catalogo(indice):
    flujo = indice.get_workflow()

    assert flujo.name == "Versión formal"
    assert [(t.name, t.specific.columna) for t in flujo.tasks] == [
        ("Revisión", "reviso"),
        ("Aprobación", "aprobo"),
    ]
    assert [
        list(t.specific.groups.values_list("name", flat=True)) for t in flujo.tasks
    ] == [
        ["Revisores de calidad"],
        ["Aprobadores de procedimientos"],
    ]
    permisos = GroupPagePermission.objects.filter(page=indice)
    assert sorted(
        permisos.filter(group__name="Editores de procedimientos").values_list(
            "permission__codename", flat=True
        )
    ) == ["add_page", "change_page"]


def test_un_procedimiento_cargado_antes_recibe_sus_versiones(indice, datos_semilla):
    from procedimientos.services import procedimiento_cargar

    pagina, _creado = procedimiento_cargar(datos=datos_semilla)
    VersionProcedimiento.objects.all().delete()

    procedimiento_cargar(datos=datos_semilla)

    assert list(
        VersionProcedimiento.objects.filter(procedimiento=pagina).values_list(
            "numero", flat=True
        )
    ) == [1, 2]


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


def test_un_archivo_ilegible_da_un_error_en_espanol(sin_procedimiento, tmp_path):
    roto = tmp_path / "roto.json"
    roto.write_text("{no es json", encoding="utf-8")
    with pytest.raises(CommandError, match="No se pudo leer"):
        call_command("cargar_procedimiento", str(roto))
    assert not ProcedimientoPage.objects.exists()


def test_la_migracion_anota_la_cdms_de_un_sitio_ya_cargado(sin_procedimiento):
    """A site loaded before the editor's note gets it; an edited term does not."""
    import importlib

    from django.apps import apps

    from procedimientos.models import Definicion

    migracion = importlib.import_module(
        "procedimientos.migrations.0005_definicion_nota_editorial"
    )
    cdms = Definicion.objects.create(
        termino="CDMS", definicion="corporación de la defensa de la meseta."
    )
    migracion.anotar_cdms(apps, None)
    cdms.refresh_from_db()
    assert cdms.definicion == "corporación de la defensa de la meseta."
    assert cdms.nota_editorial.startswith("[sic] Se refiere a la CDMB")
    Definicion.objects.filter(pk=cdms.pk).update(nota_editorial="Otra nota.")
    migracion.anotar_cdms(apps, None)
    cdms.refresh_from_db()
    assert cdms.nota_editorial == "Otra nota."
