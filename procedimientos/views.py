"""Public routes of ``ProcedimientoPage`` (its ``@path`` methods call these).

The live page and every formal version render through the same partial
(``templates/includes/procedimiento.html``) and the same PDF renderer, from a
``versiones.Contenido``. Each view makes a fixed number of queries, whatever the
number of versions or activities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .comparacion import comparar as comparar_contenidos
from .pdf.procedimiento import ProcedimientoRenderer
from .selectors import resumen_de_versiones, versiones_publicas
from .versiones import Cambio, Contenido, Persona

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import ProcedimientoPage, VersionProcedimiento


def contexto_contenido(contenido: Contenido) -> dict[str, Any]:
    """What ``includes/procedimiento.html`` needs besides the page's URLs.

    ``definiciones``: each term with the site editor's note on it. A note is
    not part of the official text, so it is read from the live glossary term, not
    from the frozen version, and printed apart (``includes/nota_editorial.html``).
    """
    from .models import Definicion

    terminos = [d.termino for d in contenido.definiciones]
    notas = dict(
        Definicion.objects.filter(termino__in=terminos)
        .exclude(nota_editorial="")
        .values_list("termino", "nota_editorial")
    )
    return {
        "contenido": contenido,
        # A tuple of frozen values: the key of the article's memo
        # (``{% congelado %}`` in includes/procedimiento.html).
        "definiciones": tuple(
            (d, notas.get(d.termino, "")) for d in contenido.definiciones
        ),
    }


def _contexto(
    request: HttpRequest, pagina: ProcedimientoPage, **extra: Any
) -> dict[str, Any]:
    return {
        "page": pagina,
        "self": pagina,
        "request": request,
        "url_procedimiento": pagina.get_url(request) or "",
        **extra,
    }


def _no_encontrada(
    request: HttpRequest, pagina: ProcedimientoPage, mensaje: str
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "procedimientos/version_no_encontrada.html",
        _contexto(
            request,
            pagina,
            mensaje=mensaje,
            titulo=_("Versión no encontrada"),
            miga_final=_("Versión no encontrada"),
        ),
        status=404,
    )


def _no_existe(
    request: HttpRequest, pagina: ProcedimientoPage, numero: int
) -> TemplateResponse:
    return _no_encontrada(
        request,
        pagina,
        _("El procedimiento %(codigo)s no tiene una versión %(numero)s publicada.")
        % {"codigo": pagina.codigo, "numero": numero},
    )


def pdf(
    request: HttpRequest, pagina: ProcedimientoPage, contenido: Contenido
) -> HttpResponse:
    respuesta = HttpResponse(
        ProcedimientoRenderer(contenido).render(), content_type="application/pdf"
    )
    version = f"v{contenido.version}" if contenido.version else "sin-aprobar"
    respuesta["Content-Disposition"] = (
        f'inline; filename="{contenido.codigo}-{version}.pdf"'
    )
    return respuesta


@require_safe
def versiones(request: HttpRequest, pagina: ProcedimientoPage) -> TemplateResponse:
    """``versiones/``: every formal version, newest first, and a form to compare."""
    filas = resumen_de_versiones(pagina)
    return TemplateResponse(
        request,
        "procedimientos/versiones_procedimiento.html",
        _contexto(
            request,
            pagina,
            versiones=filas[::-1],
            numeros=[fila.numero for fila in filas],
            titulo=_("Versiones de %(codigo)s") % {"codigo": pagina.codigo},
            miga_final=_("Versiones"),
        ),
    )


def _version(pagina: ProcedimientoPage, numero: int) -> VersionProcedimiento | None:
    return versiones_publicas(pagina).filter(numero=numero).first()


@require_safe
def version(
    request: HttpRequest, pagina: ProcedimientoPage, numero: int
) -> TemplateResponse:
    """``version/<n>/``: that version as it was approved, or what is known of it."""
    encontrada = _version(pagina, numero)
    if encontrada is None:
        return _no_existe(request, pagina, numero)
    contexto = _contexto(
        request,
        pagina,
        version=encontrada,
        vigente=pagina.version,
        titulo=_("Versión %(numero)s de %(codigo)s")
        % {"numero": numero, "codigo": pagina.codigo},
        miga_final=_("Versión %(numero)s") % {"numero": numero},
    )
    contenido = encontrada.instantanea
    if contenido is not None:
        contexto.update(contexto_contenido(contenido))
        contexto["url_pdf"] = f"{contexto['url_procedimiento']}version/{numero}/pdf/"
    else:
        contexto["filas"] = [_fila_de_control(pagina, encontrada)]
    return TemplateResponse(
        request, "procedimientos/version_procedimiento.html", contexto
    )


def _fila_de_control(
    pagina: ProcedimientoPage, version: VersionProcedimiento
) -> Cambio:
    """The change-control row of a version whose content is not known."""
    fila = pagina.control_cambios.filter(version=version.numero).first()
    if fila is None:
        return Cambio(
            version.numero, version.fecha_aprobacion, version.descripcion_cambio, (), ()
        )
    return Cambio(
        fila.version,
        fila.fecha,
        fila.descripcion,
        tuple(Persona(b.value["nombre"], b.value["cargo"]) for b in fila.revisaron),
        tuple(Persona(b.value["nombre"], b.value["cargo"]) for b in fila.aprobaron),
    )


@require_safe
def version_pdf(
    request: HttpRequest, pagina: ProcedimientoPage, numero: int
) -> HttpResponse:
    """``version/<n>/pdf/``: the official PDF of that version."""
    encontrada = _version(pagina, numero)
    if encontrada is None:
        return _no_existe(request, pagina, numero)
    if encontrada.instantanea is None:
        return _no_encontrada(
            request,
            pagina,
            _(
                "No hay PDF de la versión %(numero)s de %(codigo)s: no se conoce su "
                "contenido, solo su registro en el control de cambios."
            )
            % {"numero": numero, "codigo": pagina.codigo},
        )
    return pdf(request, pagina, encontrada.instantanea)


@require_safe
def comparar_elegir(request: HttpRequest, pagina: ProcedimientoPage) -> HttpResponse:
    """``comparar/?a=1&b=3``: the form of ``versiones/`` lands here."""
    base = pagina.get_url(request) or ""
    try:
        a, b = int(request.GET["a"]), int(request.GET["b"])
    except (KeyError, ValueError):
        return HttpResponseRedirect(f"{base}versiones/")
    a, b = sorted((a, b))
    return HttpResponseRedirect(f"{base}comparar/{a}/{b}/")


@require_safe
def comparar(
    request: HttpRequest, pagina: ProcedimientoPage, a: int, b: int
) -> HttpResponse:
    """``comparar/<a>/<b>/``: what changed from version ``a`` to version ``b``.

    Two queries whatever the number of versions: the list without contents (for the
    change-control rows in between and the form), then the two contents.
    """
    if a > b:
        return HttpResponseRedirect(f"{pagina.get_url(request) or ''}comparar/{b}/{a}/")
    resumen = resumen_de_versiones(pagina)
    numeros = [fila.numero for fila in resumen]
    for numero in (a, b):
        if numero not in numeros:
            return _no_existe(request, pagina, numero)
    contenidos = {
        fila.numero: fila.instantanea
        for fila in versiones_publicas(pagina).filter(numero__in={a, b})
    }
    antes, ahora = contenidos[a], contenidos[b]
    intermedias = [fila for fila in resumen if a < fila.numero <= b]
    filas_de_control = _filas_de_control(intermedias, ahora)
    return TemplateResponse(
        request,
        "procedimientos/comparar_versiones.html",
        _contexto(
            request,
            pagina,
            a=a,
            b=b,
            antes=antes,
            ahora=ahora,
            vigente=pagina.version,
            comparacion=(
                comparar_contenidos(antes, ahora) if antes and ahora else None
            ),
            filas_de_control=filas_de_control,
            numeros=numeros,
            titulo=_("Qué cambió de la versión %(a)s a la %(b)s de %(codigo)s")
            % {"a": a, "b": b, "codigo": pagina.codigo},
            miga_final=_("Comparar %(a)s y %(b)s") % {"a": a, "b": b},
        ),
    )


def _filas_de_control(
    intermedias: list[VersionProcedimiento], ahora: Contenido | None
) -> list[Cambio]:
    """The change-control rows of the versions after ``a`` up to ``b``.

    From the newer version's own table when it is known (it has who reviewed and
    approved); from the version records otherwise.
    """
    numeros = {fila.numero for fila in intermedias}
    if ahora is not None:
        filas = [c for c in ahora.control_cambios if c.version in numeros]
        if {c.version for c in filas} == numeros:
            return filas
    return [
        Cambio(fila.numero, fila.fecha_aprobacion, fila.descripcion_cambio, (), ())
        for fila in intermedias
    ]
