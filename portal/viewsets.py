"""Admin screens of the portal. Wired through ``UsuariosConfig`` in apps.py."""

from wagtail.users.views.users import UserViewSet

from .forms import UsuarioCreacionForm, UsuarioEdicionForm


class UsuarioViewSet(UserViewSet):
    """Wagtail's user admin, with the ``cargo`` printed on documents."""

    def get_form_class(self, for_update=False):
        return UsuarioEdicionForm if for_update else UsuarioCreacionForm
