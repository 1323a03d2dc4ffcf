"""Accounts and the home page (the catalogue of procedures lives in procedimientos)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from procedimientos.models import ProcedimientoPage
from procedimientos.rutas import ConRutaResuelta, registrar_ruta


class Usuario(AbstractUser):
    """Every account: staff, editors, reviewers, approvers (and municipalities).

    ``cargo`` is the role printed next to a person's name where the procedure asks
    for it (the REVISÓ / APROBÓ columns of the change control, the records).
    Edited in the Wagtail admin through UsuarioViewSet (viewsets.py).
    """

    cargo = models.CharField(
        _("cargo"),
        max_length=200,
        blank=True,
        help_text=_(
            "Como debe aparecer en los documentos, p. ej. «Secretario de Planeación»."
        ),
    )

    municipio = models.ForeignKey(
        "expedientes.Municipio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usuarios",
        verbose_name=_("municipio"),
        help_text=_(
            "Solo para cuentas municipales: ven y radican las solicitudes de este "
            "municipio y de ningún otro."
        ),
    )

    @property
    def es_municipal(self) -> bool:
        return self.municipio_id is not None

    @property
    def nombre(self) -> str:
        """The person as records, messages and screens name them: full name, or
        the username when the account has none."""
        return self.get_full_name() or self.get_username()

    def has_perm(self, perm, obj=None):
        """A municipal account never enters the Wagtail admin.

        Whatever groups or superuser flag it is given: the admin shows every
        municipality's cases, a municipal account may see only its own.
        """
        if perm == "wagtailadmin.access_admin" and self.es_municipal:
            return False
        return super().has_perm(perm, obj)

    class Meta(AbstractUser.Meta):
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")


class HomePage(ConRutaResuelta, Page):
    """``/``: the Secretaría de Planeación and the catalogue of its procedures."""

    introduccion = models.TextField(_("introducción"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduccion")]
    subpage_types = [
        "procedimientos.ProcedimientoIndexPage",
        "procedimientos.GlosarioPage",
    ]
    max_count = 1

    def route(self, request, path_components):
        """The page a path names in one query, not two per level: the deepest
        page under this one whose ``url_path`` the path starts with, which then
        routes the rest (a procedure's ``versiones/``, ``pdf/``). Wagtail's own
        walks the tree a child at a time, each by its slug and then its specific
        class; ``url_path`` is those slugs, kept by Wagtail on every save and
        move. Equivalent here because only leaf pages route paths of their own
        (``ProcedimientoPage`` has no children), so no page's own route is
        passed over for a child's."""
        if not path_components:
            return super().route(request, path_components)
        rutas = [
            f"{self.url_path}{'/'.join(path_components[:n])}/"
            for n in range(1, len(path_components) + 1)
        ]
        pagina = (
            Page.objects.filter(url_path__in=rutas, path__startswith=self.path)
            .exclude(pk=self.pk)
            .order_by("-depth")
            .first()
        )
        if pagina is None:
            raise Http404
        return pagina.specific.route(
            request, path_components[pagina.depth - self.depth :]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedimientos"] = (
            ProcedimientoPage.objects.live().public().order_by("codigo")
        )
        return context

    class Meta:
        verbose_name = _("página de inicio")


# It finds the page Wagtail's walk would (its docstring): procedimientos.rutas may
# resolve the pages under it in one query.
registrar_ruta(HomePage.route)
