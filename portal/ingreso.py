"""What django-axes records of a login attempt (``AXES_USERNAME_CALLABLE`` in
settings/base.py), for the portal's login and Wagtail's alike."""

from __future__ import annotations

from django.conf import settings

#: ``AccessAttempt.username`` and ``AccessLog.username`` are ``varchar(255)``.
LARGO_USUARIO = 255


def usuario_para_axes(request, credentials: dict | None = None) -> str | None:
    """The username axes counts failures under, cut to what its tables hold.

    Django's login form (the portal's, and Wagtail's built on it) hands any
    username to ``authenticate()`` however long: ``AuthenticationForm`` sets the
    field's ``max_length`` after the field is built, so no validator checks it.
    Axes then stored the whole name in a ``varchar(255)``, and on PostgreSQL a
    longer one was an HTTP 500 instead of "wrong username or password". Real
    usernames have at most 150 characters, so the cut never joins two accounts.
    """
    campo = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        nombre = credentials.get(campo)
    else:
        nombre = getattr(request, "data", request.POST).get(campo)
    return nombre[:LARGO_USUARIO] if isinstance(nombre, str) else nombre
