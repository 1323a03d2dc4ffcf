"""Registration of the cases app's admin screens (viewsets.py)."""

from wagtail.snippets.models import register_snippet

from .viewsets import MunicipioViewSet

register_snippet(MunicipioViewSet)
