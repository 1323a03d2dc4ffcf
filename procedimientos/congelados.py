"""Memos of what is derived from frozen data, keyed by that data itself.

A formal version's content (``versiones.Contenido``) never changes once frozen, and
the HTML a template fragment makes of it is a pure function of it: rendering the
activities, the flowchart and the change control again on every request of the
page in force was most of its uncached time (issue 18). ``Memo`` keeps the last
results of such a function, and ``clave`` builds its key from the *values* the
result depends on, never from an id: a ``Contenido`` is a frozen dataclass, hashed
and compared field by field, so two different contents can never share an entry and
a newly published version is a new key the moment it is read. Nothing has to
invalidate these memos, and nothing can make one serve stale or another user's
data, as long as every input is in the key; ``clave`` refuses anything mutable (a
model instance compares by its pk, a dict may change after being stored) so that
an input cannot be in the key by reference only.

Each memo lives in one process (``{% congelado %}`` keeps its own on the compiled
template node, see ``templatetags/procedimientos_tags.py``), holds a few entries
and is thread-safe; several processes each hold their own copy of the same values,
so none assumes it is the only one (DESIGN.md, "When one machine is not enough").
"""

from __future__ import annotations

import dataclasses
import datetime
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["Memo", "clave"]

T = TypeVar("T")

#: Types whose instances never change, so they may be part of a key by value.
_ESCALARES = (str, int, float, bool, type(None), datetime.date, datetime.time)


def clave(valor: Any) -> Hashable:
    """``valor`` itself, once checked to be immutable all the way down: scalars,
    dates, tuples and frozensets of such, frozen dataclasses whose fields are such.
    ``TypeError`` otherwise (a list, a dict, a model instance, a queryset)."""
    _comprobar(valor)
    return valor


def _comprobar(valor: Any) -> None:
    if isinstance(valor, _ESCALARES):
        return
    if isinstance(valor, tuple | frozenset):
        for elemento in valor:
            _comprobar(elemento)
        return
    if dataclasses.is_dataclass(valor) and not isinstance(valor, type):
        if not valor.__dataclass_params__.frozen:
            raise TypeError(f"{type(valor).__name__} no es inmutable (frozen=False)")
        for campo in dataclasses.fields(valor):
            _comprobar(getattr(valor, campo.name))
        return
    raise TypeError(
        f"Un {type(valor).__name__} puede cambiar: no sirve de clave de un memo."
    )


class Memo(Generic[T]):
    """The last ``tamano`` results of a pure function, least recently used out."""

    def __init__(self, tamano: int = 32) -> None:
        self.tamano = tamano
        self._entradas: OrderedDict[Hashable, T] = OrderedDict()
        self._cerrojo = threading.Lock()

    def obtener(self, llave: Hashable, calcular: Callable[[], T]) -> T:
        """The result stored under ``llave``, or ``calcular()`` stored there now.
        Computed outside the lock: two threads missing at once both compute the
        same value, and the second one stored wins (they are equal)."""
        with self._cerrojo:
            if llave in self._entradas:
                self._entradas.move_to_end(llave)
                return self._entradas[llave]
        resultado = calcular()
        with self._cerrojo:
            self._entradas[llave] = resultado
            self._entradas.move_to_end(llave)
            while len(self._entradas) > self.tamano:
                self._entradas.popitem(last=False)
        return resultado

    def __len__(self) -> int:
        return len(self._entradas)
