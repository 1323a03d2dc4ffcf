"""Template tags of the public site."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def codigo_procedimiento_de_solicitudes() -> str:
    """The code of the procedure municipalities file requests under
    (``EXPEDIENTES_PROCEDIMIENTO``): its page invites them to file one."""
    return settings.EXPEDIENTES_PROCEDIMIENTO
