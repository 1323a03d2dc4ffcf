"""Where case files live: the "privado" storage (settings.STORAGES), never public.

Local disk by default, S3-compatible object storage when ``S3_BUCKET`` is set
(portal/settings/base.py, ``opciones_s3``): private objects, signed requests only.
Files are served only through permission-checked views (portal and admin) that
stream them through this storage's API; the storage has no public URL. Paths never
contain the uploader's file name.
"""

import uuid

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _AlmacenamientoPrivado(LazyObject):
    """``storages["privado"]``, looked up on first use.

    ``Documento.archivo`` keeps the object its ``storage`` callable returns when the
    model is loaded; this proxy lets it follow a later change of STORAGES (tests
    that switch to object storage), as Django's ``default_storage`` does.
    """

    def _setup(self):
        self._wrapped = storages["privado"]


_privado = _AlmacenamientoPrivado()


@receiver(setting_changed)
def _storages_cambiados(*, setting, **kwargs):
    if setting == "STORAGES":
        _privado._wrapped = empty


def almacenamiento_privado() -> Storage:
    """The storage of case files (the callable of ``Documento.archivo``)."""
    return _privado


def ruta_documento(documento, nombre_original: str) -> str:
    solicitud = documento.solicitud
    return f"solicitudes/{solicitud.anio}/{solicitud.radicado}/{uuid.uuid4().hex}.pdf"


def borrar_archivos(nombres: list[str]) -> None:
    """Delete files a rolled-back change had stored: nothing stays orphaned."""
    almacen = almacenamiento_privado()
    for nombre in nombres:
        almacen.delete(nombre)
