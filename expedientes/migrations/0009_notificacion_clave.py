"""Each e-mail gets a key (its Message-ID) and a claimed state, ``enviando``.

The key is added empty, filled row by row, and made unique and required in 0010
(Django's way to add a unique field to a table with rows).
"""

import uuid

from django.db import migrations, models


def dar_claves(apps, schema_editor):
    Notificacion = apps.get_model("expedientes", "Notificacion")
    for notificacion in Notificacion.objects.filter(clave__isnull=True).only("pk"):
        Notificacion.objects.filter(pk=notificacion.pk).update(clave=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("expedientes", "0008_trd_inicial")]

    operations = [
        migrations.AddField(
            model_name="notificacion",
            name="clave",
            field=models.UUIDField(editable=False, null=True, verbose_name="clave"),
        ),
        migrations.AddField(
            model_name="notificacion",
            name="envio_iniciado_en",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="envío iniciado el"
            ),
        ),
        migrations.RunPython(dar_claves, migrations.RunPython.noop),
    ]
