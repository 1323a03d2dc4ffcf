"""The frozen content of a version and the comparison of two (no HTTP, no admin)."""

import dataclasses
import datetime
import json

from procedimientos.comparacion import Fragmento, comparar
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


def _numerar(*actividades: Actividad) -> tuple[Actividad, ...]:
    return tuple(
        dataclasses.replace(a, numero=n) for n, a in enumerate(actividades, start=1)
    )


A, B, C, D = (
    _actividad(1, 1, "Radicar"),
    _actividad(2, 2, "Registrar"),
    _actividad(3, 3, "Definir"),
    _actividad(4, 4, "Archivar"),
)


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


# --- the comparison -----------------------------------------------------------------


def test_sin_cambios():
    comparacion = comparar(_contenido(A, B), _contenido(A, B))

    assert not comparacion.hay_cambios


def test_una_actividad_nueva_no_mueve_las_siguientes():
    nueva = _actividad(9, 2, "Verificar")

    comparacion = comparar(_contenido(A, B, C), _contenido(*_numerar(A, nueva, B, C)))

    assert [(a.estado, a.ahora.nombre) for a in comparacion.actividades] == [
        ("agregada", "Verificar")
    ]
    assert comparacion.movidas == 0


def test_una_actividad_eliminada_queda_donde_estaba():
    comparacion = comparar(_contenido(A, B, C, D), _contenido(*_numerar(A, C, D)))

    assert [(a.estado, a.antes.numero) for a in comparacion.actividades] == [
        ("eliminada", 2)
    ]


def test_un_intercambio_es_un_movimiento():
    comparacion = comparar(_contenido(A, B, C, D), _contenido(*_numerar(A, C, B, D)))

    assert comparacion.movidas == 1
    (movida,) = comparacion.actividades
    assert movida.estado == "movida"
    assert (movida.antes.numero, movida.ahora.numero) in {(2, 3), (3, 2)}


def test_renombrada_es_la_misma_actividad():
    renombrada = dataclasses.replace(B, nombre="Registrar en el sistema")

    (cambio,) = comparar(_contenido(A, B), _contenido(A, renombrada)).actividades

    assert cambio.estado == "modificada"
    (nombre,) = cambio.cambios
    assert (nombre.etiqueta, nombre.antes, nombre.ahora) == (
        "Nombre",
        "Registrar",
        "Registrar en el sistema",
    )


def test_sin_id_se_empareja_por_nombre():
    sin_ids = [dataclasses.replace(a, id=None) for a in (A, B)]
    otra_b = dataclasses.replace(sin_ids[1], cargos=("Secretario de Planeación",))

    (cambio,) = comparar(_contenido(A, B), _contenido(sin_ids[0], otra_b)).actividades

    assert cambio.estado == "modificada"
    (cargo,) = cambio.cambios
    assert (cargo.etiqueta, cargo.quitados, cargo.agregados) == (
        "Cargo",
        ("Recepcionista",),
        ("Secretario de Planeación",),
    )


def test_cambios_de_cada_columna():
    cambiada = dataclasses.replace(
        C,
        tipo="alcance",
        descripcion="Definir el alcance con el municipio.",
        dependencias=("Despacho", "Dirección"),
        puntos_de_control=("Registro interno",),
        registros=(Registro("Oficio", "F-2"),),
    )

    (cambio,) = comparar(_contenido(C), _contenido(cambiada)).actividades

    assert [c.etiqueta for c in cambio.cambios] == [
        "Actividad",
        "Tipo de actividad",
        "Área",
        "Puntos de control",
        "Registros",
    ]
    assert cambio.cambios[1].ahora == "Definición del alcance"
    assert cambio.cambios[4].ahora == ("Oficio (F-2)",)


def test_definiciones_y_encabezado():
    antes = _contenido(
        definiciones=(Definicion("POT", "Plan."), Definicion("EOT", "Esquema."))
    )
    ahora = _contenido(
        objetivo="Otro objetivo.",
        definiciones=(
            Definicion("POT", "Plan de ordenamiento."),
            Definicion("CAS", "x"),
        ),
    )

    comparacion = comparar(antes, ahora)

    assert [c.etiqueta for c in comparacion.encabezado] == ["Objetivo"]
    assert [(d.termino, d.estado) for d in comparacion.definiciones] == [
        ("POT", "modificada"),
        ("CAS", "agregada"),
        ("EOT", "eliminada"),
    ]


def test_las_palabras_cambiadas_se_marcan():
    (cambio,) = comparar(
        _contenido(alcance="Desde la radicación hasta el archivo."),
        _contenido(alcance="Desde la radicación hasta el acuerdo."),
    ).encabezado

    assert cambio.fragmentos_antes == (
        Fragmento("Desde la radicación hasta el ", False),
        Fragmento("archivo.", True),
    )
    assert cambio.fragmentos_ahora[-1] == Fragmento("acuerdo.", True)
