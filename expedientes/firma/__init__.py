"""Records signed when issued (DESIGN.md, decision 12): PAdES with pyHanko.

- ``configuracion.py``: the entity's certificate (PKCS#12 or PKCS#11), the TSA and
  the roots the site trusts, from the settings; the demo PKI under ``make run``.
- ``firmar.py``: ``firmar``, called once per record by ``tasks.generar_documento``.
- ``validar.py``: ``revisar_firmas``, for ``/verificar/`` (portal/verificacion.py)
  and ``manage.py verificar_integridad`` (``integridad.py``).
- ``demo.py``: the throwaway PKI of ``make run``, the tests and the bench.
"""

import logging
import warnings

from cryptography.utils import CryptographyDeprecationWarning

# pyHanko imports cryptography's DSA module (for DSA keys, which nobody here
# uses); without this every command would print its deprecation notice.
warnings.filterwarnings(
    "ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning
)


class _SinAvisoDeFuera(logging.Filter):
    """Without FIRMA_REVOCACION_EN_LINEA (make run, the tests) nothing is fetched
    on purpose; pyHanko warns of it at every signature."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_SinAvisoDeFuera())

from .configuracion import (  # noqa: E402 - after the filter
    Firmador,
    FirmaNoConfigurada,
    firma_configurada,
    firmador,
)
from .firmar import DatosFirma, firmar  # noqa: E402
from .validar import (  # noqa: E402
    FirmaRevisada,
    RevisionFirmas,
    Veredicto,
    revisar_firmas,
)

__all__ = [
    "DatosFirma",
    "FirmaNoConfigurada",
    "FirmaRevisada",
    "Firmador",
    "RevisionFirmas",
    "Veredicto",
    "firma_configurada",
    "firmador",
    "firmar",
    "revisar_firmas",
]
