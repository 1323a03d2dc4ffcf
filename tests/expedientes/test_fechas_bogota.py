"""Every date a person reads is Bogotá's, with the clock at 23:30 and at 00:30.

At 23:30 in Bogotá (UTC-5) it is already the next day in UTC; at 00:30 the UTC day
is the same but a date read as a UTC midnight falls on the day before. A case is
filed and walked through every activity, each step at that hour of its own day
(``time_machine``: the real clock, moved), by the real services; then every
record is read back as text (pypdf), every e-mail of the outbox, the listing's CSV
and XLSX, the FUID's three formats, the portal's request page and the admin's case
page. Each must state the steps' Bogotá dates, and none the day next to a step
(the UTC date at 23:30, or the day before at 00:30).

The steps fall on Fridays at 23:30 (so the UTC date is a Saturday) and on Mondays
at 00:30 (the day before, a Sunday): no business-day deadline or step can ever
fall on those days, so a weekend date next to a step found anywhere is a wrong
conversion, never a coincidence.
"""

from __future__ import annotations

import datetime
import io
import re
import zoneinfo
from dataclasses import dataclass

import openpyxl
import pytest
import time_machine
from pypdf import PdfReader

from django.core import mail

from expedientes.constants import Institucion, Modalidad
from expedientes.models import Documento, Solicitud
from expedientes.services import (
    DatosAsistente,
    DatosCompromiso,
    DatosResultado,
    DatosSesion,
    actividad_brindar_apoyo_completar,
    sesion_registrar,
    solicitud_archivar,
)
from tests.casos import completar, datos_archivo, pdf, radicar

pytestmark = pytest.mark.django_db

BOGOTA = zoneinfo.ZoneInfo("America/Bogota")
FECHA = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MESES = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre"
).split()
#: "15 de enero de 2027", as letters and the portal write dates out.
LARGA = re.compile(rf"\b(\d{{1,2}})\s+de\s+({'|'.join(MESES)})\s+de\s+(\d{{4}})", re.I)


@dataclass(frozen=True)
class Reloj:
    """Steps at ``hora`` on the same weekday of consecutive weeks."""

    nombre: str
    primer_dia: datetime.date
    hora: datetime.time
    #: The day next to a step that a wrong conversion would print.
    desfase: int

    def momento(self, semana: int) -> datetime.datetime:
        dia = self.primer_dia + datetime.timedelta(weeks=semana)
        return datetime.datetime.combine(dia, self.hora, tzinfo=BOGOTA)

    def dia(self, semana: int) -> datetime.date:
        return self.momento(semana).date()

    def prohibidos(self, semanas: int) -> set[datetime.date]:
        return {
            self.dia(s) + datetime.timedelta(days=self.desfase) for s in range(semanas)
        }


RELOJES = [
    # Fridays 23:30: UTC is Saturday 04:30.
    Reloj("23:30", datetime.date(2027, 1, 15), datetime.time(23, 30), +1),
    # Mondays 00:30: the day before is a Sunday.
    Reloj("00:30", datetime.date(2027, 1, 18), datetime.time(0, 30), -1),
]
#: Steps: 0 filing, 1 registro, 2 alcance (oficio), 3 equipo, 4 session and
#: activity 5 done, 5 archive.
SEMANAS = 6


def _texto_pdf(contenido: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)


def _fechas(texto: str) -> set[datetime.date]:
    fechas = set()
    for d, m, a in FECHA.findall(texto):
        fechas.add(datetime.date(int(a), int(m), int(d)))
    for a, m, d in ISO.findall(texto):
        fechas.add(datetime.date(int(a), int(m), int(d)))
    for d, mes, a in LARGA.findall(texto):
        fechas.add(datetime.date(int(a), MESES.index(mes.lower()) + 1, int(d)))
    return fechas


def _en(reloj: Reloj, semana: int):
    return time_machine.travel(reloj.momento(semana), tick=False)


