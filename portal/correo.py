"""The domain of every e-mail's Message-ID (called from ``PortalConfig.ready``).

Django names each message ``<…@host>`` after the machine's fully qualified name
(``django.core.mail.utils.DNS_NAME``), which under ``make run`` and in many
containers is ``localhost``: the password-reset and workflow e-mails went out as
``…@localhost``. The site's own e-mails take the domain of ``DEFAULT_FROM_EMAIL``
(``expedientes.tasks.message_id``); every other e-mail gets it too. Django caches
the name in ``DNS_NAME._fqdn``, which is what is set here (Django's own tests set
it the same way).
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail.utils import DNS_NAME


def dominio_de_correo() -> str:
    """The domain of ``DEFAULT_FROM_EMAIL``, "" if it has none."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]


def fijar_dominio_de_message_id() -> None:
    dominio = dominio_de_correo()
    if dominio:
        DNS_NAME._fqdn = dominio
