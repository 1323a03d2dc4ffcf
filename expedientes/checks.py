"""System checks of case handling, registered in ``apps.ExpedientesConfig``.

``firma_abre`` (``manage.py check --deploy``): the entity's certificate opens with
its password (or token and PIN), so a wrong setting is found at deployment and
not by the first record left pending. Production refuses to start without the
settings themselves (portal/settings/production.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def firma_abre(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from .firma import firma_configurada, firmador

    if not firma_configurada() and settings.DEBUG:
        return []
    try:
        firmador()
    except Exception as error:  # noqa: BLE001 - reported as the check's error
        return [
            checks.Error(
                f"No se puede firmar los registros: {error}",
                hint="Revise FIRMA_PKCS12 y FIRMA_PKCS12_CLAVE (o FIRMA_PKCS11_*).",
                id="expedientes.E001",
            )
        ]
    return []
