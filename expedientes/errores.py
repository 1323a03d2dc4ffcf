"""The errors a change of a case raises: a message for a person, in Spanish.

Raised by the rules (``reglas.permitida``) and by the services (``services/``),
shown by the admin's action views and the portal next to the form they are about.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class SolicitudError(Exception):
    """A case could not change; the message is for a person, in Spanish.

    ``campo``: the name of the form field the message is about, when it is about
    one (the admin's action views show it next to that field)."""

    def __init__(self, mensaje: str = "", *, campo: str = "") -> None:
        super().__init__(mensaje)
        self.campo = campo


class AccionNoPermitida(SolicitudError, PermissionDenied):
    """The actor's role may not do this; nothing changed."""
