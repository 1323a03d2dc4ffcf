"""Forms of the account pages (``/cuenta/``, wired in urls.py).

Apart from forms.py, which holds the admin's user forms and the filing forms.
"""

import unicodedata

from django.contrib.auth.forms import PasswordResetForm

from .models import Usuario


def _iguales(uno: str, otro: str) -> bool:
    """Case-insensitive comparison of e-mail addresses, as Django's reset form does."""
    return (
        unicodedata.normalize("NFKC", uno).casefold()
        == unicodedata.normalize("NFKC", otro).casefold()
    )


class RestablecerClaveForm(PasswordResetForm):
    """«¿Olvidó su contraseña?», also for municipal accounts that never chose one.

    Django leaves out accounts with an unusable password, taking them for disabled
    ones. A municipal account has one until its person follows the invitation of
    ``services.usuario_municipal_crear``; when that link has expired, this form is
    how to get a new one. Accounts are disabled with ``is_active`` instead.
    """

    def get_users(self, email):
        activos = Usuario.objects.filter(email__iexact=email, is_active=True)
        return (
            usuario
            for usuario in activos
            if (usuario.has_usable_password() or usuario.es_municipal)
            and _iguales(email, usuario.email)
        )
