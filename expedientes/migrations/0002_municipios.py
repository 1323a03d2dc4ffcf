"""The 87 municipalities of Santander, from data/municipios-santander.tsv (DANE)."""

import csv
from pathlib import Path

from django.db import migrations

ARCHIVO = Path(__file__).resolve().parent.parent / "data" / "municipios-santander.tsv"


def leer_municipios():
    with ARCHIVO.open(encoding="utf-8") as archivo:
        filas = (linea for linea in archivo if not linea.startswith("#"))
        yield from csv.DictReader(filas, delimiter="\t")


def cargar(apps, schema_editor):
    Municipio = apps.get_model("expedientes", "Municipio")
    for fila in leer_municipios():
        Municipio.objects.update_or_create(
            codigo_divipola=fila["codigo_divipola"],
            defaults={
                "nombre": fila["nombre"],
                "provincia": fila["provincia"],
                "autoridad_ambiental": fila["autoridad_ambiental"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("expedientes", "0001_initial")]

    operations = [migrations.RunPython(cargar, migrations.RunPython.noop)]
