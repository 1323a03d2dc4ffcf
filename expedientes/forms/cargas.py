"""Uploads whose cost is bounded per request, not per file.

``ArchivosAcotadosMixin`` goes first in the bases of every form with uploads (the
filing forms in ``radicacion.py``, activity 5's Acuerdo in ``actividades.py``, the
signed reply in ``acciones.py``, the portal's ``AportarDocumentosForm`` and the
comparison form of ``/verificar/``). Before any field is cleaned it counts the files
of the request (all of them, under any name), and refuses the lot
with one Spanish error naming the limit if there are too many: nothing is inspected
then. Otherwise every PDF of the form is inspected in one child process with one
budget for all (``subidas.inspeccionar_juntos``); the fields' own ``clean`` then
read the results kept on each file.

Django refuses a body with more than ``DATA_UPLOAD_MAX_NUMBER_FILES`` files before
any form sees it (a Spanish 400 page); that setting sits just above the largest
form here, so a person who picks a few too many gets this form's message instead.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..subidas import inspeccionar_juntos


class ArchivosAcotadosMixin:
    """Counts a request's files before any field is cleaned; inspects
    the PDFs of ``campos_pdf`` together.

    A file field accepts ``max_archivos`` files (1 unless the field says, as
    ``VariosPDFField`` does) and may word its own refusal in
    ``error_messages["demasiados"]`` (``%(n)s``, ``%(elegidos)s``).
    """

    #: Fields whose files are PDFs to inspect; None: every file field.
    campos_pdf: tuple[str, ...] | None = None
    #: Set by ``full_clean``: the request's files were refused (too many, too
    #: heavy, or a PDF refused), which the portal counts against the account.
    archivos_rechazados = False

    def full_clean(self):
        self.archivos_rechazados = False
        if not self.is_bound:
            return super().full_clean()
        rechazo = self._rechazo_por_cantidad()
        if rechazo is not None:
            campo, error = rechazo
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.add_error(campo, error)
            self.archivos_rechazados = True
            return None
        pdfs = self._pdfs()
        inspeccionar_juntos(pdfs)
        self.archivos_rechazados = any(hasattr(a, "_error_pdf") for a in pdfs)
        return super().full_clean()

    # --- What came

    def _de(self, clave: str) -> list:
        obtener = getattr(self.files, "getlist", None)
        valor = obtener(clave) if obtener else self.files.get(clave)
        if not isinstance(valor, list | tuple):
            valor = [valor]
        return [archivo for archivo in valor if archivo]

    def _campos_de_archivo(self):
        return [
            (nombre, campo)
            for nombre, campo in self.fields.items()
            if isinstance(campo, forms.FileField)
        ]

    def _pdfs(self) -> list:
        return [
            archivo
            for nombre, _campo in self._campos_de_archivo()
            if self.campos_pdf is None or nombre in self.campos_pdf
            for archivo in self._de(self[nombre].html_name)
        ]

    def _rechazo_por_cantidad(self):
        """``(field or None, error)`` when the request carries more files than the
        form can take; None otherwise. Only counts: no file is read. Their bytes
        need no count of their own: each file is refused unread past
        ``EXPEDIENTES_TAMANO_MAXIMO`` (``subidas._leer``), so as many files as
        the form takes weigh at most that many times the maximum, and the body as
        a whole is bounded before Django reads it (``LimiteDeCuerpoMiddleware``)."""
        campos = self._campos_de_archivo()
        for nombre, campo in campos:
            maximo = getattr(campo, "max_archivos", 1)
            elegidos = len(self._de(self[nombre].html_name))
            if elegidos > maximo:
                plantilla = campo.error_messages.get("demasiados") or ngettext(
                    "Adjunte un solo archivo aquí; eligió %(elegidos)s.",
                    "Adjunte como máximo %(n)s archivos aquí; eligió %(elegidos)s.",
                    maximo,
                )
                return nombre, forms.ValidationError(
                    str(plantilla) % {"n": maximo, "elegidos": elegidos}
                    + " "
                    + _("No se revisó ninguno: quite los que sobran y envíe de nuevo."),
                    code="demasiados",
                )
        maximo = sum(getattr(campo, "max_archivos", 1) for _n, campo in campos)
        todos = [a for clave in self.files for a in self._de(clave)]
        if len(todos) > maximo:
            return None, forms.ValidationError(
                _(
                    "Este envío trae %(n)s archivos; el formulario recibe como "
                    "máximo %(maximo)s. No se revisó ninguno."
                )
                % {"n": len(todos), "maximo": maximo},
                code="demasiados",
            )
        return None
