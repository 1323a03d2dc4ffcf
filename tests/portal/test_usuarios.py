"""Accounts carry the cargo printed on documents; staff edit it in the admin."""

import pytest

from portal.models import Usuario


@pytest.fixture
def admin_client(client, db):
    jefe = Usuario.objects.create_superuser("jefe", "jefe@example.com", "x")
    client.force_login(jefe)
    return client


def test_crear_y_editar_un_usuario_con_su_cargo(admin_client):
    respuesta = admin_client.post(
        "/admin/users/new/",
        {
            "username": "hfuentes",
            "email": "hfuentes@example.com",
            "first_name": "Héctor Julio",
            "last_name": "Fuentes Durán",
            "cargo": "Secretario de Planeación",
            "password1": "una-clave-bastante-larga-2026",
            "password2": "una-clave-bastante-larga-2026",
        },
    )
    assert respuesta.status_code == 302
    usuario = Usuario.objects.get(username="hfuentes")
    assert usuario.cargo == "Secretario de Planeación"
    assert usuario.nombre == "Héctor Julio Fuentes Durán"

    formulario = admin_client.get(f"/admin/users/edit/{usuario.pk}/")
    assert b'name="cargo"' in formulario.content
    respuesta = admin_client.post(
        f"/admin/users/edit/{usuario.pk}/",
        {
            "username": "hfuentes",
            "email": "hfuentes@example.com",
            "first_name": "Héctor Julio",
            "last_name": "Fuentes Durán",
            "cargo": "Secretario de Planeación (e)",
            "is_active": "on",
        },
    )
    assert respuesta.status_code == 302
    usuario.refresh_from_db()
    assert usuario.cargo == "Secretario de Planeación (e)"


def test_la_pagina_de_cuenta_no_ofrece_zonas_horarias(admin_client):
    """Everyone works in Colombian time: the account page asks for no time zone
    (its default list is the server's zoneinfo, whose "localtime" entry broke the
    page's script), and dates are shown in Bogotá's."""
    respuesta = admin_client.get("/admin/account/")
    assert respuesta.status_code == 200
    assert b"current_time_zone" not in respuesta.content
    assert b"localtime" not in respuesta.content
