"""What changed between two versions of a procedure, in words a citizen reads.

``comparar(antes, ahora)`` takes two ``versiones.Contenido`` and returns plain data
the template ``procedimientos/comparar_versiones.html`` words: header fields whose
text changed (old and new side by side, changed words marked), activities added,
removed, moved or changed (e.g. "Cargo: antes X, ahora Y"), definitions added,
removed or reworded. No HTML is built here: the template escapes everything.

Activities are followed by their id (the ``ActividadProcedimiento`` pk kept in the
snapshot), so a renamed activity is "changed", not "removed and added"; without an id
(a version snapshotted before it went live) they are matched by name. An activity
counts as moved only if its order relative to the others changed: the activities
after a new one get a higher number but are not reported as moved.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .constants import TipoActividad
from .versiones import Actividad, Contenido

__all__ = [
    "ActividadComparada",
    "CambioLista",
    "CambioTexto",
    "Comparacion",
    "DefinicionComparada",
    "FilaComparada",
    "Fragmento",
    "comparar",
    "filas_con_cambios",
]

#: Header fields compared, with the label the public page gives them.
CAMPOS_ENCABEZADO = (
    ("titulo", _("Título")),
    ("codigo", _("Código")),
    ("proceso", _("Proceso")),
    ("secretaria", _("Secretaría u oficina")),
    ("procedimiento", _("Procedimiento")),
    ("objetivo", _("Objetivo")),
    ("alcance", _("Alcance")),
    ("salida", _("Salida de la actividad")),
    ("observaciones", _("Observaciones")),
)
#: Words with the spaces that follow them (and any leading space on its own), so a
#: changed run reads "y asistencia " rather than " y asistencia".
_PALABRAS = re.compile(r"^\s+|\S+\s*")


@dataclass(frozen=True)
class Fragmento:
    """A run of text, and whether it differs from the other version."""

    texto: str
    cambiado: bool


@dataclass(frozen=True)
class CambioTexto:
    """A text that changed: old and new, each split into marked fragments."""

    etiqueta: str
    antes: str
    ahora: str
    fragmentos_antes: tuple[Fragmento, ...]
    fragmentos_ahora: tuple[Fragmento, ...]
    es_lista = False


@dataclass(frozen=True)
class CambioLista:
    """A list that changed (offices, roles, control points, records)."""

    etiqueta: str
    antes: tuple[str, ...]
    ahora: tuple[str, ...]
    es_lista = True

    @property
    def quitados(self) -> tuple[str, ...]:
        return tuple(x for x in self.antes if x not in self.ahora)

    @property
    def agregados(self) -> tuple[str, ...]:
        return tuple(x for x in self.ahora if x not in self.antes)


@dataclass(frozen=True)
class ActividadComparada:
    """One activity in either version; ``estado`` says what happened to it."""

    antes: Actividad | None
    ahora: Actividad | None
    movida: bool = False
    cambios: tuple[CambioTexto | CambioLista, ...] = ()

    @property
    def estado(self) -> str:
        if self.antes is None:
            return "agregada"
        if self.ahora is None:
            return "eliminada"
        if self.cambios:
            return "modificada"
        return "movida" if self.movida else "igual"


@dataclass(frozen=True)
class DefinicionComparada:
    termino: str
    antes: str | None
    ahora: str | None
    cambio: CambioTexto | None = None

    @property
    def estado(self) -> str:
        if self.antes is None:
            return "agregada"
        if self.ahora is None:
            return "eliminada"
        return "modificada"


@dataclass(frozen=True)
class Comparacion:
    encabezado: tuple[CambioTexto, ...]
    #: Every activity with something to say, in the order of the newer version
    #: (a removed one where it used to be).
    actividades: tuple[ActividadComparada, ...]
    definiciones: tuple[DefinicionComparada, ...]

    @property
    def hay_cambios(self) -> bool:
        return bool(self.encabezado or self.actividades or self.definiciones)

    def _contar(self, estado: str) -> int:
        return sum(1 for a in self.actividades if a.estado == estado)

    @property
    def agregadas(self) -> int:
        return self._contar("agregada")

    @property
    def eliminadas(self) -> int:
        return self._contar("eliminada")

    @property
    def modificadas(self) -> int:
        return self._contar("modificada")

    @property
    def movidas(self) -> int:
        return sum(1 for a in self.actividades if a.movida)


def comparar(antes: Contenido, ahora: Contenido) -> Comparacion:
    """What changed from ``antes`` (the older version) to ``ahora``."""
    encabezado = tuple(
        _cambio_texto(etiqueta, getattr(antes, campo), getattr(ahora, campo))
        for campo, etiqueta in CAMPOS_ENCABEZADO
        if getattr(antes, campo) != getattr(ahora, campo)
    )
    return Comparacion(
        encabezado=encabezado,
        actividades=_comparar_actividades(antes.actividades, ahora.actividades),
        definiciones=_comparar_definiciones(antes, ahora),
    )


# --- texts --------------------------------------------------------------------------


def _cambio_texto(etiqueta: str, antes: str, ahora: str) -> CambioTexto:
    """Old and new text, with the words that differ marked on each side."""
    palabras_antes = _PALABRAS.findall(antes)
    palabras_ahora = _PALABRAS.findall(ahora)
    izquierda: list[Fragmento] = []
    derecha: list[Fragmento] = []
    coincidencias = difflib.SequenceMatcher(
        None, palabras_antes, palabras_ahora, autojunk=False
    )
    for operacion, i1, i2, j1, j2 in coincidencias.get_opcodes():
        igual = operacion == "equal"
        _agregar(izquierda, "".join(palabras_antes[i1:i2]), not igual)
        _agregar(derecha, "".join(palabras_ahora[j1:j2]), not igual)
    return CambioTexto(etiqueta, antes, ahora, tuple(izquierda), tuple(derecha))


def _agregar(fragmentos: list[Fragmento], texto: str, cambiado: bool) -> None:
    if not texto:
        return
    if fragmentos and fragmentos[-1].cambiado == cambiado:
        fragmentos[-1] = Fragmento(fragmentos[-1].texto + texto, cambiado)
    else:
        fragmentos.append(Fragmento(texto, cambiado))


# --- activities -----------------------------------------------------------------------


def _emparejar(
    antes: tuple[Actividad, ...], ahora: tuple[Actividad, ...]
) -> dict[int, int]:
    """{index in ``ahora``: index in ``antes``} of the same activity."""
    pares: dict[int, int] = {}
    por_id = {a.id: i for i, a in enumerate(antes) if a.id is not None}
    usados: set[int] = set()
    for j, actividad in enumerate(ahora):
        i = por_id.get(actividad.id) if actividad.id is not None else None
        if i is not None:
            pares[j] = i
            usados.add(i)
    for j, actividad in enumerate(ahora):
        if j in pares:
            continue
        candidatas = [
            i
            for i, anterior in enumerate(antes)
            if i not in usados and anterior.nombre == actividad.nombre
        ]
        if candidatas:
            pares[j] = candidatas[0]
            usados.add(candidatas[0])
    return pares


def _en_su_orden(indices: list[int]) -> set[int]:
    """The longest run of ``indices`` in increasing order (what did not move)."""
    if not indices:
        return set()
    # Longest increasing subsequence, quadratic: procedures have tens of activities.
    largo = [1] * len(indices)
    previo = [-1] * len(indices)
    for k in range(len(indices)):
        for m in range(k):
            if indices[m] < indices[k] and largo[m] + 1 > largo[k]:
                largo[k], previo[k] = largo[m] + 1, m
    k = max(range(len(indices)), key=largo.__getitem__)
    quietos = set()
    while k != -1:
        quietos.add(indices[k])
        k = previo[k]
    return quietos


def _cambios_de_actividad(
    antes: Actividad, ahora: Actividad
) -> tuple[CambioTexto | CambioLista, ...]:
    cambios: list[CambioTexto | CambioLista] = []
    if antes.nombre != ahora.nombre:
        cambios.append(_cambio_texto(_("Nombre"), antes.nombre, ahora.nombre))
    if antes.descripcion != ahora.descripcion:
        cambios.append(
            _cambio_texto(_("Actividad"), antes.descripcion, ahora.descripcion)
        )
    if antes.tipo != ahora.tipo:
        cambios.append(
            _cambio_texto(_("Tipo de actividad"), _tipo(antes.tipo), _tipo(ahora.tipo))
        )
    for etiqueta, campo in (
        (_("Área"), "dependencias"),
        (_("Cargo"), "cargos"),
        (_("Puntos de control"), "puntos_de_control"),
    ):
        if getattr(antes, campo) != getattr(ahora, campo):
            cambios.append(
                CambioLista(etiqueta, getattr(antes, campo), getattr(ahora, campo))
            )
    if antes.grupo != ahora.grupo:
        cambios.append(
            _cambio_texto(_("Grupo que la atiende"), antes.grupo, ahora.grupo)
        )
    if antes.plazo_dias != ahora.plazo_dias:
        cambios.append(
            _cambio_texto(
                _("Plazo interno (días hábiles)"),
                _plazo(antes.plazo_dias),
                _plazo(ahora.plazo_dias),
            )
        )
    registros_antes = tuple(str(r) for r in antes.registros)
    registros_ahora = tuple(str(r) for r in ahora.registros)
    if registros_antes != registros_ahora:
        cambios.append(CambioLista(_("Registros"), registros_antes, registros_ahora))
    return tuple(cambios)


def _plazo(dias: int | None) -> str:
    return str(dias) if dias is not None else _("sin plazo")


def _tipo(valor: str) -> str:
    try:
        return str(TipoActividad(valor).label)
    except ValueError:
        return valor


def _comparar_actividades(
    antes: tuple[Actividad, ...], ahora: tuple[Actividad, ...]
) -> tuple[ActividadComparada, ...]:
    pares = _emparejar(antes, ahora)
    quietos = _en_su_orden([pares[j] for j in range(len(ahora)) if j in pares])
    eliminadas = [i for i in range(len(antes)) if i not in pares.values()]
    resultado: list[ActividadComparada] = []

    def eliminar_hasta(limite: int) -> None:
        while eliminadas and eliminadas[0] < limite:
            resultado.append(ActividadComparada(antes[eliminadas.pop(0)], None))

    for j, actividad in enumerate(ahora):
        i = pares.get(j)
        if i is None:
            resultado.append(ActividadComparada(None, actividad))
            continue
        eliminar_hasta(i)
        comparada = ActividadComparada(
            antes[i],
            actividad,
            movida=i not in quietos,
            cambios=_cambios_de_actividad(antes[i], actividad),
        )
        if comparada.estado != "igual":
            resultado.append(comparada)
    eliminar_hasta(len(antes))
    return tuple(resultado)


# --- definitions ----------------------------------------------------------------------


def _comparar_definiciones(
    antes: Contenido, ahora: Contenido
) -> tuple[DefinicionComparada, ...]:
    viejas = {d.termino: d.definicion for d in antes.definiciones}
    nuevas = {d.termino: d.definicion for d in ahora.definiciones}
    resultado = []
    for termino, texto in nuevas.items():
        anterior = viejas.get(termino)
        if anterior is None:
            resultado.append(DefinicionComparada(termino, None, texto))
        elif anterior != texto:
            resultado.append(
                DefinicionComparada(
                    termino, anterior, texto, _cambio_texto(termino, anterior, texto)
                )
            )
    resultado += [
        DefinicionComparada(termino, texto, None)
        for termino, texto in viejas.items()
        if termino not in nuevas
    ]
    return tuple(resultado)


# --- the admin's compare view (Wagtail's child relations) ----------------------------


@dataclass(frozen=True)
class FilaComparada:
    """A changed child row of Wagtail's compare view (``ChildObjectComparison``),
    and whether it moved relative to the others (not just shifted by a row added
    or removed before it, which Wagtail reports as a move)."""

    comparacion: object
    movida: bool

    @property
    def es_nueva(self) -> bool:
        return bool(self.comparacion.is_addition())

    @property
    def es_eliminada(self) -> bool:
        return bool(self.comparacion.is_deletion())

    def campos(self) -> list:
        """The fields of the row, only those that changed unless the whole row
        was added or removed."""
        todos = self.comparacion.get_field_comparisons()
        if self.es_nueva or self.es_eliminada:
            return todos
        cambiados = [campo for campo in todos if _cambio_real(campo)]
        # The first field (the activity's name, the term…) says which row it is.
        if todos and todos[0] not in cambiados:
            cambiados.insert(0, todos[0])
        return cambiados


def filas_con_cambios(relacion) -> tuple[list[FilaComparada], int]:
    """The rows of a Wagtail ``ChildRelationComparison`` that changed (added,
    removed, edited or moved among the others) and how many did not.

    Reviewers compare a version with tens of activities: Wagtail lists every one,
    changed or not, and the change is lost among them. Used by
    ``revision.CompararRevisionesView``.
    """
    hijas = relacion.get_child_comparisons()
    # Old order by primary key (the live page's rows are read again from the
    # database, so not the same Python objects); the new order is that of ``hijas``.
    orden_antes = {_clave(obj): i for i, obj in enumerate(relacion.val_a.all())}
    emparejadas = [
        orden_antes.get(_clave(h.obj_a))
        for h in hijas
        if h.obj_a is not None and h.obj_b is not None
    ]
    quietos = _en_su_orden([i for i in emparejadas if i is not None])
    filas: list[FilaComparada] = []
    sin_cambios = 0
    for hija in hijas:
        if hija.is_addition() or hija.is_deletion():
            filas.append(FilaComparada(hija, movida=False))
            continue
        movida = orden_antes.get(_clave(hija.obj_a)) not in quietos
        if movida or any(_cambio_real(c) for c in hija.get_field_comparisons()):
            filas.append(FilaComparada(hija, movida=movida))
        else:
            sin_cambios += 1
    return filas, sin_cambios


def _clave(obj) -> object:
    return obj.pk if obj.pk is not None else id(obj)


def _sin_finales_de_linea(valor: object) -> object:
    if isinstance(valor, str):
        return "\n".join(linea.rstrip() for linea in valor.splitlines()).strip()
    return valor


def _cambio_real(campo) -> bool:
    """Whether a field of a row changed in a way a reader sees: a browser sends a
    textarea's lines ended in CRLF, so a row saved from the editor differs from
    the live one in its line endings alone."""
    if not campo.has_changed():
        return False
    antes = getattr(campo, "val_a", None)
    ahora = getattr(campo, "val_b", None)
    if isinstance(antes, str) and isinstance(ahora, str):
        return _sin_finales_de_linea(antes) != _sin_finales_de_linea(ahora)
    return True
