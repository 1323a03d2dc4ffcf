"""Forms of the cases app: they validate input and hand it to a service.

``radicacion`` collects a filing (the portal's form and the Ventanilla única's);
``actividades`` one form per kind of activity (``TipoActividad``); ``acciones`` the
other actions on a case (step back, suspend, extend…); ``archivo`` activity 6
(archiving, corrections of issued records, the FUID); ``sesiones`` schedules,
reschedules and cancels activity 5's sessions; ``cargas`` the mixin that
bounds every form's uploads per request. The admin views that use ``acciones``
and ``archivo`` are in ``views/``, wired in ``viewsets.SolicitudViewSet``.
"""

from .acciones import (
    DesistirForm,
    DevolverForm,
    OficioFirmadoForm,
    ProrrogarForm,
    ReanudarForm,
    ReasignarForm,
    RechazarForm,
    SuspenderForm,
)
from .actividades import (
    AGREGAR_FILA,
    AlcanceForm,
    AsistenteFormSet,
    CompromisoFormSet,
    EquipoForm,
    GenericaForm,
    IntegranteFormSet,
    RegistroForm,
    ResultadoForm,
    SesionForm,
    sin_errores,
)
from .archivo import ArchivarForm, CorregirForm, FuidForm
from .base import AccionForm
from .cargas import ArchivosAcotadosMixin
from .radicacion import (
    EXTENSION,
    MAX_ANEXOS,
    MENSAJES_OBLIGATORIOS,
    TELEFONO,
    CamposSolicitudForm,
    RadicacionVentanillaForm,
    VariosArchivosInput,
    VariosPDFField,
    validar,
)
from .sesiones import (
    CancelarSesionForm,
    CumplirCompromisoForm,
    ProgramarSesionForm,
    ReprogramarSesionForm,
    invitados_sugeridos,
)

__all__ = [
    "AGREGAR_FILA",
    "EXTENSION",
    "MAX_ANEXOS",
    "MENSAJES_OBLIGATORIOS",
    "TELEFONO",
    "AccionForm",
    "AlcanceForm",
    "ArchivosAcotadosMixin",
    "ArchivarForm",
    "AsistenteFormSet",
    "CamposSolicitudForm",
    "CancelarSesionForm",
    "CompromisoFormSet",
    "CorregirForm",
    "CumplirCompromisoForm",
    "DesistirForm",
    "DevolverForm",
    "EquipoForm",
    "FuidForm",
    "GenericaForm",
    "IntegranteFormSet",
    "OficioFirmadoForm",
    "ProgramarSesionForm",
    "ProrrogarForm",
    "RadicacionVentanillaForm",
    "ReanudarForm",
    "ReasignarForm",
    "RechazarForm",
    "RegistroForm",
    "ReprogramarSesionForm",
    "ResultadoForm",
    "SesionForm",
    "SuspenderForm",
    "VariosArchivosInput",
    "VariosPDFField",
    "invitados_sugeridos",
    "sin_errores",
    "validar",
]
