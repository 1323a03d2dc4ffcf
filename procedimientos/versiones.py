"""The content of a procedure as plain, frozen data: what every rendering reads.

``contenido_de_pagina(pagina)`` copies a ``ProcedimientoPage`` (the live one, a draft
being previewed, or the revision an approval publishes) into a ``Contenido``: header
fields, activities, definitions and change-control rows, with every related name
copied as text. The public page, each past version (``VersionProcedimiento.contenido``
stores ``Contenido.a_json()``), the flowchart (``flujograma.py``) and the official PDF
(``pdf/procedimiento.py``) all read a ``Contenido``, so there is one rendering path,
and renaming a role or an office later never changes a version already approved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.text import slugify

if TYPE_CHECKING:
    from .flujograma import Flujograma
    from .models import ProcedimientoPage

__all__ = [
    "FORMATO",
    "Actividad",
    "Cambio",
    "Contenido",
    "Definicion",
    "Persona",
    "Registro",
    "contenido_de_pagina",
]

#: Version of the JSON layout of ``Contenido.a_json()``, stored with it.
FORMATO = 1


@dataclass(frozen=True)
class Persona:
    """Who reviewed or approved a version, as printed in REVISÓ / APROBÓ."""

    nombre: str
    cargo: str


@dataclass(frozen=True)
class Registro:
    """A record an activity produces (REGISTROS): document and its code, if any."""

    nombre: str
    codigo: str = ""

    def __str__(self) -> str:
        return f"{self.nombre} ({self.codigo})" if self.codigo else self.nombre


@dataclass(frozen=True)
class Actividad:
    """One row of ACTIVIDADES.

    ``id`` is the ``ActividadProcedimiento`` pk: it lets a comparison follow an
    activity that was renamed or moved. It is ``None`` for an activity that was not
    yet saved when the snapshot was taken (a version scheduled to go live later).
    """

    id: int | None
    numero: int
    tipo: str
    nombre: str
    descripcion: str
    dependencias: tuple[str, ...]
    cargos: tuple[str, ...]
    puntos_de_control: tuple[str, ...]
    registros: tuple[Registro, ...]
    #: The group that completes it in a case (its name), "" if none is named.
    grupo: str = ""
    #: Internal term in business days, ``None`` if it has none.
    plazo_dias: int | None = None


@dataclass(frozen=True)
class Definicion:
    termino: str
    definicion: str

    @property
    def ancla(self) -> str:
        """The fragment of this term on the glossary page (``Definicion.ancla``)."""
        return f"def-{slugify(self.termino)}"


@dataclass(frozen=True)
class Cambio:
    """A row of CONTROL DE CAMBIOS."""

    version: int
    fecha: datetime.date
    descripcion: str
    revisaron: tuple[Persona, ...]
    aprobaron: tuple[Persona, ...]


@dataclass(frozen=True)
class Contenido:
    """Everything a procedure says, as of one moment."""

    titulo: str
    codigo: str
    #: 0 while the procedure has never been approved.
    version: int
    fecha_aprobacion: datetime.date | None
    proceso: str
    secretaria: str
    procedimiento: str
    objetivo: str
    alcance: str
    salida: str
    observaciones: str
    actividades: tuple[Actividad, ...]
    definiciones: tuple[Definicion, ...]
    control_cambios: tuple[Cambio, ...]
    #: Shown under the activities (e.g. that their terms are defaults).
    nota_plazos: str = ""

    @property
    def aprobado(self) -> bool:
        return self.version > 0 and self.fecha_aprobacion is not None

    @property
    def flujograma(self) -> Flujograma:
        """The flowchart's layout (``flujograma.disenar_flujograma``), computed
        each time it is read: the page reads it only when it renders its
        activities anew (``{% congelado %}``)."""
        from .flujograma import disenar_flujograma

        return disenar_flujograma(self.actividades)

    def a_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings), read back by ``desde_json``."""
        return {
            "formato": FORMATO,
            "titulo": self.titulo,
            "codigo": self.codigo,
            "version": self.version,
            "fecha_aprobacion": _fecha_iso(self.fecha_aprobacion),
            "proceso": self.proceso,
            "secretaria": self.secretaria,
            "procedimiento": self.procedimiento,
            "objetivo": self.objetivo,
            "alcance": self.alcance,
            "salida": self.salida,
            "observaciones": self.observaciones,
            "nota_plazos": self.nota_plazos,
            "actividades": [
                {
                    "id": a.id,
                    "numero": a.numero,
                    "tipo": a.tipo,
                    "nombre": a.nombre,
                    "descripcion": a.descripcion,
                    "dependencias": list(a.dependencias),
                    "cargos": list(a.cargos),
                    "puntos_de_control": list(a.puntos_de_control),
                    "registros": [[r.nombre, r.codigo] for r in a.registros],
                    "grupo": a.grupo,
                    "plazo_dias": a.plazo_dias,
                }
                for a in self.actividades
            ],
            "definiciones": [[d.termino, d.definicion] for d in self.definiciones],
            "control_cambios": [
                {
                    "version": c.version,
                    "fecha": _fecha_iso(c.fecha),
                    "descripcion": c.descripcion,
                    "revisaron": [[p.nombre, p.cargo] for p in c.revisaron],
                    "aprobaron": [[p.nombre, p.cargo] for p in c.aprobaron],
                }
                for c in self.control_cambios
            ],
        }

    @classmethod
    def desde_json(cls, datos: dict[str, Any]) -> Contenido:
        return cls(
            titulo=datos["titulo"],
            codigo=datos["codigo"],
            version=datos["version"],
            fecha_aprobacion=_fecha(datos["fecha_aprobacion"]),
            proceso=datos["proceso"],
            secretaria=datos["secretaria"],
            procedimiento=datos["procedimiento"],
            objetivo=datos["objetivo"],
            alcance=datos["alcance"],
            salida=datos["salida"],
            observaciones=datos["observaciones"],
            nota_plazos=datos.get("nota_plazos", ""),
            actividades=tuple(
                Actividad(
                    id=a["id"],
                    numero=a["numero"],
                    tipo=a["tipo"],
                    nombre=a["nombre"],
                    descripcion=a["descripcion"],
                    dependencias=tuple(a["dependencias"]),
                    cargos=tuple(a["cargos"]),
                    puntos_de_control=tuple(a["puntos_de_control"]),
                    registros=tuple(Registro(*r) for r in a["registros"]),
                    # Versions frozen before these existed have neither.
                    grupo=a.get("grupo", ""),
                    plazo_dias=a.get("plazo_dias"),
                )
                for a in datos["actividades"]
            ),
            definiciones=tuple(Definicion(*d) for d in datos["definiciones"]),
            control_cambios=tuple(
                Cambio(
                    version=c["version"],
                    fecha=_fecha(c["fecha"]),
                    descripcion=c["descripcion"],
                    revisaron=tuple(Persona(*p) for p in c["revisaron"]),
                    aprobaron=tuple(Persona(*p) for p in c["aprobaron"]),
                )
                for c in datos["control_cambios"]
            ),
        )


