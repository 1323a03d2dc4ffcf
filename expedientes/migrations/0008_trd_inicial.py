"""The TRD series ES-PE-PR-31 files its cases under, as a default to check.

The procedure names the records but not the Gobernación's TRD codes or retention
times: these are reasonable values for advice to municipalities on their
territorial plans (two years in the archivo de gestión after the file closes, eight
in the archivo central, conservación total with digitization, since the plans they
concern are of permanent value). The archive group edits them in the admin
("Tabla de retención documental") to match the TRD approved for the entity.
"""

from django.db import migrations

TIPOS = "\n".join(
    [
        "Oficio de solicitud",
        "Constancia de radicación",
        "Registro interno",
        "Oficio de respuesta al solicitante",
        "Convenio o acta de compromiso",
        "Registro de asistencia",
        "Acta de reunión",
        "Planilla de asesorías y atención técnica",
        "Acuerdo municipal de adopción",
        "Hoja de control del expediente",
    ]
)

SERIE = {
    "codigo_unidad": "1400",
    "unidad_administrativa": "Secretaría de Planeación",
    "codigo_dependencia": "1430",
    "dependencia": "Dirección de Prospectiva Territorial · Grupo de Seguimiento y "
    "Evaluación",
    "codigo_serie": "07",
    "serie": "Asistencias técnicas",
    "codigo_subserie": "02",
    "subserie": "Asesoría a municipios en ordenamiento territorial (POT, PBOT, EOT)",
    "tipos_documentales": TIPOS,
    "retencion_gestion": 2,
    "retencion_central": 8,
    "disposicion_final": "CT",
    "digitalizacion": True,
    "procedimiento": (
        "Valores iniciales de referencia: verifíquelos con la TRD convalidada de la "
        "Gobernación. Cumplido el tiempo en el archivo de gestión, el expediente se "
        "transfiere al archivo central con su FUID (transferencia primaria). Al "
        "terminar su retención en el archivo central se conserva totalmente por su "
        "valor histórico para el ordenamiento del territorio y se digitaliza para su "
        "consulta."
    ),
}


def cargar(apps, schema_editor):
    SerieDocumental = apps.get_model("expedientes", "SerieDocumental")
    SerieDocumental.objects.get_or_create(
        codigo_dependencia=SERIE["codigo_dependencia"],
        codigo_serie=SERIE["codigo_serie"],
        codigo_subserie=SERIE["codigo_subserie"],
        defaults=SERIE,
    )


class Migration(migrations.Migration):
    dependencies = [("expedientes", "0007_archivo_y_trd")]

    operations = [migrations.RunPython(cargar, migrations.RunPython.noop)]
