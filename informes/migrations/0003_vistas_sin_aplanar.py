# No operations: the SQL views of informes/vistas.py changed (a fence against
# the view being flattened into each aggregate, the latest mark's date, a
# fixed UTC offset on PostgreSQL), and they are recreated after every migrate
# that applies a migration (informes/apps.py). This one makes that happen.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("informes", "0002_vistas_de_tiempos"),
    ]

    operations = []
