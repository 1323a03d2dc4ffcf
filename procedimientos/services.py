"""State changes of published procedures.

``procedimiento_cargar`` is what the ``cargar_procedimiento`` command calls to load a
procedure from its data file (``data/es-pe-pr-31.json``).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .models import (
    ActividadProcedimiento,
    Cargo,
    ControlCambio,
    Definicion,
    DefinicionProcedimiento,
    Dependencia,
    GlosarioPage,
    ProcedimientoIndexPage,
    ProcedimientoPage,
    TipoDocumental,
)

DATOS = Path(__file__).resolve().parent / "data"


class ProcedimientoError(Exception):
    """A procedure could not be loaded; the message is for a person."""


def leer_datos(archivo: Path) -> dict[str, Any]:
    try:
        return json.loads(archivo.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ProcedimientoError(
            _("No se pudo leer %(archivo)s: %(error)s")
            % {"archivo": archivo, "error": error}
        ) from error


def _raiz_del_sitio() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ProcedimientoError(_("No hay un sitio por defecto configurado."))
    return site.root_page


def _hija(padre: Page, modelo: type[Page], **campos: Any) -> Page:
    """The child of ``padre`` of type ``modelo``; created and published if missing."""
    existente = modelo.objects.child_of(padre).first()
    if existente is not None:
        return existente
    pagina = modelo(**campos)
    padre.add_child(instance=pagina)
    pagina.save_revision().publish()
    return pagina


@transaction.atomic
def paginas_base_asegurar() -> ProcedimientoIndexPage:
    """The catalogue (/procedimientos/) and the glossary (/glosario/) under the root."""
    raiz = _raiz_del_sitio()
    indice = _hija(
        raiz,
        ProcedimientoIndexPage,
        title=_("Procedimientos"),
        slug="procedimientos",
        introduccion=_(
            "Procedimientos del sistema de gestión de calidad a cargo de la "
            "Secretaría de Planeación."
        ),
    )
    _hija(
        raiz,
        GlosarioPage,
        title=_("Glosario"),
        slug="glosario",
        introduccion=_("Definiciones usadas en los procedimientos publicados."),
    )
    return indice


def _por_nombre(modelo, nombres: list[str]):
    return [modelo.objects.get_or_create(nombre=nombre)[0] for nombre in nombres]


@transaction.atomic
def procedimiento_cargar(*, datos: dict[str, Any]) -> tuple[ProcedimientoPage, bool]:
    """Create and publish a procedure from its data file, unless it already exists.

    Idempotent by design: once the procedure exists it belongs to its editors, so a
    second run (every ``make run`` does one) changes nothing. Returns the page and
    whether it was created.
    """
    existente = ProcedimientoPage.objects.filter(codigo=datos["codigo"]).first()
    if existente is not None:
        return existente, False

    indice = paginas_base_asegurar()
    pagina = ProcedimientoPage(
        title=datos["titulo"],
        slug=datos["slug"],
        codigo=datos["codigo"],
        version=datos["version"],
        fecha_aprobacion=datetime.date.fromisoformat(datos["fecha_aprobacion"]),
        proceso=datos["proceso"],
        secretaria=datos["secretaria"],
        procedimiento=datos["procedimiento"],
        objetivo=datos["objetivo"],
        alcance=datos["alcance"],
        salida=datos.get("salida", ""),
        observaciones=datos.get("observaciones", ""),
    )
    for orden, fila in enumerate(datos["actividades"]):
        actividad = ActividadProcedimiento(
            sort_order=orden,
            tipo=fila["tipo"],
            nombre=fila["nombre"],
            descripcion=fila["descripcion"],
            puntos_control="\n".join(fila["puntos_control"]),
        )
        actividad.dependencias = _por_nombre(Dependencia, fila["dependencias"])
        actividad.cargos = _por_nombre(Cargo, fila["cargos"])
        actividad.registros = _por_nombre(TipoDocumental, fila["registros"])
        pagina.actividades.add(actividad)
    for orden, fila in enumerate(datos["definiciones"]):
        definicion, _creada = Definicion.objects.get_or_create(
            termino=fila["termino"], defaults={"definicion": fila["definicion"]}
        )
        pagina.definiciones.add(
            DefinicionProcedimiento(sort_order=orden, definicion=definicion)
        )
    for orden, fila in enumerate(datos["control_cambios"]):
        pagina.control_cambios.add(
            ControlCambio(
                sort_order=orden,
                version=fila["version"],
                fecha=datetime.date.fromisoformat(fila["fecha"]),
                descripcion=fila["descripcion"],
                revisaron=[("persona", persona) for persona in fila["revisaron"]],
                aprobaron=[("persona", persona) for persona in fila["aprobaron"]],
            )
        )
    indice.add_child(instance=pagina)
    pagina.save_revision().publish()
    return pagina, True
