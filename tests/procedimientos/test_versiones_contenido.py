"""The content of a procedure as frozen data (no HTTP, no admin)."""

import datetime
import json

from procedimientos.versiones import (
    Actividad,
    Cambio,
    Contenido,
    Definicion,
    Persona,
    Registro,
    contenido_de_pagina,
)
from tests import semilla


def _actividad(id_, numero, nombre, **campos) -> Actividad:
    valores = {
        "tipo": "generica",
        "descripcion": f"{nombre}.",
        "dependencias": ("Despacho",),
        "cargos": ("Recepcionista",),
        "puntos_de_control": (),
        "registros": (),
        **campos,
    }
    return Actividad(id=id_, numero=numero, nombre=nombre, **valores)


def _contenido(*actividades: Actividad, **campos) -> Contenido:
    valores = {
        "titulo": "Procedimiento",
        "codigo": "PR-1",
        "version": 1,
        "fecha_aprobacion": None,
        "proceso": "Proceso",
        "secretaria": "Secretaría",
        "procedimiento": "Para algo.",
        "objetivo": "Objetivo.",
        "alcance": "Alcance.",
        "salida": "",
        "observaciones": "",
        "actividades": actividades,
        "definiciones": (),
        "control_cambios": (),
        **campos,
    }
    return Contenido(**valores)


# --- the snapshot -------------------------------------------------------------------


def test_la_semilla_copiada_tal_cual(procedimiento):
    contenido = contenido_de_pagina(procedimiento)

    assert (contenido.codigo, contenido.version) == ("ES-PE-PR-31", 2)
    assert [a.descripcion for a in contenido.actividades] == [
        a["descripcion"] for a in semilla.ACTIVIDADES
    ]
    assert [a.numero for a in contenido.actividades] == [1, 2, 3, 4, 5, 6]
    sexta = contenido.actividades[5]
    assert sexta.cargos == tuple(semilla.ACTIVIDADES[5]["cargos"])
    assert sexta.puntos_de_control == tuple(semilla.ACTIVIDADES[5]["control"])
    assert [str(r) for r in sexta.registros] == semilla.ACTIVIDADES[5]["registros"]
    assert sexta.id == procedimiento.actividades.get(sort_order=5).pk
    assert [(d.termino, d.definicion) for d in contenido.definiciones] == (
        semilla.DEFINICIONES
    )
    assert contenido.control_cambios[1].aprobaron == (
        Persona("HECTOR JULIO FUENTES DURAN", "Secretaria de Planeación"),
    )


def test_de_ida_y_vuelta_por_json(procedimiento):
    contenido = contenido_de_pagina(procedimiento)

    guardado = json.loads(json.dumps(contenido.a_json()))

    assert guardado["formato"] == 1
    assert Contenido.desde_json(guardado) == contenido


def test_un_contenido_sin_aprobar_tambien_viaja():
    contenido = _contenido(
        _actividad(None, 1, "Nueva", registros=(Registro("Acta", "F-1"),)),
        version=0,
        definiciones=(Definicion("POT", "Plan."),),
        control_cambios=(Cambio(1, datetime.date(2015, 7, 21), "Creación", (), ()),),
    )

    assert Contenido.desde_json(contenido.a_json()) == contenido
    assert not contenido.aprobado
