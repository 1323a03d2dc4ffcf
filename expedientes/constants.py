from django.db import models
from django.utils.translation import gettext_lazy as _

from planes.constants import TipoPlan  # noqa: F401 - the plans app owns it

#: Most files one upload may carry (each up to EXPEDIENTES_TAMANO_MAXIMO): the
#: annexes of a filing, the documents a municipality sends when asked.
MAX_ANEXOS = 10


class AutoridadAmbiental(models.TextChoices):
    CAS = "CAS", _("CAS · Corporación Autónoma Regional de Santander")
    CDMB = (
        "CDMB",
        _(
            "CDMB · Corporación Autónoma Regional para la Defensa de la Meseta de "
            "Bucaramanga"
        ),
    )


class TipoSolicitud(models.TextChoices):
    REVISION_GENERAL = "revision_general", _("Revisión general")
    REVISION_EXCEPCIONAL = "revision_excepcional", _("Revisión excepcional")
    MODIFICACION_EXCEPCIONAL = (
        "modificacion_excepcional",
        _("Modificación excepcional de norma urbanística"),
    )
    OTRA = "otra", _("Otra")


class Canal(models.TextChoices):
    ELECTRONICO = "electronico", _("Ventanilla electrónica")
    VENTANILLA = "ventanilla", _("Ventanilla única (en papel)")


class TipoDocumento(models.TextChoices):
    """What a stored file is: uploaded by the municipality or issued by a service."""

    OFICIO_SOLICITUD = "oficio_solicitud", _("Oficio de solicitud")
    ANEXO = "anexo", _("Anexo")
    CONSTANCIA_RADICACION = "constancia_radicacion", _("Constancia de radicación")
    REGISTRO_INTERNO = "registro_interno", _("Registro interno")
    OFICIO_RESPUESTA = "oficio_respuesta", _("Oficio de respuesta al solicitante")
    OFICIO_RESPUESTA_FIRMADO = (
        "oficio_respuesta_firmado",
        _("Oficio de respuesta firmado (escaneado)"),
    )
    ACTA_COMPROMISO = "acta_compromiso", _("Convenio o acta de compromiso")
    REGISTRO_ASISTENCIA = "registro_asistencia", _("Registro de asistencia")
    ACTA_REUNION = "acta_reunion", _("Acta de reunión")
    PLANILLA_ASESORIAS = (
        "planilla_asesorias",
        _("Planilla de asesorías y atención técnica"),
    )
    ACUERDO_MUNICIPAL = "acuerdo_municipal", _("Acuerdo municipal de adopción")
    DOCUMENTO_APORTADO = "documento_aportado", _("Documento aportado por el municipio")
    HOJA_CONTROL = "hoja_control", _("Hoja de control del expediente")


class EstadoSolicitud(models.TextChoices):
    """Where a case stands; ``actividad_actual`` says which activity, when open."""

    EN_TRAMITE = "en_tramite", _("En trámite")
    SUSPENDIDA = "suspendida", _("Suspendida")
    DESISTIDA = "desistida", _("Desistida")
    RECHAZADA = "rechazada", _("Rechazada")
    ARCHIVADA = "archivada", _("Archivada")


class TipoEvento(models.TextChoices):
    """One row of a case's append-only history (``EventoSolicitud``)."""

    COMPLETADA = "completada", _("Actividad completada")
    DEVUELTA = "devuelta", _("Devuelta a una actividad anterior")
    SUSPENDIDA = "suspendida", _("Suspendida")
    REANUDADA = "reanudada", _("Reanudada")
    PRORROGADA = "prorrogada", _("Término prorrogado")
    REASIGNADA = "reasignada", _("Reasignada")
    DESISTIDA = "desistida", _("Desistida")
    RECHAZADA = "rechazada", _("Rechazada")
    ARCHIVADA = "archivada", _("Archivada")
    SESION = "sesion", _("Sesión de asesoría registrada")
    SESION_PROGRAMADA = "sesion_programada", _("Sesión de asesoría programada")
    SESION_REPROGRAMADA = "sesion_reprogramada", _("Sesión de asesoría reprogramada")
    SESION_CANCELADA = "sesion_cancelada", _("Sesión de asesoría cancelada")
    COMPROMISO_CUMPLIDO = "compromiso_cumplido", _("Compromiso cumplido")
    DOCUMENTO = "documento", _("Documento añadido")


class Soporte(models.TextChoices):
    """The medium of an archived case file (FUID, Acuerdo AGN 042 de 2002)."""

    PAPEL = "papel", _("Papel")
    ELECTRONICO = "electronico", _("Electrónico")
    HIBRIDO = "hibrido", _("Híbrido")


class FrecuenciaConsulta(models.TextChoices):
    """How often a file is consulted (a column of the FUID)."""

    ALTA = "alta", _("Alta")
    MEDIA = "media", _("Media")
    BAJA = "baja", _("Baja")
    NINGUNA = "ninguna", _("Ninguna")


class DisposicionFinal(models.TextChoices):
    """What happens to a series when its retention ends (TRD, Acuerdo AGN 004 de
    2019): CT, E, S; microfilming or digitization is marked apart (M/D)."""

    CONSERVACION_TOTAL = "CT", _("Conservación total")
    ELIMINACION = "E", _("Eliminación")
    SELECCION = "S", _("Selección")


class ObjetoTransferencia(models.TextChoices):
    """Why a FUID is drawn up (Acuerdo AGN 042 de 2002, art. 7)."""

    PRIMARIA = "primaria", _("Transferencia primaria")
    SECUNDARIA = "secundaria", _("Transferencia secundaria")
    VALORACION = "valoracion", _("Valoración de fondos acumulados")
    FONDOS_ACUMULADOS = "fondos_acumulados", _("Fondos acumulados")
    INVENTARIO = "inventario", _("Inventario individual")
    OTRO = "otro", _("Otro")


class EstadoSesion(models.TextChoices):
    """Where a scheduled session stands (``SesionProgramada``): it is held once
    recorded (its ``SesionAsesoria``), or cancelled; never both."""

    PROGRAMADA = "programada", _("Programada")
    REALIZADA = "realizada", _("Realizada")
    CANCELADA = "cancelada", _("Cancelada")


class Modalidad(models.TextChoices):
    PRESENCIAL = "presencial", _("Presencial")
    VIRTUAL = "virtual", _("Virtual")
    MIXTA = "mixta", _("Mixta")


class TipoRevision(models.TextChoices):
    """Scope of the advice (activity 3): Ley 388 de 1997 and Decreto 1077 de 2015."""

    GENERAL = "general", _("Revisión general")
    EXCEPCIONAL = "excepcional", _("Revisión excepcional")
    MODIFICACION = "modificacion", _("Modificación excepcional de norma urbanística")


class ComponentePlan(models.TextChoices):
    """Components of a territorial plan (Ley 388 de 1997, art. 11)."""

    GENERAL = "general", _("Componente general")
    URBANO = "urbano", _("Componente urbano")
    RURAL = "rural", _("Componente rural")


class Institucion(models.TextChoices):
    GOBERNACION = "gobernacion", _("Gobernación de Santander")
    CAS = "CAS", _("CAS")
    CDMB = "CDMB", _("CDMB")
    MUNICIPIO = "municipio", _("Municipio")
    OTRA = "otra", _("Otra")


class MotivoRechazo(models.TextChoices):
    FUERA_DE_ALCANCE = "fuera_de_alcance", _("Fuera del alcance del procedimiento")
    INCOMPLETA = "incompleta", _("Solicitud incompleta")
    OTRO = "otro", _("Otro")
