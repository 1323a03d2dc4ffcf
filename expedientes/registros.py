"""A typed snapshot per record of the procedure (DESIGN.md, decision 9).

When a service issues a record it copies everything the record says into one of
these frozen dataclasses and stores ``a_json()`` in ``Documento.datos``; the
renderer in ``pdf/`` reads it back with ``desde_json`` and nothing else, so a
record printed again next year says what it said the day it was issued, and
identical snapshots give identical bytes. ``FORMATO`` is stored with each snapshot
(as ``procedimientos/versiones.py`` does for a procedure's content).

Every snapshot starts with ``Comun``: the header (entity, procedure code and the
case's version), the record's title, the radicado, the issue date, who issued it
and the verification code printed in the footer and the QR code.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from django.utils.functional import Promise

from .constants import TipoDocumento

__all__ = [
    "FORMATO",
    "REGISTROS",
    "ActaCompromiso",
    "ActaReunion",
    "Asistente",
    "Comun",
    "CompromisoSesion",
    "FilaPlanilla",
    "Integrante",
    "OficioRespuesta",
    "PlanillaAsesorias",
    "Procedimiento",
    "Registro",
    "RegistroAsistencia",
    "RegistroInterno",
    "SesionRegistro",
    "Solicitante",
]

#: Version of the JSON layout of the snapshots below, stored with each one.
FORMATO = 1


# --- JSON codec: dataclasses, tuples, dates; nothing else is stored -------------


def _a_json(valor: Any) -> Any:
    if dataclasses.is_dataclass(valor) and not isinstance(valor, type):
        return {
            campo.name: _a_json(getattr(valor, campo.name))
            for campo in dataclasses.fields(valor)
        }
    if isinstance(valor, tuple | list):
        return [_a_json(v) for v in valor]
    if isinstance(valor, datetime.date):  # datetime too
        return valor.isoformat()
    if isinstance(valor, Promise):  # a lazy translation (a choice's label)
        return str(valor)
    return valor


def _desde_json(tipo: Any, valor: Any) -> Any:
    if valor is None:
        return None
    origen = typing.get_origin(tipo)
    if origen in (typing.Union, types.UnionType):
        opciones = [t for t in typing.get_args(tipo) if t is not type(None)]
        return _desde_json(opciones[0], valor)
    if origen is tuple:
        (elemento, *_resto) = typing.get_args(tipo)
        return tuple(_desde_json(elemento, v) for v in valor)
    if tipo is datetime.datetime:
        return datetime.datetime.fromisoformat(valor)
    if tipo is datetime.date:
        return datetime.date.fromisoformat(valor)
    if dataclasses.is_dataclass(tipo):
        return _construir(tipo, valor)
    return valor


def _construir(clase: type, datos: dict[str, Any]) -> Any:
    tipos = typing.get_type_hints(clase)
    return clase(
        **{
            campo.name: _desde_json(tipos[campo.name], datos[campo.name])
            for campo in dataclasses.fields(clase)
            if campo.init and campo.name in datos
        }
    )


# --- parts shared by several records ---------------------------------------------


@dataclass(frozen=True)
class Procedimiento:
    """The procedure as approved in the version the case follows."""

    codigo: str
    titulo: str
    version: int
    fecha_aprobacion: datetime.date | None


@dataclass(frozen=True)
class Comun:
    """What every record prints around its story (header, title, footer, QR)."""

    #: ``TipoDocumento`` value.
    tipo: str
    #: The record's title, e.g. "OFICIO DE RESPUESTA AL SOLICITANTE".
    titulo: str
    radicado: str
    municipio: str
    codigo_divipola: str
    emitido_en: datetime.datetime
    #: Who issued it, with their role (printed as the responsible person).
    emitido_por: str
    cargo: str
    codigo_verificacion: str
    url_verificacion: str
    procedimiento: Procedimiento
    #: Header lines of the issuing entity ("República de Colombia", name…) and the
    #: footer's office and contact line, as they were on the day of issue.
    entidad: tuple[str, ...]
    pie: tuple[str, ...]


@dataclass(frozen=True)
class Solicitante:
    nombre: str
    cargo: str
    correo: str
    telefono: str


@dataclass(frozen=True)
class Registro:
    """Base of every snapshot: ``comun`` first, then the record's own fields."""

    #: The ``TipoDocumento`` this snapshot is for (set by each subclass).
    TIPO: ClassVar[str] = ""

    comun: Comun

    def a_json(self) -> dict[str, Any]:
        return {"formato": FORMATO, **_a_json(self)}

    @classmethod
    def desde_json(cls, datos: dict[str, Any]) -> Self:
        return _construir(cls, datos)


