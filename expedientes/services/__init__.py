"""State changes of cases. Views, the admin, the portal and commands all call these
functions: one path, one set of rules (DESIGN.md, decision 6).

``base.py`` is the skeleton every change stands on; ``radicacion.py`` files a
request (activity 1); ``actividades.py`` completes activities 2 to 5 by kind;
``sesiones.py`` schedules, reschedules, cancels and records activity 5's
sessions; ``compromisos.py`` reminds their commitments;
``acciones.py`` steps back, suspends, resumes, extends, reassigns, withdraws and
rejects; ``archivo.py`` archives the case file (activity 6), corrects issued records
and draws up the FUID.
"""

from ..codigos import cifrar_codigo, generar_codigo_acceso
from ..errores import AccionNoPermitida, SolicitudError
from ..permisos import roles_asegurar
from .acciones import (
    dias_por_prorrogar,
    documentos_aportar,
    solicitud_desistir,
    solicitud_devolver,
    solicitud_prorrogar,
    solicitud_reanudar,
    solicitud_reasignar,
    solicitud_rechazar,
    solicitud_suspender,
)
from .actividades import (
    DatosAlcance,
    DatosIntegrante,
    DatosResultado,
    actividad_brindar_apoyo_completar,
    actividad_completar,
    actividad_conformar_equipo,
    actividad_definir_alcance,
    actividad_registrar,
    oficio_firmado_adjuntar,
)
from .archivo import (
    DatosArchivo,
    DatosFuid,
    fuid_construir,
    hoja_control_borrador,
    registro_corregir,
    solicitud_archivar,
)
from .base import Transicion, transicion
from .compromisos import (
    compromiso_cumplir,
    compromisos_por_recordar,
    compromisos_recordar,
)
from .radicacion import (
    DatosSolicitud,
    datos_constancia,
    solicitud_consultar,
    solicitud_radicar,
)
from .sesiones import (
    DatosAsistente,
    DatosCompromiso,
    DatosInvitado,
    DatosProgramacion,
    DatosSesion,
    sesion_cancelar,
    sesion_programar,
    sesion_registrar,
    sesion_reprogramar,
)

__all__ = [
    "AccionNoPermitida",
    "DatosAlcance",
    "DatosArchivo",
    "DatosAsistente",
    "DatosCompromiso",
    "DatosFuid",
    "DatosIntegrante",
    "DatosInvitado",
    "DatosProgramacion",
    "DatosResultado",
    "DatosSesion",
    "DatosSolicitud",
    "SolicitudError",
    "Transicion",
    "actividad_brindar_apoyo_completar",
    "actividad_completar",
    "actividad_conformar_equipo",
    "actividad_definir_alcance",
    "actividad_registrar",
    "cifrar_codigo",
    "compromiso_cumplir",
    "compromisos_por_recordar",
    "compromisos_recordar",
    "datos_constancia",
    "dias_por_prorrogar",
    "documentos_aportar",
    "fuid_construir",
    "generar_codigo_acceso",
    "hoja_control_borrador",
    "oficio_firmado_adjuntar",
    "registro_corregir",
    "roles_asegurar",
    "sesion_cancelar",
    "sesion_programar",
    "sesion_registrar",
    "sesion_reprogramar",
    "solicitud_archivar",
    "solicitud_consultar",
    "solicitud_desistir",
    "solicitud_devolver",
    "solicitud_prorrogar",
    "solicitud_radicar",
    "solicitud_reanudar",
    "solicitud_reasignar",
    "solicitud_rechazar",
    "solicitud_suspender",
    "transicion",
]
