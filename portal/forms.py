"""Admin forms for accounts: Wagtail's user forms plus ``cargo`` and ``municipio``."""

from wagtail.users.forms import UserCreationForm, UserEditForm


class UsuarioCreacionForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"cargo", "municipio"}


class UsuarioEdicionForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"cargo", "municipio"}