def _caso_completo(
    reloj: Reloj, usuario_municipal, personal, capturar
) -> tuple[Solicitud, dict[str, str]]:
    """File and walk a case to its archive, one step a week at ``reloj.hora``;
    returns the case and the texts every person read, by where they read them."""
    with _en(reloj, 0), capturar(execute=True):
        solicitud = radicar(usuario_municipal)
    for semana in (1, 2, 3):
        with _en(reloj, semana), capturar(execute=True):
            completar(solicitud, personal)
    with _en(reloj, 4), capturar(execute=True):
        # The session happened this same day, an hour before; the Acuerdo was
        # adopted on the day of the session.
        sesion_registrar(
            solicitud=solicitud,
            actor=personal["profesional"],
            actividad=5,
            sesion=DatosSesion(
                # In UTC, as an API or a form in another zone may give it.
                fecha=(reloj.momento(4) - datetime.timedelta(minutes=20)).astimezone(
                    datetime.UTC
                ),
                modalidad=Modalidad.PRESENCIAL,
                lugar="Sala de juntas",
                temas="Diagnóstico",
                asistentes=[
                    DatosAsistente("Edwin Mendoza", Institucion.GOBERNACION, "Director")
                ],
                compromisos=[
                    DatosCompromiso(
                        "Enviar la cartografía",
                        "Municipio",
                        reloj.dia(4) + datetime.timedelta(days=4 * 7),
                    )
                ],
            ),
        )
        actividad_brindar_apoyo_completar(
            solicitud=solicitud,
            actor=personal["profesional"],
            actividad=5,
            resultado=DatosResultado(
                acuerdo_numero="017",
                acuerdo_fecha=reloj.dia(4),
                acuerdo_pdf=pdf("acuerdo.pdf", "Acuerdo 017"),
            ),
        )
    with _en(reloj, 5), capturar(execute=True):
        solicitud_archivar(
            solicitud=solicitud, actor=personal["archivo"], datos=datos_archivo()
        )
    solicitud.refresh_from_db()

    textos: dict[str, str] = {}
    for documento in Documento.objects.filter(solicitud=solicitud).exclude(
        datos__isnull=True
    ):
        with documento.archivo.open("rb") as archivo:
            textos[f"pdf {documento.tipo} {documento.pk}"] = _texto_pdf(archivo.read())
    for i, correo in enumerate(mail.outbox):
        textos[f"correo {i} {correo.subject}"] = f"{correo.subject}\n{correo.body}"
    return solicitud, textos


def _exportaciones(client, personal, solicitud, reloj: Reloj) -> dict[str, str]:
    """The listing's CSV and XLSX and the FUID's three formats, read as text."""
    textos = {}
    indice = "/admin/solicitudes/"
    with _en(reloj, 5):
        client.force_login(personal["archivo"])
        csv_ = client.get(indice, {"export": "csv"})
        assert csv_.status_code == 200, csv_.get("Location")
        textos["csv"] = b"".join(csv_.streaming_content).decode("utf-8-sig")
        xlsx = client.get(indice, {"export": "xlsx"})
        libro = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
        textos["xlsx"] = _texto_xlsx(libro)
        fuid = {}
        for formato in ("pdf", "csv", "xlsx"):
            respuesta = client.post(
                "/admin/solicitudes/transferencias/"
                + "?retencion=gestion&desde=2020-01-01&hasta=2099-12-31",
                {
                    "archivos": [solicitud.archivo.pk],
                    "objeto": "primaria",
                    "formato": formato,
                },
            )
            assert respuesta.status_code == 200, respuesta.content[:2000]
            fuid[formato] = respuesta
    textos["fuid pdf"] = _texto_pdf(fuid["pdf"].content)
    textos["fuid csv"] = fuid["csv"].content.decode("utf-8-sig")
    textos["fuid xlsx"] = _texto_xlsx(
        openpyxl.load_workbook(io.BytesIO(fuid["xlsx"].content))
    )
    textos["fuid nombre"] = fuid["pdf"]["Content-Disposition"]
    return textos


def _texto_xlsx(libro) -> str:
    """Every cell as a person sees it: dates in the format the cell carries."""
    partes = []
    for hoja in libro.worksheets:
        for fila in hoja.iter_rows():
            for celda in fila:
                valor = celda.value
                if isinstance(valor, datetime.datetime | datetime.date):
                    formato = celda.number_format.lower()
                    assert formato in ("dd/mm/yyyy hh:mm", "dd/mm/yyyy"), (
                        celda.coordinate,
                        celda.number_format,
                    )
                    partes.append(
                        valor.strftime(
                            "%d/%m/%Y %H:%M"
                            if formato.endswith("hh:mm")
                            else "%d/%m/%Y"
                        )
                    )
                elif valor is not None:
                    partes.append(str(valor))
    return "\n".join(partes)


@pytest.fixture(params=RELOJES, ids=lambda r: r.nombre)
def reloj(request):
    return request.param


def test_ninguna_fecha_es_la_del_dia_vecino(
    reloj,
    usuario_municipal,
    personal,
    django_capture_on_commit_callbacks,
    client,
    limites_vacios,
):
    solicitud, textos = _caso_completo(
        reloj, usuario_municipal, personal, django_capture_on_commit_callbacks
    )
    textos.update(_exportaciones(client, personal, solicitud, reloj))
    with _en(reloj, 5):
        client.force_login(usuario_municipal)
        portal = client.get(f"/solicitudes/{solicitud.radicado}/")
        textos["portal listado"] = client.get("/solicitudes/").content.decode()
    textos["portal"] = portal.content.decode()
    with _en(reloj, 5):
        client.force_login(personal["archivo"])
        caso = client.get(f"/admin/solicitudes/inspect/{solicitud.pk}/")
        textos["admin listado"] = client.get("/admin/solicitudes/").content.decode()
        textos["admin inicio"] = client.get("/admin/").content.decode()
        # The filing day, as a person types it in the filter, finds the case.
        dia = reloj.dia(0).isoformat()
        filtrado = client.get(
            "/admin/solicitudes/",
            {"radicada_en_after": dia, "radicada_en_before": dia},
        ).content.decode()
    textos["admin caso"] = caso.content.decode()
    assert solicitud.radicado in filtrado

    prohibidos = reloj.prohibidos(SEMANAS)
    errores = {
        donde: sorted(f.strftime("%d/%m/%Y") for f in _fechas(texto) & prohibidos)
        for donde, texto in textos.items()
    }
    assert not {k: v for k, v in errores.items() if v}
    # Each step's own day is where a person reads it.
    radicada = reloj.dia(0).strftime("%d/%m/%Y")
    oficio = next(t for k, t in textos.items() if k.startswith("pdf oficio_respuesta"))
    assert re.search(rf"Radicado\s+{solicitud.radicado}\s+del\s+{radicada}", oficio)
    constancia = next(
        t for k, t in textos.items() if k.startswith("pdf constancia_radicacion")
    )
    assert f"{radicada} {reloj.hora:%H:%M}" in constancia
    assert f"{radicada} {reloj.hora:%H:%M}" in textos["csv"]
    assert f"{radicada} {reloj.hora:%H:%M}" in textos["xlsx"]
    assert reloj.dia(5).isoformat() in textos["fuid nombre"]
    # The long dates are read too: the letter's and the portal's timeline.
    assert reloj.dia(2) in _fechas(oficio)
    assert reloj.dia(1) in _fechas(textos["portal"])
    acuerdo = reloj.dia(4).strftime("%d/%m/%Y")
    assert acuerdo in textos["portal"] or acuerdo in textos["admin caso"]


def _bandeja(numero: int) -> str:
    """The last "en su bandeja" e-mail of activity ``numero``."""
    correos = [
        c
        for c in mail.outbox
        if "en su bandeja" in c.subject and f"Actividad {numero}:" in c.body
    ]
    assert correos, f"ningún correo de bandeja de la actividad {numero}"
    return correos[-1].body


def _vence(solicitud: Solicitud) -> str:
    solicitud.refresh_from_db()
    return f"Vence el {solicitud.vence_el:%d/%m/%Y}."


def test_cada_correo_dice_el_plazo_de_la_actividad_que_anuncia(
    usuario_municipal, personal, django_capture_on_commit_callbacks
):
    """Activity 5's inbox e-mail gives activity 5's deadline, not activity 4's;
    after a step back, the activity it went back to; after an extension of
    activity 4, activity 5 still its own."""
    from expedientes.services import solicitud_devolver, solicitud_prorrogar

    with django_capture_on_commit_callbacks(execute=True):
        solicitud = radicar(usuario_municipal)
    assert _vence(solicitud) in _bandeja(2)
    for numero in (3, 4):
        with django_capture_on_commit_callbacks(execute=True):
            completar(solicitud, personal)
        assert _vence(solicitud) in _bandeja(numero)
    with django_capture_on_commit_callbacks(execute=True):
        solicitud_prorrogar(
            solicitud=solicitud,
            actor=personal["coordinador"],
            actividad=4,
            dias=5,
            motivo="Falta la delegada de la CDMB.",
        )
        completar(solicitud, personal)
    solicitud.refresh_from_db()
    assert solicitud.actividad_actual == 5
    # 120 días hábiles from today, not the 10 (+5) of activity 4.
    assert solicitud.vence_el == solicitud.fecha_limite_actividad
    assert _vence(solicitud) in _bandeja(5)
    with django_capture_on_commit_callbacks(execute=True):
        solicitud_devolver(
            solicitud=solicitud,
            actor=personal["profesional"],
            actividad=5,
            hacia=4,
            motivo="Falta un integrante del equipo.",
        )
    assert _vence(solicitud) in _bandeja(4)
    assert solicitud.vence_el == solicitud.fecha_limite_actividad
