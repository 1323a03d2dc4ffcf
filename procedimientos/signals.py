"""Keeps a procedure's search index up to date, and forgets the sites the public
pages are served from when a site or a page changes (connected in ``apps.py``).

Wagtail indexes a page when its row is saved (modelsearch's ``post_save``
handler), but a ClusterableModel writes its child rows (activities, definitions,
change-control rows) only after that: at that moment the index would read the
previous version's activities. ``page_published`` is sent once the whole
revision is written, by an approval (``services.version_formal_publicar``) and by
``publish_scheduled`` alike, so the page is indexed again then.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signals import page_published, post_page_move

from .rutas import sitios_olvidar


@receiver(page_published)
def reindexar_procedimiento(sender, instance, **kwargs):
    from .models import ProcedimientoPage

    if isinstance(instance, ProcedimientoPage):
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )


@receiver(post_save)
@receiver(post_delete)
def olvidar_sitios(sender, instance, **kwargs):
    """``rutas.sitio_para`` keeps each site with its root page: any change to a
    site or a page (the sender is the page's own class) makes it read them
    again."""
    if isinstance(instance, Site | Page):
        sitios_olvidar()


@receiver(post_page_move)
def olvidar_sitios_al_mover(sender, **kwargs):
    sitios_olvidar()
