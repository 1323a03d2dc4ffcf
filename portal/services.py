"""Site set-up: the home page as the root of the default site."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage

INTRODUCCION = (
    "La Secretaría de Planeación de la Gobernación de Santander asesora a los 87 "
    "municipios del departamento en la formulación y revisión de sus planes de "
    "ordenamiento territorial (POT, PBOT y EOT)."
)


@transaction.atomic
def inicio_asegurar() -> tuple[HomePage, bool]:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page.

    Returns the home page and whether it was created. Called by ``cargar_demo``.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific, False
    inicio = HomePage(
        title="Secretaría de Planeación", slug="inicio", introduccion=INTRODUCCION
    )
    Page.get_first_root_node().add_child(instance=inicio)
    inicio.save_revision().publish()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=inicio, is_default_site=True
        )
        return inicio, True
    bienvenida = site.root_page
    site.root_page = inicio
    site.save()
    if not bienvenida.get_children().exists():
        bienvenida.delete()
    return inicio, True
