"""Where case files live: the "privado" storage (settings.STORAGES), never public.

Files are served only through permission-checked views (portal and admin); the
storage has no public URL. Paths never contain the uploader's file name.
"""

import uuid

from django.core.files.storage import Storage, storages


def almacenamiento_privado() -> Storage:
    """The storage of case files (a callable, so settings can change it in tests)."""
    return storages["privado"]


def ruta_documento(documento, nombre_original: str) -> str:
    solicitud = documento.solicitud
    return f"solicitudes/{solicitud.anio}/{solicitud.radicado}/{uuid.uuid4().hex}.pdf"


def borrar_archivos(nombres: list[str]) -> None:
    """Delete files a rolled-back change had stored: nothing stays orphaned."""
    almacen = almacenamiento_privado()
    for nombre in nombres:
        almacen.delete(nombre)
