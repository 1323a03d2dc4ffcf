"""Activity 6: transferencias documentales, the FUID of chosen archived case
files. Wired in viewsets.py; menu item in wagtail_hooks.py."""

from __future__ import annotations

import re

from dateutil.relativedelta import relativedelta

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.reports import ReportView

from .. import forms as f
from ..filters import TransferenciaFilterSet
from ..models import ArchivoExpediente, Solicitud
from ..services import SolicitudError, fuid_construir
from ..services.archivo import archivos_para_fuid

#: The FUID's formats and their content types (``fuid.py``, ``pdf/fuid.py``).
FORMATOS_FUID = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class TransferenciasView(ReportView):
    """Transferencias documentales: the archived case files whose retention (in
    the archivo de gestión or the central one) ends in a period, filtered by
    series and municipality (``filters.TransferenciaFilterSet``); the person
    ticks the ones to transfer, fills in the FUID's header and footer
    (``forms.FuidForm``) and downloads it as PDF, CSV or XLSX.

    A Wagtail report: the listing shows ``paginate_by`` case files a page
    (``?p=``, Wagtail's paginator and its links, which keep the filters); the
    FUID takes the ones ticked, or with ``todos`` every one the filters match, on
    any page. The filters and the page travel in the query string of both the
    listing and the form's POST, so a refused form shows the same page with the
    same choices. The filters are the page's own form, not the report's header
    drop-down: they have defaults and a period checked as a whole. Staff only:
    whoever the registered policy lets see cases
    (``viewsets.SolicitudPermissionPolicy``; menu item in wagtail_hooks.py, URL
    in ``SolicitudViewSet.get_urlpatterns``).
    """

    template_name = "expedientes/admin/transferencias.html"
    page_title = gettext_lazy("Transferencias documentales (FUID)")
    header_icon = "folder-open-inverse"
    #: Whose permission policy decides who may see the screen.
    model = Solicitud
    permission_required = "view"
    queryset = ArchivoExpediente.objects.select_related("serie", "solicitud__municipio")
    #: Case files a page of the listing.
    paginate_by = 100
    #: Set by SolicitudViewSet.
    inspect_url_name = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The FUID (posted) is this screen's download, not a spreadsheet of the
        # listing: ``?export=`` shows the page.
        self.is_export = False

    @cached_property
    def filtros(self) -> TransferenciaFilterSet:
        hoy = timezone.localdate()
        datos = self.request.GET.copy()
        # Default period: the next 12 months, archivo de gestión.
        if not datos.get("retencion"):
            datos["retencion"] = "gestion"
        if "desde" not in datos and "hasta" not in datos:
            datos["desde"] = hoy.isoformat()
            datos["hasta"] = (hoy + relativedelta(years=1)).isoformat()
        return TransferenciaFilterSet(
            datos, queryset=self.get_base_queryset(), request=self.request
        )

    def filter_queryset(self, queryset):
        """Invalid filters (a period the wrong way round) match nothing."""
        if not self.filtros.is_valid():
            return queryset.none()
        return self.filtros.filter_queryset(queryset)

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or f.FuidForm(archivos=self.object_list)
        contexto = super().get_context_data(**kwargs)
        pagina = contexto["page_obj"]
        elegidos = form.elegidos()
        filas = [
            {
                "archivo": a,
                "elegido": str(a.pk) in elegidos,
                "url": reverse(self.inspect_url_name, args=[a.solicitud_id]),
            }
            for a in pagina
        ]
        contexto.update(
            filtros=self.filtros,
            form=form,
            pagina=pagina,
            filas=filas,
            # Ticked on another page (a refused form): sent again, not lost.
            elegidos_fuera=sorted(
                elegidos - {str(fila["archivo"].pk) for fila in filas}, key=int
            ),
            retencion=self.filtros.form.cleaned_data.get("retencion", "gestion")
            if self.filtros.is_valid()
            else "gestion",
            consulta=self.request.GET.urlencode(),
            formatos=FORMATOS_FUID,
        )
        return contexto

    def post(self, request, *args, **kwargs):
        from ..fuid import fuid_csv, fuid_xlsx
        from ..pdf.fuid import render_fuid

        self.object_list = self.get_filtered_queryset()
        form = f.FuidForm(request.POST, archivos=self.object_list)
        formato = request.POST.get("formato", "")
        if formato not in FORMATOS_FUID:
            form.add_error(None, _("Elija el formato: PDF, CSV o XLSX."))
        if form.is_valid() and formato in FORMATOS_FUID:
            elegidos = archivos_para_fuid(form.cleaned_data["archivos"].values("pk"))
            try:
                fuid = fuid_construir(elegidos, actor=request.user, datos=form.datos())
            except SolicitudError as error:
                form.add_error(None, str(error))
            else:
                generar = {"pdf": render_fuid, "csv": fuid_csv, "xlsx": fuid_xlsx}
                respuesta = HttpResponse(
                    generar[formato](fuid), content_type=FORMATOS_FUID[formato]
                )
                respuesta["Content-Disposition"] = (
                    f'attachment; filename="{self.nombre_fuid(form, formato)}"'
                )
                respuesta["Cache-Control"] = "no-store"
                return respuesta
        return self.render_to_response(self.get_context_data(form=form), status=400)

    @staticmethod
    def nombre_fuid(form, formato: str) -> str:
        numero = re.sub(
            r"[^A-Za-z0-9_-]+", "-", form.cleaned_data["numero_transferencia"]
        ).strip("-")
        fecha = timezone.localdate().isoformat()
        partes = ["FUID", numero, fecha] if numero else ["FUID", fecha]
        return "-".join(partes) + f".{formato}"
