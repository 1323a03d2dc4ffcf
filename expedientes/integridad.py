"""Re-hash every stored file of every case against the SHA-256 recorded when it
entered the file, so tampering or bit rot is found (``manage.py
verificar_integridad``, for cron). Files are read from the storage API in chunks,
so it works the same on local disk and on object storage."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from .models import Documento

#: Bytes read at a time: a 10 MB file never sits whole in memory.
TROZO = 1024 * 1024


@dataclass(frozen=True)
class Hallazgo:
    """A stored file that is not what the case file says it is."""

    documento_id: int
    radicado: str
    nombre: str
    problema: str  # "falta" (missing) or "alterado" (another SHA-256)
    esperado: str
    encontrado: str = ""


def sha256_guardado(documento: Documento) -> str:
    resumen = hashlib.sha256()
    with documento.archivo.open("rb") as archivo:
        while trozo := archivo.read(TROZO):
            resumen.update(trozo)
    return resumen.hexdigest()


def revisar_archivos() -> Iterator[tuple[Documento, Hallazgo | None]]:
    """Each stored file with ``None`` when it matches, or what is wrong with it."""
    documentos = (
        Documento.objects.exclude(archivo="")
        .select_related("solicitud")
        .order_by("pk")
        .iterator(chunk_size=500)
    )
    for documento in documentos:
        base = {
            "documento_id": documento.pk,
            "radicado": documento.solicitud.radicado,
            "nombre": documento.archivo.name,
            "esperado": documento.sha256,
        }
        try:
            encontrado = sha256_guardado(documento)
        except (FileNotFoundError, OSError):
            yield documento, Hallazgo(problema="falta", **base)
            continue
        if encontrado != documento.sha256:
            yield (
                documento,
                Hallazgo(problema="alterado", encontrado=encontrado, **base),
            )
        else:
            yield documento, None
