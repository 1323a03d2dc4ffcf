"""Staff downloads of a case's files and the working copy of its hoja de
control. Wired in viewsets.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import View
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import BaseObjectMixin

from ..models import Documento, Solicitud
from ..services import SolicitudError, hoja_control_borrador
from ..subidas import nombre_de_descarga


class DocumentoView(PermissionCheckedMixin, BaseObjectMixin, View):
    """Staff download any file of a case (uploads and issued records), from
    private storage; municipal accounts use the portal's own view."""

    http_method_names = ["get"]
    model = Solicitud

    permission_required = "view"

    def get(self, request, *args, **kwargs):
        documento = get_object_or_404(
            Documento.objects.exclude(archivo=""),
            solicitud=self.object,
            pk=kwargs["documento"],
        )
        try:
            archivo = documento.archivo.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(
            archivo,
            as_attachment=True,
            filename=nombre_de_descarga(documento.nombre_original),
            content_type="application/pdf",
        )


# --- activity 6: the hoja de control and the FUID ------------------------------------


class HojaControlView(PermissionCheckedMixin, BaseObjectMixin, View):
    """The hoja de control as the case file stands now, to print while the case is
    open: a working copy (no verification code, not stored), shown in the
    browser. Staff only; once archived, the case page links the issued one."""

    http_method_names = ["get"]
    model = Solicitud

    permission_required = "view"

    def get(self, request, *args, **kwargs):
        from ..pdf.hoja_control import render_hoja_control

        try:
            hoja = hoja_control_borrador(self.object, actor=request.user)
        except SolicitudError as error:
            raise PermissionDenied(str(error)) from error
        respuesta = HttpResponse(
            render_hoja_control(hoja), content_type="application/pdf"
        )
        nombre = nombre_de_descarga(
            f"hoja-de-control-{self.object.radicado}-copia-de-trabajo.pdf"
        )
        respuesta["Content-Disposition"] = f'inline; filename="{nombre}"'
        respuesta["Cache-Control"] = "no-store"
        return respuesta
