"""A typed snapshot per record of the procedure (DESIGN.md, decision 9).

When a service issues a record it copies everything the record says into one of
these frozen dataclasses and stores ``a_json()`` in ``Documento.datos``; the
renderer in ``pdf/`` reads it back with ``desde_json`` and nothing else, so a
record printed again next year says what it said the day it was issued, and
identical snapshots give identical bytes. ``FORMATO`` is stored with each snapshot
(as ``procedimientos/versiones.py`` does for a procedure's content).

Every snapshot starts with ``Comun``: the header (entity, procedure code and the
case's version), the record's title, the radicado, the issue date, who issued it
and the verification code printed in the footer and the QR code. The receipt of
activity 1 (``Constancia``) keeps the flat layout receipts were first stored in and
derives its ``comun`` from it, so receipts filed before it existed still print.
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
    "ArchivoRecibido",
    "Asistente",
    "Comun",
    "CompromisoSesion",
    "Constancia",
    "Correccion",
    "FilaFuid",
    "FilaIndice",
    "Firma",
    "Fuid",
    "HojaControl",
    "FilaPlanilla",
    "Instantanea",
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
class Correccion:
    """The record a correction supersedes, printed on the new one."""

    codigo_verificacion: str
    emitido_en: datetime.datetime
    motivo: str


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
    #: Set on a record issued to correct another (``services.acciones.
    #: registro_corregir``): the renderer prints which one it supersedes and why.
    corrige: Correccion | None = None


@dataclass(frozen=True)
class Solicitante:
    nombre: str
    cargo: str
    correo: str
    telefono: str


class Instantanea:
    """What every snapshot class has: its type and the JSON codec.

    Subclasses are frozen dataclasses with a ``comun`` (a field, or for the
    receipt a property) that ``pdf/base.py`` prints around the story.
    """

    #: The ``TipoDocumento`` this snapshot is for (set by each subclass).
    TIPO: ClassVar[str] = ""

    def a_json(self) -> dict[str, Any]:
        return {"formato": FORMATO, **_a_json(self)}

    @classmethod
    def desde_json(cls, datos: dict[str, Any]) -> Self:
        return _construir(cls, datos)


@dataclass(frozen=True)
class Registro(Instantanea):
    """Base of every snapshot issued during the case: ``comun``, then the record's
    own fields."""

    comun: Comun


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


@dataclass(frozen=True)
class ArchivoRecibido:
    """A file received with the request, as the receipt lists it."""

    tipo: str
    nombre: str
    paginas: int | None
    sha256: str


@dataclass(frozen=True)
class Constancia(Instantanea):
    """Activity 1: the *constancia de radicación* (``services.datos_constancia``).

    Flat, as receipts were stored before the other records existed: the filing
    service reads ``codigo_verificacion`` at the top of the stored JSON, and
    receipts stored without ``formato``, ``entidad``, ``pie`` or
    ``url_verificacion`` still decode (their header and footer then come from the
    entity's settings, and they have no QR code); so do those stored before the
    receipt carried the request's ``descripcion`` (they print none).
    """

    TIPO: ClassVar[str] = TipoDocumento.CONSTANCIA_RADICACION
    #: Printed over the body, and the record's name in ``comun``.
    TITULO: ClassVar[str] = "CONSTANCIA DE RADICACIÓN"

    radicado: str
    radicada_en: datetime.datetime
    canal: str
    municipio: str
    codigo_divipola: str
    solicitante: Solicitante
    plan_vigente: str
    tipo_solicitud: str
    asunto: str
    fecha_limite: datetime.date | None
    dias_respuesta: int | None
    procedimiento: Procedimiento
    tipo_solicitud_otra: str = ""
    url_portal: str = ""
    codigo_verificacion: str | None = None
    url_verificacion: str = ""
    archivos: tuple[ArchivoRecibido, ...] = ()
    entidad: tuple[str, ...] = ()
    pie: tuple[str, ...] = ()
    #: What the municipality wrote it asks for (the filing form's description).
    descripcion: str = ""

    @property
    def comun(self) -> Comun:
        """The receipt seen as any other record: issued when filed."""
        return Comun(
            tipo=self.TIPO,
            titulo=self.TITULO,
            radicado=self.radicado,
            municipio=self.municipio,
            codigo_divipola=self.codigo_divipola,
            emitido_en=self.radicada_en,
            emitido_por="",
            cargo="",
            codigo_verificacion=self.codigo_verificacion or "",
            url_verificacion=self.url_verificacion,
            procedimiento=self.procedimiento,
            entidad=self.entidad,
            pie=self.pie,
        )


@dataclass(frozen=True)
class FilaIndice:
    """One document of a case file, in the order it joined the file."""

    item: int
    fecha: datetime.date
    tipo_documental: str
    #: Pages of the document; None while an issued record has no PDF yet.
    folios: int | None
    folio_desde: int | None
    folio_hasta: int | None
    observaciones: str


@dataclass(frozen=True)
class HojaControl(Registro):
    """Activity 6: the *hoja de control* at the front of the case file (Acuerdo
    AGN 002 de 2014): the file's identity and every document with its folios.

    Issued as a record when the case is archived; while the case is open the same
    snapshot, with no verification code, prints a working copy on demand.
    """

    TIPO: ClassVar[str] = TipoDocumento.HOJA_CONTROL

    unidad_administrativa: str
    codigo_unidad: str
    dependencia: str
    codigo_dependencia: str
    serie: str
    codigo_serie: str
    subserie: str
    codigo_subserie: str
    #: The case file's name: the request's subject and municipality.
    nombre_expediente: str
    fecha_inicial: datetime.date
    fecha_final: datetime.date | None
    filas: tuple[FilaIndice, ...]
    total_folios: int
    unidad_conservacion: str
    soporte: str
    #: False for the working copy printed while the case is open.
    expedida: bool = True


@dataclass(frozen=True)
class Firma:
    """Who drew up, delivered or received a transfer (the FUID's footer)."""

    nombre: str
    cargo: str
    lugar: str
    fecha: datetime.date | None


@dataclass(frozen=True)
class FilaFuid:
    """One archived case file in the FUID."""

    numero_orden: int
    codigo: str
    #: Series / subseries / subject, as the FUID's column asks.
    nombre: str
    radicado: str
    fecha_inicial: datetime.date
    fecha_final: datetime.date
    caja: str
    carpeta: str
    tomo: str
    otro: str
    folios: int
    soporte: str
    frecuencia_consulta: str
    notas: str


@dataclass(frozen=True)
class Fuid(Instantanea):
    """The *formato único de inventario documental* (Acuerdo AGN 042 de 2002) of a
    chosen set of archived case files. Not a record of one case: drawn up on demand
    for a transfer (``services.archivo.fuid_construir``) as PDF, CSV or XLSX."""

    entidad: tuple[str, ...]
    entidad_remitente: str
    entidad_productora: str
    unidad_administrativa: str
    codigo_unidad: str
    oficina_productora: str
    codigo_oficina: str
    objeto: str
    #: Registro de entrada: filled by the archive that receives the transfer.
    entrada_fecha: datetime.date | None
    numero_transferencia: str
    filas: tuple[FilaFuid, ...]
    elaborado_por: Firma
    entregado_por: Firma
    recibido_por: Firma
    elaborado_en: datetime.datetime
    procedimiento: Procedimiento | None = None


#: Snapshot type of each issued record type, for the renderers (``pdf/``).
REGISTROS: dict[str, type[Instantanea]] = {
    clase.TIPO: clase
    for clase in (
        Constancia,
        RegistroInterno,
        OficioRespuesta,
        ActaCompromiso,
        RegistroAsistencia,
        ActaReunion,
        PlanillaAsesorias,
        HojaControl,
    )
}
