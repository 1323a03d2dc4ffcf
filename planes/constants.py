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
