"""The case page in the admin (views.CasoView) and one POST-only view per action:
what each role sees, what each action does, and that a refused action changes
nothing and says why."""

import datetime
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expedientes.constants import EstadoSolicitud, TipoDocumento, TipoEvento
from expedientes.models import Documento, EventoSolicitud, SesionAsesoria, Solicitud
from tests.casos import completar, llevar_a, pdf, radicar
from tests.factories import SolicitudFactory, anexos_guardados, pdf_de_prueba
from tests.utils import texto_visible

pytestmark = pytest.mark.django_db


def caso_url(solicitud):
    return f"/admin/solicitudes/inspect/{solicitud.pk}/"


def accion_url(solicitud, accion):
    return f"/admin/solicitudes/{accion}/{solicitud.pk}/"


def ver(client, usuario, solicitud):
    client.force_login(usuario)
    respuesta = client.get(caso_url(solicitud))
    assert respuesta.status_code == 200
    return respuesta


def eventos(solicitud):
    return EventoSolicitud.objects.filter(solicitud=solicitud).count()


def test_la_pagina_del_caso_muestra_datos_linea_de_tiempo_documentos_e_historial(
    client, usuario_municipal, personal
):
    solicitud = llevar_a(radicar(usuario_municipal), 3, personal)
    respuesta = ver(client, personal["despacho"], solicitud)
    texto = texto_visible(respuesta.content.decode())
    assert solicitud.radicado in texto
    assert "Revisión general del POT" in texto
    assert "Laura Rincón" in texto
    assert solicitud.numero_registro in texto
    assert "Completada el" in texto and "Despacho Prueba" in texto
    assert "En curso" in texto
    assert "Oficio de solicitud" in texto and "Registro interno" in texto
    assert "Historial" in texto and "Actividad completada" in texto
    # Despacho may not act in activity 3: no forms at all.
    assert "Lo que puede hacer" not in texto


def test_un_profesional_no_ve_el_formulario_de_alcance_y_el_secretario_si(
    client, personal
):
    solicitud = SolicitudFactory(en_actividad=3)
    texto = texto_visible(ver(client, personal["profesional"], solicitud).content)
    assert "Tipo de revisión" not in texto
    assert (
        'name="tipo_revision"'
        not in ver(client, personal["profesional"], solicitud).content.decode()
    )

    html = ver(client, personal["secretario"], solicitud).content.decode()
    assert 'name="tipo_revision"' in html
    assert f'action="{accion_url(solicitud, "completar")}"' in html
    assert f'action="{accion_url(solicitud, "rechazar")}"' in html
    assert f'action="{accion_url(solicitud, "devolver")}"' in html
    assert 'name="actividad" value="3"' in html


def test_personal_descarga_los_documentos_y_el_municipio_no_entra_al_admin(
    client, usuario_municipal, personal
):
    solicitud = radicar(usuario_municipal)
    completar(solicitud, personal)
    oficio = Documento.objects.get(
        solicitud=solicitud, tipo=TipoDocumento.OFICIO_SOLICITUD
    )
    html = ver(client, personal["profesional"], solicitud).content.decode()
    url = f"/admin/solicitudes/documento/{solicitud.pk}/{oficio.pk}/"
    assert url in html
    # A record whose PDF is still being generated is listed, without a link.
    assert "Registro interno" in texto_visible(html) and "generándose" in html
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content).startswith(b"%PDF")
    assert "attachment" in respuesta["Content-Disposition"]
    # Another case's path does not serve this file.
    otra = radicar(usuario_municipal)
    assert (
        client.get(f"/admin/solicitudes/documento/{otra.pk}/{oficio.pk}/").status_code
        == 404
    )

    client.force_login(usuario_municipal)
    for pagina in (url, caso_url(solicitud), "/admin/solicitudes/", "/admin/"):
        respuesta = client.get(pagina)
        assert respuesta.status_code in (302, 403), pagina
        if respuesta.status_code == 302:
            assert "/login/" in respuesta["Location"]


def test_registrar_actividad_2_desde_el_admin(client, usuario_municipal, personal):
    solicitud = radicar(usuario_municipal)
    client.force_login(personal["despacho"])
    respuesta = client.post(
        accion_url(solicitud, "completar"),
        {
            "actividad": 2,
            "observaciones": "Recibida <completa>",
            "dirigida_a": personal["secretario"].pk,
        },
        follow=True,
    )
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 3
    assert solicitud.asignada_a == personal["secretario"]
    texto = texto_visible(respuesta.content)
    assert f"registrada con el número {solicitud.numero_registro}" in texto
    assert "Recibida <completa>" in texto  # escaped in HTML, read back as text


def test_completar_es_solo_post(client, usuario_municipal, personal):
    solicitud = radicar(usuario_municipal)
    client.force_login(personal["despacho"])
    assert client.get(accion_url(solicitud, "completar")).status_code == 405


def test_otro_rol_no_completa_y_nada_cambia(client, usuario_municipal, personal):
    solicitud = radicar(usuario_municipal)
    client.force_login(personal["profesional"])
    antes = eventos(solicitud)
    respuesta = client.post(
        accion_url(solicitud, "completar"), {"actividad": 2, "observaciones": "x"}
    )
    assert respuesta.status_code == 403
    assert "Su rol no permite esta acción" in texto_visible(respuesta.content)
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 2 and not solicitud.numero_registro
    assert eventos(solicitud) == antes


def test_dos_personas_a_la_vez_la_segunda_sabe_quien_actuo(
    client, usuario_municipal, personal, django_user_model
):
    from django.contrib.auth.models import Group

    otra = django_user_model.objects.create_user(
        "despacho2", first_name="Otra", last_name="Secretaria"
    )
    otra.groups.add(Group.objects.get(name="Secretaría del despacho"))
    solicitud = radicar(usuario_municipal)
    completar(solicitud, personal)  # Despacho Prueba registers first
    antes = eventos(solicitud)
    client.force_login(otra)
    respuesta = client.post(
        accion_url(solicitud, "completar"), {"actividad": 2, "observaciones": "yo"}
    )
    assert respuesta.status_code == 409
    texto = texto_visible(respuesta.content)
    assert "ya no está en la actividad 2" in texto
    assert "Despacho Prueba" in texto
    assert eventos(solicitud) == antes
    assert (
        Documento.objects.filter(
            solicitud=solicitud, tipo=TipoDocumento.REGISTRO_INTERNO
        ).count()
        == 1
    )


