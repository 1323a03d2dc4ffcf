"""Plans of record for tests, recorded through the real service."""

import datetime

from django.contrib.auth import get_user_model

from planes.constants import ClaseActo, FuenteRegistro, TipoActo
from planes.services import DatosActo, acto_registrar


def registrador():
    """A superuser who records acts (created once per test database)."""
    usuario, creado = get_user_model().objects.get_or_create(
        username="registro.planes",
        defaults={"is_superuser": True, "is_staff": True, "email": "r@example.com"},
    )
    return usuario


def con_plan(
    municipio,
    *,
    tipo_plan: str = "POT",
    numero: str = "011",
    fecha: datetime.date = datetime.date(2014, 4, 30),
    tipo: str = TipoActo.ADOPCION,
    clase: str = ClaseActo.ACUERDO,
    fuente: str = FuenteRegistro.ACTO_DEL_MUNICIPIO,
    actor=None,
):
    return acto_registrar(
        municipio=municipio,
        datos=DatosActo(
            tipo=tipo,
            tipo_plan=tipo_plan,
            clase=clase,
            numero=numero,
            fecha=fecha,
            fuente=fuente,
            fuente_detalle="Oficio del municipio",
        ),
        actor=actor or registrador(),
    )
