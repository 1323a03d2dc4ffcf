from django.db import models
from django.utils.translation import gettext_lazy as _


class TipoPlan(models.TextChoices):
    """Ley 388 de 1997, art. 9: the plan depends on the municipality's population."""

    POT = "POT", _("POT · Plan de ordenamiento territorial")
    PBOT = "PBOT", _("PBOT · Plan básico de ordenamiento territorial")
    EOT = "EOT", _("EOT · Esquema de ordenamiento territorial")


class TipoActo(models.TextChoices):
    """What an act did to the plan. An adoption or a general revision starts the
    terms of the contents again (Ley 388 de 1997, art. 28); an exceptional
    revision or modification (regulated in Decreto 1077 de 2015, Libro 2, Parte 2,
    Título 2, Capítulo 1, Sección 2, as Decreto 1232 de 2020 left it; the exact
    article is to be confirmed) changes contents without starting them again."""

    ADOPCION = "adopcion", _("Adopción del plan")
    REVISION_GENERAL = "revision_general", _("Revisión general")
    REVISION_EXCEPCIONAL = "revision_excepcional", _("Revisión excepcional")
    MODIFICACION_EXCEPCIONAL = (
        "modificacion_excepcional",
        _("Modificación excepcional de normas urbanísticas"),
    )


#: The kinds of act that start the short-, medium- and long-term contents again.
REINICIAN_VIGENCIAS = (TipoActo.ADOPCION, TipoActo.REVISION_GENERAL)


class ClaseActo(models.TextChoices):
    """Ley 388 de 1997, arts. 25 and 26: the Concejo adopts by Acuerdo; the mayor
    by decree when the Concejo did not decide within the term."""

    ACUERDO = "acuerdo", _("Acuerdo")
    DECRETO = "decreto", _("Decreto")


class FuenteRegistro(models.TextChoices):
    """Where the data of an act came from (shown beside it)."""

    ACUERDO_DEL_CASO = "acuerdo_del_caso", _("Acuerdo registrado en una asesoría")
    ACTO_DEL_MUNICIPIO = "acto_del_municipio", _("Acto enviado por el municipio")
    REGISTRO_NACIONAL = "registro_nacional", _("Registro nacional")
    CARGA_INICIAL = (
        "carga_inicial",
        _("Dato anterior del sistema, sin verificar"),
    )


class EstadoVigencia(models.TextChoices):
    """Where a plan stands against its terms. At the end of a term the plan stays
    in force until a new one is adopted (Ley 388 de 1997, art. 28): a term that
    ended means its revision is due, never that the plan lost force."""

    SIN_DATOS = "sin_datos", _("Sin acto de adopción con fecha registrado")
    CORTO = "corto", _("En el corto plazo")
    CORTO_CUMPLIDO = (
        "corto_cumplido",
        _("Corto plazo cumplido: procede revisar sus contenidos"),
    )
    MEDIANO_CUMPLIDO = (
        "mediano_cumplido",
        _("Mediano plazo cumplido: procede revisar sus contenidos"),
    )
    LARGO_CUMPLIDO = (
        "largo_cumplido",
        _("Largo plazo cumplido: revisión general debida (el plan sigue vigente)"),
    )


class UnidadPlazo(models.TextChoices):
    """How a legal term is counted (Ley 4 de 1913, art. 62: days are business days
    unless the norm says otherwise)."""

    DIAS_HABILES = "dias_habiles", _("días hábiles")
    DIAS_CALENDARIO = "dias_calendario", _("días calendario")
    PERIODOS = "periodos", _("períodos constitucionales")


class TipoRevision(models.TextChoices):
    """What the process under way will adopt: it decides the Concejo's term
    (``relojes-revision.tsv``: Ley 388 art. 26 for a new plan, Ley 810 de 2003
    art. 12 for a revision)."""

    PLAN_NUEVO = "plan_nuevo", _("Formulación de un plan nuevo")
    REVISION_GENERAL = "revision_general", _("Revisión general del plan")
    REVISION_EXCEPCIONAL = "revision_excepcional", _("Revisión excepcional")


class EtapaRevision(models.TextChoices):
    """The stages of a revision (Decreto 1077 de 2015, art. 2.2.2.1.2.1.1 and
    following, as Decreto 1232 de 2020 left them), in order, then the legal
    instances of Ley 388 de 1997, arts. 24 to 26."""

    SEGUIMIENTO = "seguimiento", _("Seguimiento y evaluación del plan vigente")
    PRELIMINAR = "preliminar", _("Etapa preliminar")
    DIAGNOSTICO = "diagnostico", _("Diagnóstico")
    FORMULACION = "formulacion", _("Formulación")
    CONCERTACION = "concertacion", _("Concertación ambiental")
    CONSULTA = "consulta", _("Concepto del Consejo Territorial de Planeación")
    CONCEJO = "concejo", _("Trámite ante el Concejo municipal")
    ADOPTADA = "adoptada", _("Adoptado")


