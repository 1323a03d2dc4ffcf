"""Keeps a procedure's search index up to date (connected in ``apps.py``).

Wagtail indexes a page when its row is saved (modelsearch's ``post_save``
handler), but a ClusterableModel writes its child rows (activities, definitions,
change-control rows) only after that: at that moment the index would read the
previous version's activities. ``page_published`` is sent once the whole
revision is written, by an approval (``services.version_formal_publicar``) and by
``publish_scheduled`` alike, so the page is indexed again then.
"""

from django.dispatch import receiver
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signals import page_published


@receiver(page_published)
def reindexar_procedimiento(sender, instance, **kwargs):
    from .models import ProcedimientoPage

    if isinstance(instance, ProcedimientoPage):
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )
