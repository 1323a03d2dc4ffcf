"""Every e-mail's subject and text come from templates/expedientes/correos/ (issue
15): the words people receive, read back from the outbox, for the e-mails whose
text was written in Python before (the step, the inbox, an assignment, the team,
the filing, a suspension's note)."""

import pytest

from django.core import mail

from expedientes import tasks
from expedientes.services import solicitud_reasignar, solicitud_suspender
from tests.casos import llevar_a, radicar

pytestmark = pytest.mark.django_db


def _a(correo):
    """What ``correo`` received, sent as the worker sends it (records rendered)."""
    for pk in tasks.notificaciones_pendientes().values_list("solicitud", flat=True):
        tasks.procesar_solicitud(pk)
    return [m for m in mail.outbox if correo in m.to]


def test_los_asuntos_y_textos_salen_de_plantillas(
    usuario_municipal, personal, django_user_model
):
    caso = llevar_a(radicar(usuario_municipal), 5, personal)
    r = caso.radicado
    solicitante = caso.correo_solicitante
    asuntos = [m.subject for m in _a(solicitante)]
    assert asuntos[0] == f"Solicitud radicada: {r}"
    assert f"Señor(a) {caso.nombre_solicitante}:" in _a(solicitante)[0].body
    assert f"con el número {r}, el " in _a(solicitante)[0].body
    assert f"Solicitud {r}: Organizar los equipos de trabajo interinstitucional " in (
        " ".join(asuntos) + " "
    )
    assert any(a.endswith("(completada)") for a in asuntos[1:])
    [equipo] = _a("ana@cdmb.example")
    assert equipo.subject == f"Equipo de la solicitud {r}"
    assert equipo.body.startswith(
        "Usted integra el equipo interinstitucional de la asesoría «"
    )
    assert equipo.body.endswith(f"(radicado {r}). Adjuntamos el acta de compromiso.")
    [bandeja] = [
        m for m in _a(personal["profesional"].email) if "en su bandeja" in m.subject
    ]
    assert bandeja.subject == (
        f"Solicitud {r} en su bandeja: Brindar el apoyo para la revisión del POT"
    )

    mail.outbox.clear()
    solicitud_reasignar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        a=personal["profesional2"],
        motivo="Vacaciones",
    )
    [asignada] = _a(personal["profesional2"].email)
    assert asignada.subject == f"Le asignaron la solicitud {r}"
    assert asignada.body == (
        "Profesional Prueba le asignó la actividad 5 («Brindar el apoyo para la "
        f"revisión del POT») de la solicitud {r} del municipio de "
        f"{caso.municipio.nombre}.\nVacaciones"
    )

    mail.outbox.clear()
    solicitud_suspender(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        motivo="Falta el DTS <firmado> & escaneado",
    )
    [suspension] = _a(solicitante)
    assert suspension.subject == f"Solicitud {r}: Suspendida"
    assert (
        "Los términos quedan suspendidos hasta que el municipio aporte lo "
        "solicitado. Puede enviarlo desde la página de la solicitud en el portal; al "
        "hacerlo, el trámite se reanuda. Motivo completo:\n"
        "Falta el DTS <firmado> & escaneado"
    ) in suspension.body