class TipoHito(models.TextChoices):
    """A dated milestone of a revision. Which stage each opens is ``ETAPA_DE_HITO``;
    which legal clock each starts or stops is data (``data/relojes-revision.tsv``)."""

    SEGUIMIENTO = "seguimiento", _("Inicio del seguimiento y evaluación")
    PRELIMINAR = "preliminar", _("Inicio de la etapa preliminar")
    DIAGNOSTICO = "diagnostico", _("Inicio del diagnóstico")
    FORMULACION = "formulacion", _("Inicio de la formulación")
    RADICACION_CAR = (
        "radicacion_car",
        _("Radicación del proyecto ante la autoridad ambiental"),
    )
    CONCERTACION_CAR = "concertacion_car", _("Acta de concertación ambiental")
    RADICACION_JUNTA = (
        "radicacion_junta",
        _("Radicación del proyecto ante la Junta Metropolitana"),
    )
    CONCEPTO_JUNTA = "concepto_junta", _("Concertación con la Junta Metropolitana")
    RADICACION_CTP = (
        "radicacion_ctp",
        _("Entrega del proyecto al Consejo Territorial de Planeación"),
    )
    CONCEPTO_CTP = "concepto_ctp", _("Concepto del Consejo Territorial de Planeación")
    RADICACION_CONCEJO = (
        "radicacion_concejo",
        _("Presentación del proyecto al Concejo municipal"),
    )
    ADOPCION = "adopcion", _("Adopción (Acuerdo del Concejo o decreto del alcalde)")


#: The stage a milestone opens (the current stage is that of the latest one in
#: the order of ``TipoHito``).
ETAPA_DE_HITO: dict[str, str] = {
    TipoHito.SEGUIMIENTO: EtapaRevision.SEGUIMIENTO,
    TipoHito.PRELIMINAR: EtapaRevision.PRELIMINAR,
    TipoHito.DIAGNOSTICO: EtapaRevision.DIAGNOSTICO,
    TipoHito.FORMULACION: EtapaRevision.FORMULACION,
    TipoHito.RADICACION_CAR: EtapaRevision.CONCERTACION,
    TipoHito.CONCERTACION_CAR: EtapaRevision.CONCERTACION,
    TipoHito.RADICACION_JUNTA: EtapaRevision.CONCERTACION,
    TipoHito.CONCEPTO_JUNTA: EtapaRevision.CONCERTACION,
    TipoHito.RADICACION_CTP: EtapaRevision.CONSULTA,
    TipoHito.CONCEPTO_CTP: EtapaRevision.CONSULTA,
    TipoHito.RADICACION_CONCEJO: EtapaRevision.CONCEJO,
    TipoHito.ADOPCION: EtapaRevision.ADOPTADA,
}

#: Milestones only the municipalities of the Área Metropolitana de Bucaramanga
#: have (Ley 388 de 1997, art. 24 num. 2; ``data/area-metropolitana.tsv``).
HITOS_METROPOLITANOS = (TipoHito.RADICACION_JUNTA, TipoHito.CONCEPTO_JUNTA)


class FuenteHito(models.TextChoices):
    """Where staff learnt of a milestone (shown beside it)."""

    ASESORIA = "asesoria", _("Sesión o acta de una asesoría")
    MUNICIPIO = "municipio", _("Comunicación del municipio")
    AUTORIDAD = "autoridad", _("Comunicación de la autoridad ambiental o la Junta")
    CONCEJO = "concejo", _("Comunicación o acto del Concejo")


#: What must be recorded before each milestone, in the order of Ley 388 de 1997:
#: art. 24 num. 3 (the Consejo Territorial receives the project "una vez revisado
#: por las respectivas autoridades ambientales y metropolitanas"), art. 25 (the
#: Concejo after the Consejo's concept), art. 26 and Ley 810 de 2003 art. 12 (the
#: adoption after the presentation to the Concejo). Metropolitan milestones count
#: only for the Área Metropolitana's municipalities.
PREVIOS: dict[str, tuple[str, ...]] = {
    TipoHito.CONCERTACION_CAR: (TipoHito.RADICACION_CAR,),
    TipoHito.CONCEPTO_JUNTA: (TipoHito.RADICACION_JUNTA,),
    TipoHito.RADICACION_CTP: (TipoHito.CONCERTACION_CAR, TipoHito.CONCEPTO_JUNTA),
    TipoHito.CONCEPTO_CTP: (TipoHito.RADICACION_CTP,),
    TipoHito.RADICACION_CONCEJO: (TipoHito.CONCEPTO_CTP,),
    TipoHito.ADOPCION: (TipoHito.RADICACION_CONCEJO,),
}
