"""A superuser's delete of something other rows protect (a municipality with
requests, a user with history), one by one or in bulk: a Spanish message naming
what protects it, nothing deleted (it was a 500, ProtectedError)."""

import pytest

from django.urls import reverse

from expedientes.models import Municipio, Solicitud
from tests.casos import radicar

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_cliente(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        "jefe", "jefe@santander.gov.co", "clave-del-jefe-2026"
    )
    client.force_login(admin)
    return client


@pytest.fixture
def caso(version_vigente, usuario_municipal):
    return radicar(usuario_municipal)


def mensajes(respuesta) -> list[str]:
    return [str(m) for m in respuesta.context["messages"]]


def test_un_municipio_con_solicitudes_no_se_borra(admin_cliente, caso, municipio):
    url = reverse("wagtailsnippets_expedientes_municipio:delete", args=[municipio.pk])
    respuesta = admin_cliente.post(url, follow=True)
    assert respuesta.status_code == 200
    [mensaje] = mensajes(respuesta)
    assert mensaje.startswith(
        f"No se puede eliminar «{municipio}». Registros que lo impiden: 1 solicitud"
    )
    assert "Nada se eliminó." in mensaje
    assert Municipio.objects.filter(pk=municipio.pk).exists()


def test_varios_municipios_en_bloque_no_se_borra_ninguno(
    admin_cliente, caso, municipio, otro_municipio
):
    listado = reverse("wagtailsnippets_expedientes_municipio:list")
    url = reverse("wagtail_bulk_action", args=["expedientes", "municipio", "delete"])
    respuesta = admin_cliente.post(
        f"{url}?id={municipio.pk}&id={otro_municipio.pk}&next={listado}", follow=True
    )
    assert respuesta.status_code == 200
    assert respuesta.redirect_chain[-1][0] == listado
    [mensaje] = mensajes(respuesta)  # Girón has none: only Bucaramanga is named
    assert f"«{municipio}»" in mensaje
    assert (
        Municipio.objects.filter(pk__in=[municipio.pk, otro_municipio.pk]).count() == 2
    )


def test_un_municipio_sin_solicitudes_si_se_borra(admin_cliente, otro_municipio):
    url = reverse(
        "wagtailsnippets_expedientes_municipio:delete", args=[otro_municipio.pk]
    )
    respuesta = admin_cliente.post(url)
    assert respuesta.status_code == 302
    assert not Municipio.objects.filter(pk=otro_municipio.pk).exists()


def test_un_usuario_con_historia_no_se_borra(admin_cliente, caso, usuario_municipal):
    url = reverse("wagtailusers_users:delete", args=[usuario_municipal.pk])
    respuesta = admin_cliente.post(url, follow=True)
    assert respuesta.status_code == 200
    [mensaje] = mensajes(respuesta)
    assert f"«{usuario_municipal}»" in mensaje
    assert "Nada se eliminó." in mensaje
    usuario_municipal.refresh_from_db()
    assert Solicitud.objects.filter(pk=caso.pk).exists()


def test_usuarios_en_bloque_con_historia_no_se_borra_ninguno(
    admin_cliente, caso, usuario_municipal, django_user_model
):
    sin_historia = django_user_model.objects.create_user("nuevo", "n@x.co", "x")
    listado = reverse("wagtailusers_users:index")
    url = reverse("wagtail_bulk_action", args=["portal", "usuario", "delete"])
    respuesta = admin_cliente.post(
        f"{url}?id={usuario_municipal.pk}&id={sin_historia.pk}&next={listado}",
        follow=True,
    )
    assert respuesta.status_code == 200
    [mensaje] = mensajes(respuesta)
    assert f"«{usuario_municipal}»" in mensaje
    assert (
        django_user_model.objects.filter(
            pk__in=[usuario_municipal.pk, sin_historia.pk]
        ).count()
        == 2
    )


def test_un_usuario_sin_historia_si_se_borra(admin_cliente, django_user_model):
    nuevo = django_user_model.objects.create_user("nuevo", "n@x.co", "x")
    respuesta = admin_cliente.post(
        reverse("wagtailusers_users:delete", args=[nuevo.pk])
    )
    assert respuesta.status_code == 302
    assert not django_user_model.objects.filter(pk=nuevo.pk).exists()