# --- one snapshot per record ---------------------------------------------------------


@dataclass(frozen=True)
class RegistroInterno(Registro):
    """Activity 2: the internal registry of the request (internal record)."""

    TIPO: ClassVar[str] = TipoDocumento.REGISTRO_INTERNO

    numero_registro: str
    radicada_en: datetime.datetime
    canal: str
    asunto: str
    tipo_solicitud: str
    solicitante: Solicitante
    dirigida_a: str
    observaciones: str
    documentos: tuple[str, ...]


@dataclass(frozen=True)
class OficioRespuesta(Registro):
    """Activity 3: the reply letter; accepts with a scope or rejects with reasons."""

    TIPO: ClassVar[str] = TipoDocumento.OFICIO_RESPUESTA

    numero_registro: str
    radicada_en: datetime.datetime
    asunto: str
    destinatario: Solicitante
    aceptada: bool
    tipo_revision: str
    componentes: tuple[str, ...]
    modalidad: str
    duracion_estimada: str
    observaciones: str
    motivo_rechazo: str
    fundamentos: str
    firmante: str
    cargo_firmante: str


@dataclass(frozen=True)
class Integrante:
    nombre: str
    institucion: str
    rol: str
    coordina: bool


@dataclass(frozen=True)
class ActaCompromiso(Registro):
    """Activity 4: the inter-institutional team and what each party commits to.

    The team's e-mails are internal: they stay in the case's history, not here.
    """

    TIPO: ClassVar[str] = TipoDocumento.ACTA_COMPROMISO

    asunto: str
    tipo_revision: str
    modalidad: str
    integrantes: tuple[Integrante, ...]
    objeto: str
    compromisos: str


@dataclass(frozen=True)
class Asistente:
    nombre: str
    institucion: str
    cargo: str


@dataclass(frozen=True)
class CompromisoSesion:
    descripcion: str
    responsable: str
    fecha_limite: datetime.date | None


@dataclass(frozen=True)
class SesionRegistro:
    """An advisory session as its attendance list and minutes print it."""

    numero: int
    fecha: datetime.datetime
    modalidad: str
    lugar: str
    temas: str
    desarrollo: str
    proximos_pasos: str
    asistentes: tuple[Asistente, ...]
    compromisos: tuple[CompromisoSesion, ...]


@dataclass(frozen=True)
class RegistroAsistencia(Registro):
    """Activity 5: who attended a session (one row per attendee, with a blank
    signature column for the paper copy)."""

    TIPO: ClassVar[str] = TipoDocumento.REGISTRO_ASISTENCIA

    sesion: SesionRegistro


@dataclass(frozen=True)
class ActaReunion(Registro):
    """Activity 5: the minutes of a session."""

    TIPO: ClassVar[str] = TipoDocumento.ACTA_REUNION

    asunto: str
    sesion: SesionRegistro


@dataclass(frozen=True)
class FilaPlanilla:
    numero: int
    fecha: datetime.datetime
    modalidad: str
    temas: str
    asistentes: int
    compromisos: int
    profesional: str


@dataclass(frozen=True)
class PlanillaAsesorias(Registro):
    """Activity 5's control point: every session of the case, one row each."""

    TIPO: ClassVar[str] = TipoDocumento.PLANILLA_ASESORIAS

    asunto: str
    filas: tuple[FilaPlanilla, ...]
    resultado: str


#: Snapshot type of each issued record type (the receipt keeps its own format,
#: read by ``pdf/constancia.py``).
REGISTROS: dict[str, type[Registro]] = {
    clase.TIPO: clase
    for clase in (
        RegistroInterno,
        OficioRespuesta,
        ActaCompromiso,
        RegistroAsistencia,
        ActaReunion,
        PlanillaAsesorias,
    )
}
