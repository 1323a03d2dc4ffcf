from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class PersonaBlock(blocks.StructBlock):
    """Who reviewed or approved a version (the REVISÓ / APROBÓ columns)."""

    nombre = blocks.CharBlock(label=_("Nombre"), max_length=200)
    cargo = blocks.CharBlock(label=_("Cargo"), max_length=200)

    class Meta:
        icon = "user"
        label = _("Persona")
        template = "blocks/persona_block.html"
