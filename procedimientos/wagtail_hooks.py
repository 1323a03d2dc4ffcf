from wagtail.snippets.models import register_snippet

from .viewsets import ProcedimientosViewSetGroup

register_snippet(ProcedimientosViewSetGroup)
