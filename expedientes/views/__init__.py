"""Admin views of cases that are not plain model views, one module per screen.
Wired in viewsets.py.

- ``radicacion.RadicarEnVentanillaView``: activity 1 for paper requests.
- ``caso.CasoView``: the case page (the viewset's inspect view).
- ``acciones``: one small POST-only view per action (``AccionView`` subclasses,
  listed in ``VISTAS_DE_ACCION``): each validates its form and calls one service;
  when the service refuses, its message is shown on the form and nothing changes.
- ``documentos.DocumentoView``: staff download a case's files (private storage).
- Activity 6: ``ArchivarView`` (one of the actions), ``CorregirView`` (a
  correction of an issued record), ``documentos.HojaControlView`` (the working
  copy of the hoja de control) and ``transferencias.TransferenciasView`` (the
  FUID of chosen archived cases).
"""

from .acciones import (
    VISTAS_DE_ACCION,
    AccionView,
    ArchivarView,
    CancelarSesionView,
    CompletarView,
    CorregirView,
    CumplirCompromisoView,
    DesistirView,
    DevolverView,
    OficioFirmadoView,
    ProgramarSesionView,
    ProrrogarView,
    ReanudarView,
    ReasignarView,
    RechazarView,
    ReprogramarSesionView,
    SesionView,
    SuspenderView,
)
from .caso import CasoView
from .documentos import DocumentoView, HojaControlView, nombre_de_descarga
from .radicacion import RadicarEnVentanillaView
from .transferencias import FORMATOS_FUID, TransferenciasView

__all__ = [
    "FORMATOS_FUID",
    "VISTAS_DE_ACCION",
    "AccionView",
    "ArchivarView",
    "CancelarSesionView",
    "CasoView",
    "CompletarView",
    "CorregirView",
    "CumplirCompromisoView",
    "DesistirView",
    "DevolverView",
    "DocumentoView",
    "HojaControlView",
    "OficioFirmadoView",
    "ProgramarSesionView",
    "ProrrogarView",
    "RadicarEnVentanillaView",
    "ReanudarView",
    "ReasignarView",
    "RechazarView",
    "ReprogramarSesionView",
    "SesionView",
    "SuspenderView",
    "TransferenciasView",
    "nombre_de_descarga",
]
