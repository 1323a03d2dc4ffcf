import datetime

from django import template
from django.utils.dateformat import format as formato_fecha

register = template.Library()


@register.filter
def fecha_larga(fecha: datetime.date | None) -> str:
    """«25 de agosto de 2017»: Spanish writes month names in lower case."""
    if not fecha:
        return ""
    return formato_fecha(fecha, r"j \d\e F \d\e Y").lower()