def contenido_de_pagina(pagina: ProcedimientoPage) -> Contenido:
    """Copy a procedure page into a ``Contenido``.

    Six queries for a saved page whatever its size (activities and their offices,
    roles and records; definitions; change control); none for the in-memory child
    objects of a revision or a preview, whose querysets ignore the prefetching.
    """
    actividades = (
        pagina.actividades.all()
        .select_related("grupo")
        .prefetch_related("dependencias", "cargos", "registros")
    )
    definiciones = pagina.definiciones.all().select_related("definicion")
    return Contenido(
        titulo=pagina.title,
        codigo=pagina.codigo,
        version=pagina.version or 0,
        fecha_aprobacion=pagina.fecha_aprobacion,
        proceso=pagina.proceso,
        secretaria=pagina.secretaria,
        procedimiento=pagina.procedimiento,
        objetivo=pagina.objetivo,
        alcance=pagina.alcance,
        salida=pagina.salida,
        observaciones=pagina.observaciones,
        nota_plazos=pagina.nota_plazos,
        actividades=tuple(
            Actividad(
                id=actividad.pk,
                numero=numero,
                tipo=actividad.tipo,
                nombre=actividad.nombre,
                descripcion=actividad.descripcion,
                dependencias=tuple(d.nombre for d in actividad.dependencias.all()),
                cargos=tuple(c.nombre for c in actividad.cargos.all()),
                puntos_de_control=tuple(actividad.puntos_de_control),
                registros=tuple(
                    Registro(r.nombre, r.codigo) for r in actividad.registros.all()
                ),
                grupo=actividad.grupo.name if actividad.grupo_id else "",
                plazo_dias=actividad.plazo_dias,
            )
            for numero, actividad in enumerate(actividades, start=1)
        ),
        definiciones=tuple(
            Definicion(fila.definicion.termino, fila.definicion.definicion)
            for fila in definiciones
        ),
        control_cambios=tuple(
            Cambio(
                version=cambio.version,
                fecha=cambio.fecha,
                descripcion=cambio.descripcion,
                revisaron=_personas(cambio.revisaron),
                aprobaron=_personas(cambio.aprobaron),
            )
            for cambio in pagina.control_cambios.all()
        ),
    )


def _personas(bloques) -> tuple[Persona, ...]:
    return tuple(
        Persona(bloque.value["nombre"], bloque.value["cargo"]) for bloque in bloques
    )


def _fecha_iso(fecha: datetime.date | None) -> str | None:
    return fecha.isoformat() if fecha else None


def _fecha(texto: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(texto) if texto else None