def test_definir_alcance_desde_el_admin(client, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    client.force_login(personal["secretario"])
    respuesta = client.post(
        accion_url(solicitud, "completar"),
        {
            "actividad": 3,
            "tipo_revision": "general",
            "componentes": ["general", "rural"],
            "modalidad": "virtual",
            "duracion_estimada": "Seis meses",
            "observaciones": "",
        },
        follow=True,
    )
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 4
    assert solicitud.respondida_en is not None
    assert "Se expidió el oficio de respuesta" in texto_visible(respuesta.content)
    assert Documento.objects.filter(
        solicitud=solicitud, tipo=TipoDocumento.OFICIO_RESPUESTA
    ).exists()


def test_alcance_sin_componentes_muestra_el_error_y_nada_cambia(client, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    client.force_login(personal["secretario"])
    respuesta = client.post(
        accion_url(solicitud, "completar"),
        {"actividad": 3, "tipo_revision": "general", "modalidad": "virtual"},
    )
    assert respuesta.status_code == 200
    assert 'name="tipo_revision"' in respuesta.content.decode()
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 3


def datos_equipo(**cambios):
    datos = {
        "actividad": 4,
        "objeto": "Acompañar la revisión",
        "compromisos": "Cada parte aporta su información.",
        "integrantes-TOTAL_FORMS": 3,
        "integrantes-INITIAL_FORMS": 0,
        "integrantes-0-nombre": "Edwin Mendoza",
        "integrantes-0-institucion": "gobernacion",
        "integrantes-0-rol": "Director",
        "integrantes-0-correo": "edwin@santander.example",
        "integrantes-0-coordina": "on",
        "integrantes-1-nombre": "Ana Ruiz",
        "integrantes-1-institucion": "CDMB",
        "integrantes-1-rol": "Profesional ambiental",
        # An unused row, as a browser sends it: ignored.
        "integrantes-2-nombre": "",
        "integrantes-2-institucion": "",
        "integrantes-2-rol": "",
        "integrantes-2-correo": "",
    }
    datos.update(cambios)
    return datos


def test_conformar_el_equipo_con_su_formset(client, personal):
    solicitud = SolicitudFactory(en_actividad=4)
    client.force_login(personal["coordinador"])
    respuesta = client.post(
        accion_url(solicitud, "completar"), datos_equipo(), follow=True
    )
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 5
    texto = texto_visible(respuesta.content)
    assert "Equipo conformado" in texto
    assert "Equipo de trabajo interinstitucional" in texto
    assert "Ana Ruiz" in texto and "Gobernación de Santander" in texto


def test_el_equipo_sin_coordinador_se_rechaza_en_el_formulario(client, personal):
    solicitud = SolicitudFactory(en_actividad=4)
    client.force_login(personal["coordinador"])
    datos = datos_equipo()
    del datos["integrantes-0-coordina"]
    respuesta = client.post(accion_url(solicitud, "completar"), datos)
    assert "una sola persona que coordina" in texto_visible(respuesta.content)
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 4


def datos_sesion(**cambios):
    datos = {
        "actividad": 5,
        # A session already held (this minute, in Bogotá), after the filing.
        "fecha": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "modalidad": "presencial",
        "lugar": "Sala de juntas",
        "temas": "Diagnóstico urbano",
        "desarrollo": "",
        "proximos_pasos": "Enviar cartografía",
        "asistentes-TOTAL_FORMS": 2,
        "asistentes-INITIAL_FORMS": 0,
        "asistentes-0-nombre": "Luis Peña",
        "asistentes-0-institucion": "municipio",
        "asistentes-0-cargo": "Secretario",
        "compromisos-TOTAL_FORMS": 1,
        "compromisos-INITIAL_FORMS": 0,
        "compromisos-0-descripcion": "Enviar la cartografía",
        "compromisos-0-responsable": "Municipio",
        "compromisos-0-fecha_limite": "2026-04-01",
    }
    datos.update(cambios)
    return datos


def test_registrar_sesion_y_terminar_la_asesoria(client, personal):
    solicitud = SolicitudFactory(en_actividad=5)
    client.force_login(personal["profesional"])
    # Without a session the service refuses to complete.
    respuesta = client.post(
        accion_url(solicitud, "completar"),
        {"actividad": 5, "sin_acuerdo_motivo": "El concejo no ha sesionado."},
    )
    assert respuesta.status_code == 409
    assert "al menos una sesión" in texto_visible(respuesta.content)

    datos = datos_sesion()
    respuesta = client.post(
        accion_url(solicitud, "registrar_sesion"), datos, follow=True
    )
    assert "Sesión 1 registrada" in texto_visible(respuesta.content)
    sesion = SesionAsesoria.objects.get(solicitud=solicitud)
    assert sesion.asistentes.count() == 1 and sesion.compromisos.count() == 1
    # Typed in Bogotá's time (UTC-5): stored as that moment.
    tecleada = datetime.datetime.strptime(datos["fecha"], "%Y-%m-%dT%H:%M")
    assert sesion.fecha == tecleada.replace(tzinfo=datetime.UTC) + datetime.timedelta(
        hours=5
    )

    respuesta = client.post(
        accion_url(solicitud, "completar"),
        {
            "actividad": 5,
            "acuerdo_numero": "012",
            "acuerdo_fecha": timezone.localdate().isoformat(),
            "acuerdo_pdf": SimpleUploadedFile(
                "acuerdo.pdf", pdf_de_prueba(), "application/pdf"
            ),
        },
        follow=True,
    )
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 6
    assert solicitud.grupo_actual == "Seguimiento y evaluación"
    texto = texto_visible(respuesta.content)
    assert "Asesoría terminada" in texto
    assert "Acuerdo municipal 012" in texto


def test_la_sesion_sin_asistentes_no_se_registra(client, personal):
    solicitud = SolicitudFactory(en_actividad=5)
    client.force_login(personal["profesional"])
    datos = datos_sesion()
    datos["asistentes-0-nombre"] = ""
    datos["asistentes-0-institucion"] = ""
    datos["asistentes-0-cargo"] = ""
    respuesta = client.post(accion_url(solicitud, "registrar_sesion"), datos)
    assert "al menos un asistente" in texto_visible(respuesta.content)
    assert not SesionAsesoria.objects.filter(solicitud=solicitud).exists()


def test_suspender_y_reanudar(client, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    client.force_login(personal["secretario"])
    respuesta = client.post(
        accion_url(solicitud, "suspender"),
        {"actividad": 3, "motivo": "Falta la cartografía"},
        follow=True,
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.SUSPENDIDA
    texto = texto_visible(respuesta.content)
    assert "Solicitud suspendida" in texto
    assert "Suspensiones y prórrogas" in texto and "Falta la cartografía" in texto
    assert f'action="{accion_url(solicitud, "reanudar")}"' in respuesta.content.decode()

    respuesta = client.post(accion_url(solicitud, "reanudar"), {"motivo": ""})
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE


def test_suspender_sin_motivo_no_cambia_nada(client, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    client.force_login(personal["secretario"])
    respuesta = client.post(accion_url(solicitud, "suspender"), {"actividad": 3})
    assert "Escriba qué debe aportar el municipio." in texto_visible(respuesta.content)
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE


def test_prorrogar_y_su_limite(client, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    limite = solicitud.fecha_limite
    client.force_login(personal["secretario"])
    respuesta = client.post(
        accion_url(solicitud, "prorrogar"),
        {"actividad": 3, "dias": 99, "motivo": "Complejidad"},
    )
    # The form knows the rule's limit (services.dias_por_prorrogar).
    assert respuesta.status_code == 200
    assert "no puede superar el término original" in texto_visible(respuesta.content)
    respuesta = client.post(
        accion_url(solicitud, "prorrogar"),
        {"actividad": 3, "dias": 5, "motivo": "Complejidad"},
        follow=True,
    )
    solicitud.refresh_from_db()
    assert solicitud.fecha_limite > limite
    assert "Término prorrogado" in texto_visible(respuesta.content)


def test_reasignar_dentro_del_grupo(client, personal):
    solicitud = SolicitudFactory(en_actividad=5)
    client.force_login(personal["profesional"])
    html = ver(client, personal["profesional"], solicitud).content.decode()
    assert "Profesional2 Prueba" in html
    client.post(
        accion_url(solicitud, "reasignar"),
        {"actividad": 5, "a": personal["profesional2"].pk, "motivo": ""},
    )
    solicitud.refresh_from_db()
    assert solicitud.asignada_a == personal["profesional2"]
    # Someone outside the group is not even a choice: the form refuses it.
    respuesta = client.post(
        accion_url(solicitud, "reasignar"),
        {"actividad": 5, "a": personal["secretario"].pk},
    )
    assert respuesta.status_code == 200
    solicitud.refresh_from_db()
    assert solicitud.asignada_a == personal["profesional2"]


def test_devolver_a_una_actividad_anterior(client, personal):
    solicitud = SolicitudFactory(en_actividad=4)
    client.force_login(personal["coordinador"])
    client.post(
        accion_url(solicitud, "devolver"),
        {"actividad": 4, "hacia": 3, "motivo": "Aclarar el alcance"},
    )
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 3
    assert EventoSolicitud.objects.filter(
        solicitud=solicitud, tipo=TipoEvento.DEVUELTA, motivo="Aclarar el alcance"
    ).exists()


def test_rechazar_y_luego_nada_mas_que_archivar(client, personal):
    solicitud = SolicitudFactory(en_actividad=3)
    client.force_login(personal["secretario"])
    respuesta = client.post(
        accion_url(solicitud, "rechazar"),
        {"actividad": 3, "motivo": "fuera_de_alcance", "fundamentos": "No es POT."},
        follow=True,
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.RECHAZADA
    assert "Solicitud rechazada" in texto_visible(respuesta.content)
    respuesta = client.post(
        accion_url(solicitud, "suspender"), {"actividad": 3, "motivo": "x"}
    )
    assert respuesta.status_code == 409
    assert "fue rechazada" in texto_visible(respuesta.content)


def test_desistir(client, personal):
    solicitud = SolicitudFactory(en_actividad=4)
    client.force_login(personal["coordinador"])
    client.post(accion_url(solicitud, "desistir"), {"motivo": "Oficio del alcalde"})
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.DESISTIDA
    assert solicitud.grupo_actual == "Seguimiento y evaluación"


def test_adjuntar_el_oficio_firmado(client, usuario_municipal, personal):
    solicitud = llevar_a(radicar(usuario_municipal), 4, personal)
    client.force_login(personal["coordinador"])
    respuesta = client.post(
        accion_url(solicitud, "adjuntar_firmado"), {"archivo": pdf("firmado.pdf")}
    )
    assert respuesta.status_code == 403
    client.force_login(personal["secretario"])
    respuesta = client.post(
        accion_url(solicitud, "adjuntar_firmado"),
        {"archivo": pdf("firmado.pdf")},
        follow=True,
    )
    assert "Oficio firmado añadido" in texto_visible(respuesta.content)
    assert Documento.objects.filter(
        solicitud=solicitud, tipo=TipoDocumento.OFICIO_RESPUESTA_FIRMADO
    ).exists()


def test_ninguna_pantalla_edita_ni_borra_casos(client, usuario_municipal, personal):
    solicitud = radicar(usuario_municipal)
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("jefe", "jefe@x.co", "x")
    client.force_login(admin)
    for url in (
        f"/admin/solicitudes/edit/{solicitud.pk}/",
        f"/admin/solicitudes/delete/{solicitud.pk}/",
    ):
        for respuesta in (client.get(url), client.post(url, {})):
            # Wagtail answers a denied admin page by sending home with a message.
            assert respuesta.status_code in (302, 403)
            if respuesta.status_code == 302:
                assert respuesta["Location"] == "/admin/"
    assert Solicitud.objects.filter(pk=solicitud.pk).exists()
    html = ver(client, admin, solicitud).content.decode()
    assert not re.search(r"/admin/solicitudes/(edit|delete)/", html)


def _anexos_y_sesiones(solicitud, autor, anexos: int, sesiones: int) -> None:
    """``anexos`` stored files and ``sesiones`` held sessions (two attendees and
    two commitments each) more on the case, as bench part 7's big case."""
    from expedientes.constants import Institucion, Modalidad
    from expedientes.models import AsistenteSesion, Compromiso

    anexos_guardados(
        solicitud,
        anexos,
        contenido=pdf_de_prueba(),
        paginas=1,
        evento=solicitud.eventos.order_by("fecha", "pk").first(),
        creado_por=autor,
    )
    desde = SesionAsesoria.objects.filter(solicitud=solicitud).count()
    for n in range(desde + 1, desde + sesiones + 1):
        sesion = SesionAsesoria.objects.create(
            solicitud=solicitud,
            numero=n,
            fecha=timezone.now() - datetime.timedelta(days=60 - n),
            modalidad=Modalidad.values[0],
            lugar="Sala de juntas",
            temas=f"Componente {n}.",
            desarrollo="Se revisó el avance.",
            registrada_por=autor,
            registrada_en=timezone.now(),
        )
        for i in range(2):
            AsistenteSesion.objects.create(
                sesion=sesion,
                nombre=f"Asistente {i}",
                institucion=Institucion.values[0],
                cargo="Profesional",
            )
            Compromiso.objects.create(
                sesion=sesion,
                descripcion=f"Ajuste {i}.",
                responsable="Municipio",
                fecha_limite=timezone.localdate() + datetime.timedelta(days=14),
            )


def test_la_pagina_del_caso_hace_las_mismas_consultas_con_2_y_con_20_archivos(
    client, usuario_municipal, personal
):
    """Issue 18: the case page's queries do not grow with its files, sessions,
    attendees and commitments (bench part 7 measures it with 500 and 50), and
    each file's download link is the one its view answers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    solicitud = llevar_a(radicar(usuario_municipal), 5, personal)
    usuario = personal["profesional"]
    client.force_login(usuario)

    def consultas() -> tuple[int, str]:
        client.get(caso_url(solicitud))
        with CaptureQueriesContext(connection) as capturadas:
            respuesta = client.get(caso_url(solicitud))
        assert respuesta.status_code == 200
        return len(capturadas.captured_queries), respuesta.content.decode()

    _anexos_y_sesiones(solicitud, usuario, anexos=2, sesiones=1)
    pocas, _html = consultas()
    _anexos_y_sesiones(solicitud, usuario, anexos=18, sesiones=5)
    muchas, html = consultas()
    assert muchas == pocas
    assert html.count("Asistente 1 (") == 6
    enlaces = re.findall(r'href="(/admin/solicitudes/documento/[0-9]+/[0-9]+/)"', html)
    anexos = Documento.objects.filter(solicitud=solicitud, tipo=TipoDocumento.ANEXO)
    assert anexos.count() == 20
    for anexo in anexos:
        url = f"/admin/solicitudes/documento/{solicitud.pk}/{anexo.pk}/"
        assert url in enlaces
    respuesta = client.get(enlaces[-1])
    assert respuesta.status_code == 200
