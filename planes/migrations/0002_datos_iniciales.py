"""Law as data and the starting state of the 87 plans.

Loads the constitutional periods and the legal terms from ``planes/data/*.tsv``
(``planes.datos``),
gives every municipality its plan row and copies what the municipality records
held (``tipo_plan``, ``acto_adopcion``, ``fecha_adopcion``, typed by staff or
written by archived cases) into an act whose source says plainly it must be
verified. Nothing is invented: a municipality with nothing recorded starts with
no act ("sin datos, por verificar").
"""

import re

from django.db import migrations

#: «Acuerdo 011 de 2014», «Decreto No. 45 de 2003».
ACTO = re.compile(
    r"^\s*(?P<clase>acuerdo|decreto)\s+(?:n(?:o|º|°|\.°)?\.?\s*)?(?P<numero>[\w-]+)"
    r"(?:\s+de\s+(?P<anio>\d{4}))?\s*$",
    re.IGNORECASE,
)


def cargar(apps, schema_editor):
    from planes.datos import cargar_leyes
    from planes.plazos import vigencias

    Periodo = apps.get_model("planes", "PeriodoConstitucional")
    Plazo = apps.get_model("planes", "PlazoLegal")
    Plan = apps.get_model("planes", "PlanMunicipal")
    Acto = apps.get_model("planes", "ActoPlan")
    Municipio = apps.get_model("expedientes", "Municipio")
    cargar_leyes(Periodo, Plazo)
    periodos = list(Periodo.objects.order_by("inicio"))
    cantidades = dict(Plazo.objects.values_list("clave", "cantidad"))
    for municipio in Municipio.objects.all():
        plan, _creado = Plan.objects.get_or_create(municipio=municipio)
        texto = (municipio.acto_adopcion or "").strip()
        if not (texto or municipio.fecha_adopcion or municipio.tipo_plan):
            continue
        leido = ACTO.match(texto)
        acto = Acto.objects.create(
            plan=plan,
            tipo="adopcion",
            tipo_plan=municipio.tipo_plan,
            clase=leido["clase"].lower() if leido else "",
            numero=leido["numero"] if leido else "",
            fecha=municipio.fecha_adopcion,
            descripcion="" if leido else texto[:200],
            fuente="carga_inicial",
            fuente_detalle="Registro del municipio en este sistema antes de 2026-12",
        )
        plan.tipo_plan = municipio.tipo_plan
        if acto.fecha:
            plan.acto_base = acto
            v = vigencias(
                acto.fecha,
                [(p.inicio, p.fin) for p in periodos],
                cantidades["vigencia_corto"],
                cantidades["vigencia_mediano"],
                cantidades["vigencia_largo"],
            )
            if v.periodo is not None:
                plan.periodo_adopcion = periodos[v.periodo]
            plan.fin_corto, plan.fin_mediano, plan.fin_largo = (
                v.fin_corto,
                v.fin_mediano,
                v.fin_largo,
            )
        plan.save()


class Migration(migrations.Migration):
    dependencies = [
        ("planes", "0001_initial"),
        ("expedientes", "0010_notificacion_clave_unica"),
    ]

    operations = [migrations.RunPython(cargar, migrations.RunPython.noop)]
