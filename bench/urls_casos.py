"""Part 7's URLs: the site's, plus the baselines of the bench.

- ``/django-admin/``, a bare Django admin site with only ``Solicitud`` registered
  (``bench.settings_casos``). Its changelist shows the same rows and columns as
  the Wagtail listing, with the same filters as plain ``list_filter`` lookups.
- ``/bare/solicitudes/`` and ``/bare/solicitudes/<pk>/``, ``/bare/caso/<pk>/``:
  bare Django views that read the rows the municipality's list, its request page
  and the admin's case page show (the requests; the case with its public
  history and downloadable files; the case with its whole history, files and
  sessions with attendees and commitments) and print them in a plain template.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import path

from expedientes.models import Solicitud
from expedientes.selectors import documentos_para_municipio
from portal.urls import urlpatterns as del_sitio

_PLANTILLA = engines["django"].from_string(
    """<!doctype html><title>{{ titulo }}</title><h1>{{ titulo }}</h1>
<table>{% for s in solicitudes %}<tr><td>{{ s.radicado }}</td><td>{{ s.asunto }}</td>
<td>{{ s.get_estado_display }}</td><td>{{ s.vence_el|date:"d/m/Y" }}</td></tr>
{% endfor %}</table>
<ol>{% for e in eventos %}<li>{{ e.fecha|date:"d/m/Y H:i" }} {{ e.texto_publico }}
{{ e.actor.get_full_name }}</li>{% endfor %}</ol>
<ul>{% for d in documentos %}<li>{{ d.get_tipo_display }} {{ d.nombre_original }}
{{ d.paginas }} {{ d.sha256 }}</li>{% endfor %}</ul>
{% for s in sesiones %}<section><h2>{{ s.numero }} {{ s.fecha|date:"d/m/Y H:i" }}</h2>
<p>{{ s.temas }}</p><ul>{% for a in s.asistentes.all %}<li>{{ a.nombre }}
{{ a.get_institucion_display }}</li>{% endfor %}</ul><ul>
{% for c in s.compromisos.all %}<li>{{ c.descripcion }} {{ c.responsable }}
{{ c.fecha_limite|date:"d/m/Y" }}</li>{% endfor %}</ul></section>{% endfor %}"""
)


def _pagina(titulo: str, **filas) -> HttpResponse:
    return HttpResponse(_PLANTILLA.render({"titulo": titulo, **filas}))


def lista_base(request):
    """The municipality's 25 newest requests."""
    solicitudes = Solicitud.objects.filter(
        municipio_id=request.user.municipio_id
    ).order_by("-radicada_en")[:25]
    return _pagina("Solicitudes", solicitudes=solicitudes)


def solicitud_base(request, pk):
    """One request of the municipality: its public history and its files."""
    solicitud = get_object_or_404(
        Solicitud.objects.select_related("municipio"),
        pk=pk,
        municipio_id=request.user.municipio_id,
    )
    return _pagina(
        solicitud.radicado,
        solicitudes=[solicitud],
        eventos=solicitud.eventos.exclude(texto_publico="").order_by("fecha"),
        documentos=documentos_para_municipio(solicitud),
    )


def caso_base(request, pk):
    """The whole case: history with who acted, files, sessions."""
    solicitud = get_object_or_404(
        Solicitud.objects.select_related("municipio", "asignada_a"), pk=pk
    )
    return _pagina(
        solicitud.radicado,
        solicitudes=[solicitud],
        eventos=solicitud.eventos.select_related("actor").order_by("fecha"),
        documentos=solicitud.documentos.all(),
        sesiones=solicitud.sesiones.prefetch_related("asistentes", "compromisos"),
    )


class SolicitudAdmin(admin.ModelAdmin):
    list_display = (
        "radicado",
        "municipio",
        "asunto",
        "actividad_actual",
        "estado",
        "vence_el",
        "asignada_a",
        "radicada_en",
    )
    list_filter = (
        "estado",
        "actividad_actual",
        "tipo_solicitud",
        "anio",
        "grupo_actual",
        "vence_el",
    )
    list_select_related = ("municipio", "asignada_a")
    search_fields = ("radicado", "asunto", "municipio__nombre")
    list_per_page = 50
    ordering = ("-radicada_en",)
    actions = None


sitio = admin.AdminSite(name="bench_admin")
sitio.register(Solicitud, SolicitudAdmin)

urlpatterns = [
    path("django-admin/", sitio.urls),
    path("bare/solicitudes/", lista_base),
    path("bare/solicitudes/<int:pk>/", solicitud_base),
    path("bare/caso/<int:pk>/", caso_base),
    *del_sitio,
]
