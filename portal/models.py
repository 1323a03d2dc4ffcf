"""The home page of the site (the catalogue of procedures lives in procedimientos)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from procedimientos.models import ProcedimientoPage


class HomePage(Page):
    """``/``: the Secretaría de Planeación and the catalogue of its procedures."""

    introduccion = models.TextField(_("introducción"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduccion")]
    subpage_types = [
        "procedimientos.ProcedimientoIndexPage",
        "procedimientos.GlosarioPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedimientos"] = (
            ProcedimientoPage.objects.live().public().order_by("codigo")
        )
        return context

    class Meta:
        verbose_name = _("página de inicio")
