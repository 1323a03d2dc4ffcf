"""Numbers and codes of cases: radicados, internal registry numbers, access codes,
verification codes of issued records.

Numbers come from a ``Contador`` row locked until the transaction that uses the
number ends, so they are unique and gapless per series and year (DESIGN.md,
decision 7); a unique constraint on each number is the backstop.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from .models import Contador

#: Letters and digits that cannot be mistaken for one another when typed.
ALFABETO_CODIGO = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def siguiente_numero(serie: str, anio: int) -> int:
    """Lock this year's counter row of ``serie`` and take the next number.

    Must run inside the transaction that stores the number: the row lock is held
    until it commits or rolls back, so a rolled-back number is taken again.
    """
    contador = (
        Contador.objects.select_for_update().filter(serie=serie, anio=anio).first()
    )
    if contador is None:  # the year's first number of this series
        try:
            with transaction.atomic():
                Contador.objects.create(serie=serie, anio=anio)
        except IntegrityError:
            pass  # another transaction created this year's row first
        contador = Contador.objects.select_for_update().get(serie=serie, anio=anio)
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    return contador.ultimo


def formatear_radicado(anio: int, consecutivo: int) -> str:
    """``SP-2026-000123``: the prefix is ``EXPEDIENTES_PREFIJO_RADICADO``."""
    return f"{settings.EXPEDIENTES_PREFIJO_RADICADO}-{anio}-{consecutivo:06d}"


def formatear_registro(anio: int, consecutivo: int) -> str:
    """``RI-2026-000045``: the internal registry number of activity 2."""
    return f"RI-{anio}-{consecutivo:06d}"


def _aleatorio(longitud: int) -> str:
    return "".join(secrets.choice(ALFABETO_CODIGO) for _ in range(longitud))


def generar_codigo_acceso() -> str:
    """``XXXX-XXXX-XXXX``: 60 bits, shown once, stored only hashed."""
    letras = _aleatorio(12)
    return "-".join(letras[i : i + 4] for i in range(0, 12, 4))


def generar_codigo_verificacion() -> str:
    """``XXXXX-XXXXX``: 50 bits, printed on an issued record and in its QR code."""
    letras = _aleatorio(10)
    return f"{letras[:5]}-{letras[5:]}"


def normalizar_codigo(codigo: str) -> str:
    limpio = "".join(c for c in codigo.upper() if c.isalnum())
    return "-".join(limpio[i : i + 4] for i in range(0, len(limpio), 4))


def _clave_actual() -> str:
    return getattr(settings, "EXPEDIENTES_CLAVE_CODIGOS", None) or settings.SECRET_KEY


def cifrar_codigo(codigo: str, *, clave: str | None = None) -> str:
    """HMAC-SHA256 of the access code.

    The code is random (60 bits), so a slow password hash buys nothing: guessing
    it online is rate-limited, offline it needs the key and 2**60 tries. A cheap
    keyed hash keeps filing and public lookups fast (bench/README.md, part 5).
    The key is ``EXPEDIENTES_CLAVE_CODIGOS`` (SECRET_KEY when unset), so rotating
    SECRET_KEY does not invalidate the codes already issued.
    """
    return salted_hmac(
        "expedientes.codigo_acceso",
        normalizar_codigo(codigo),
        secret=clave or _clave_actual(),
        algorithm="sha256",
    ).hexdigest()


def cifrados_posibles(codigo: str) -> list[str]:
    """The code's hash under the current key and each earlier one
    (``EXPEDIENTES_CLAVES_CODIGOS_ANTERIORES``): after a rotation, the codes
    issued before it still open their requests."""
    anteriores = getattr(settings, "EXPEDIENTES_CLAVES_CODIGOS_ANTERIORES", ())
    return [
        cifrar_codigo(codigo, clave=clave) for clave in (_clave_actual(), *anteriores)
    ]
