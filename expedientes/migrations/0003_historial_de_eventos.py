"""The steps of a case become an append-only history of events (an activity may be
done again after a step back), and the radicado counter serves more series."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("expedientes", "0002_municipios"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ContadorRadicado", "Contador"),
        migrations.AlterField(
            model_name="contador",
            name="anio",
            field=models.PositiveSmallIntegerField(verbose_name="año"),
        ),
        migrations.AddField(
            model_name="contador",
            name="serie",
            field=models.CharField(
                choices=[("radicado", "Radicado"), ("registro", "Registro interno")],
                default="radicado",
                max_length=12,
                verbose_name="serie",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="pasosolicitud", name="actividad_una_vez_por_solicitud"
        ),
        migrations.RenameModel("PasoSolicitud", "EventoSolicitud"),
        migrations.RenameField("eventosolicitud", "completado_en", "fecha"),
        migrations.RenameField("eventosolicitud", "responsable", "actor"),
        migrations.AddField(
            model_name="eventosolicitud",
            name="tipo",
            # Every step recorded so far was an activity completed.
            field=models.CharField(default="completada", max_length=12),
            preserve_default=False,
        ),
    ]
