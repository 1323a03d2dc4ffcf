"""Re-hash every stored file of every case against the SHA-256 recorded when it
entered the file, so tampering or bit rot is found (``manage.py
verificar_integridad``, for cron). Files are read from the storage API in chunks,
so it works the same on local disk and on object storage.

Signed records (``Documento.firma``) also have their signature validated
(``firma.revisar_firmas``, offline, against the roots the site trusts): a file
replaced together with its recorded SHA-256 still fails there, and so does a
record whose chain the site no longer trusts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from .firma import revisar_firmas
from .models import Documento

#: Bytes read at a time: a 10 MB file never sits whole in memory.
TROZO = 1024 * 1024


@dataclass(frozen=True)
class Hallazgo:
    """A stored file that is not what the case file says it is."""

    documento_id: int
    radicado: str
    nombre: str
    #: "falta" (missing), "alterado" (another SHA-256) or "firma" (its
    #: signature does not validate: ``encontrado`` says why, as the veredicto).
    problema: str
    esperado: str
    encontrado: str = ""


def sha256_guardado(documento: Documento) -> str:
    resumen = hashlib.sha256()
    with documento.archivo.open("rb") as archivo:
        while trozo := archivo.read(TROZO):
            resumen.update(trozo)
    return resumen.hexdigest()


def veredicto_de_firma(documento: Documento) -> str:
    """What validating a signed record's stored file says ("valida" when it does)."""
    with documento.archivo.open("rb") as archivo:
        return str(revisar_firmas(archivo.read()).veredicto)


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
            continue
        if documento.firmado and (veredicto := veredicto_de_firma(documento)) != (
            "valida"
        ):
            yield documento, Hallazgo(problema="firma", encontrado=veredicto, **base)
            continue
        yield documento, None
