"""The demo office's staff: one account per role of the procedure (``PERSONAL``),
and the municipal account that files a municipality's generated cases.

``personal_asegurar`` is called by ``crear_admin_demo`` (with passwords), by
``generar_casos`` and by the bench (without); the steps of a case
(``pasos.py``) act as the person of the group the case is waiting for
(``CLAVE_DE_GRUPO``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ..models import Municipio
from ..permisos import (
    COORDINACION,
    PROFESIONALES,
    SECRETARIA_DESPACHO,
    SECRETARIO,
    SEGUIMIENTO,
    VENTANILLA,
    roles_asegurar,
)

#: key, username, first name, last name, cargo (printed on records), group.
PERSONAL = (
    ("ventanilla", "recepcion", "Marta", "Pabón", "Recepcionista", VENTANILLA),
    (
        "despacho",
        "despacho",
        "Sandra Milena",
        "Ortiz Vargas",
        "Secretaria del despacho",
        SECRETARIA_DESPACHO,
    ),
    (
        "secretario",
        "secretario",
        "Héctor Julio",
        "Fuentes Durán",
        "Secretario de Planeación",
        SECRETARIO,
    ),
    (
        "coordinador",
        "coordinador",
        "Jorge Eliécer",
        "Castro Rueda",
        "Coordinador del grupo de planificación",
        COORDINACION,
    ),
    (
        "profesional",
        "profesional",
        "Diana Carolina",
        "Serrano Pinto",
        "Profesional universitaria",
        PROFESIONALES,
    ),
    (
        "seguimiento",
        "seguimiento",
        "Óscar Iván",
        "Mantilla Rey",
        "Profesional de seguimiento y evaluación",
        SEGUIMIENTO,
    ),
)

#: The person of each group who acts in the demo and generated cases.
CLAVE_DE_GRUPO = {grupo: clave for clave, *_resto, grupo in PERSONAL}


def personal_asegurar(*, con_clave: bool) -> dict[str, object]:
    """One account per role (``PERSONAL``), in its group; existing ones are kept.

    ``con_clave``: the password is the username (the demo, DEBUG only); otherwise
    the accounts get no usable password (load generation, the bench). An existing
    account is only added to its role's group if it is not in it yet, so the
    demo's ``secretario`` (also an approver of formal versions) acts in activity 3.
    """
    roles_asegurar()
    User = get_user_model()
    personal = {}
    for clave, usuario, nombre, apellido, cargo, grupo in PERSONAL:
        cuenta = User.objects.filter(username=usuario).first()
        if cuenta is None:
            cuenta = User.objects.create_user(
                usuario,
                email=f"{usuario}@localhost",
                password=usuario if con_clave else None,
                first_name=nombre,
                last_name=apellido,
                cargo=cargo,
            )
        if not cuenta.groups.filter(name=grupo).exists():
            cuenta.groups.add(Group.objects.get(name=grupo))
        personal[clave] = cuenta
    return personal


def cuenta_municipal(municipio: Municipio):
    """The municipality's account that files electronically in generated cases
    (no usable password: nobody logs in with it). Bucaramanga's demo account,
    when it exists, files Bucaramanga's."""
    User = get_user_model()
    existente = (
        User.objects.filter(municipio=municipio, is_active=True).order_by("pk").first()
    )
    if existente is not None:
        return existente
    return User.objects.create_user(
        f"planeacion-{municipio.codigo_divipola}",
        email=f"planeacion.{municipio.codigo_divipola}@municipio.example",
        password=None,
        first_name="Secretaría de Planeación",
        last_name=municipio.nombre,
        cargo="Secretario(a) de Planeación municipal",
        municipio=municipio,
    )
