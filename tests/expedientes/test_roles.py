"""The procedure's role groups as ``roles_asegurar`` sets them up (the seed, the
demo): each group with exactly its permissions of ``permisos.ROLES``."""

import pytest

from django.contrib.auth.models import Group, Permission

from expedientes.permisos import ROLES, roles_asegurar

pytestmark = pytest.mark.django_db


def permisos_de_cada_grupo() -> dict[str, set[str]]:
    return {
        grupo.name: {
            f"{permiso.content_type.app_label}.{permiso.codename}"
            for permiso in grupo.permissions.select_related("content_type")
        }
        for grupo in Group.objects.filter(name__in=ROLES)
    }


def test_cada_rol_con_sus_permisos_desde_cero_y_otra_vez_igual():
    Group.objects.filter(name__in=ROLES).delete()
    roles_asegurar()
    esperados = {nombre: set(codigos) for nombre, codigos in ROLES.items()}
    assert permisos_de_cada_grupo() == esperados
    roles_asegurar()
    assert permisos_de_cada_grupo() == esperados
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)


def test_un_grupo_al_que_le_falta_un_permiso_lo_recupera():
    grupo = Group.objects.get(name=next(iter(ROLES)))
    grupo.permissions.clear()
    roles_asegurar()
    assert permisos_de_cada_grupo()[grupo.name] == set(ROLES[grupo.name])


def test_un_permiso_que_no_existe_se_dice():
    codigo = next(iter(ROLES.values()))[0]
    app, accion = codigo.split(".")
    Permission.objects.filter(content_type__app_label=app, codename=accion).delete()
    with pytest.raises(Permission.DoesNotExist, match=codigo):
        roles_asegurar()
