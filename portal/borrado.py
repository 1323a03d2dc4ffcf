"""Deletes refused in the admin because other rows protect what is deleted.

A municipality with requests, a user with history (events, records, sessions) is
kept by ``on_delete=PROTECT``: Wagtail's delete views and bulk deletes let Django's
ProtectedError through as a 500. The hooks in ``portal/wagtail_hooks.py`` ask
Django's deletion Collector first (it reads, deletes nothing) and answer with a
Spanish message naming what protects each object; nothing is deleted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.contrib import messages
from django.db import router
from django.db.models import Model, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_text_list


def _quien_protege(objetos: Iterable[Model]) -> str:
    cuenta = Counter(objeto._meta for objeto in objetos)
    partes = [
        f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"
        for meta, n in sorted(cuenta.items(), key=lambda par: str(par[0].verbose_name))
    ]
    return get_text_list(partes, "y")


def motivos_para_no_borrar(objetos: Iterable[Model]) -> list[str]:
    """One Spanish sentence per object that cannot be deleted, empty if all can."""
    motivos = []
    for objeto in objetos:
        collector = Collector(using=router.db_for_write(type(objeto)))
        try:
            collector.collect([objeto])
        except (ProtectedError, RestrictedError) as error:
            protectores = getattr(error, "protected_objects", None) or getattr(
                error, "restricted_objects", ()
            )
            motivos.append(
                f"No se puede eliminar «{objeto}». Registros que lo impiden: "
                f"{_quien_protege(protectores)}. Nada se eliminó."
            )
    return motivos


def _volver(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the listing the bulk action came from (its ``next``), or to the
    confirmation page itself."""
    siguiente = request.GET.get("next", "")
    if siguiente and url_has_allowed_host_and_scheme(
        siguiente, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(siguiente)
    return HttpResponseRedirect(request.get_full_path())


def rechazar_si_protegido(
    request: HttpRequest, objetos: Iterable[Model]
) -> HttpResponseRedirect | None:
    """On the POST that deletes: the refusal (messages and a redirect) or None."""
    if request.method != "POST":
        return None
    motivos = motivos_para_no_borrar(objetos)
    if not motivos:
        return None
    for motivo in motivos:
        messages.error(request, motivo)
    return _volver(request)
