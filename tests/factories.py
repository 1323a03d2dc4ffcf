"""factory_boy factories for unit tests (the demo data is for the demo)."""

import datetime

import factory

from procedimientos.constants import TipoActividad
from procedimientos.models import (
    ActividadProcedimiento,
    Cargo,
    Definicion,
    DefinicionProcedimiento,
    Dependencia,
    ProcedimientoPage,
    TipoDocumental,
)


class DependenciaFactory(factory.django.DjangoModelFactory):
    nombre = factory.Sequence(lambda n: f"Dependencia {n}")

    class Meta:
        model = Dependencia
        django_get_or_create = ["nombre"]


class CargoFactory(factory.django.DjangoModelFactory):
    nombre = factory.Sequence(lambda n: f"Cargo {n}")

    class Meta:
        model = Cargo
        django_get_or_create = ["nombre"]


class TipoDocumentalFactory(factory.django.DjangoModelFactory):
    nombre = factory.Sequence(lambda n: f"Registro {n}")

    class Meta:
        model = TipoDocumental
        django_get_or_create = ["nombre"]


class DefinicionFactory(factory.django.DjangoModelFactory):
    termino = factory.Sequence(lambda n: f"TÉRMINO{n}")
    definicion = factory.Faker("sentence", locale="es_ES")

    class Meta:
        model = Definicion


def crear_procedimiento(
    indice, *, actividades: int = 3, definiciones: int = 2, **campos
) -> ProcedimientoPage:
    """A published procedure under ``indice`` with generated activities and terms."""
    n = ProcedimientoPage.objects.count() + 1
    valores = {
        "title": f"Procedimiento de prueba {n}",
        "slug": f"pr-prueba-{n}",
        "codigo": f"PR-PRUEBA-{n}",
        "version": 1,
        "fecha_aprobacion": datetime.date(2024, 3, 5),
        "proceso": "Proceso de prueba",
        "secretaria": "Secretaría de prueba",
        "procedimiento": "Para probar.",
        "objetivo": "Objetivo de prueba.",
        "alcance": "Alcance de prueba.",
        **campos,
    }
    pagina = ProcedimientoPage(**valores)
    for i in range(actividades):
        actividad = ActividadProcedimiento(
            sort_order=i,
            tipo=TipoActividad.GENERICA,
            nombre=f"Actividad {i + 1}",
            descripcion=f"Descripción de la actividad {i + 1}.",
            puntos_control=f"Control {i + 1}",
        )
        actividad.dependencias = [DependenciaFactory(nombre=f"Dependencia {i % 5}")]
        actividad.cargos = [CargoFactory(nombre=f"Cargo {i % 7}")]
        actividad.registros = [TipoDocumentalFactory(nombre=f"Registro {i % 4}")]
        pagina.actividades.add(actividad)
    for i in range(definiciones):
        pagina.definiciones.add(
            DefinicionProcedimiento(sort_order=i, definicion=DefinicionFactory())
        )
    indice.add_child(instance=pagina)
    pagina.save_revision().publish()
    return pagina
