"""Formal versions (DESIGN.md, decision 4): the frozen version and the workflow task.

``VersionProcedimiento`` freezes each approved version; ``TareaVersionFormal`` is the
task of the "Versión formal" workflow (Revisión, then Aprobación) that enforces
segregation of duties; ``services.version_formal_publicar`` runs on the final approval
(``WAGTAIL_FINISH_WORKFLOW_ACTION``, through ``flujo.py``).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.locks import WorkflowLock
from wagtail.models import AbstractGroupApprovalTask, Revision, Task, TaskState

from ..constants import ColumnaControl
from ..forms import SolicitudCambiosForm
from ..versiones import Contenido
from .paginas import ProcedimientoPage

__all__ = ["BloqueoVersionEnRevision", "TareaVersionFormal", "VersionProcedimiento"]


class VersionProcedimiento(models.Model):
    """A formal version of a procedure (v1, v2, v3…), frozen when it was approved.

    ``contenido`` is ``Contenido.a_json()`` of the version as approved, so the
    version reads the same forever; it is null when the content is not known (the
    seed's version 1, of which only the change-control row survives). Requests
    filed under a version point here with PROTECT (DESIGN.md, decision 5). Written
    only by ``services.version_formal_publicar`` and the seed loader.
    """

    procedimiento = models.ForeignKey(
        ProcedimientoPage,
        on_delete=models.PROTECT,
        related_name="versiones_formales",
        verbose_name=_("procedimiento"),
    )
    numero = models.PositiveSmallIntegerField(_("versión"))
    fecha_aprobacion = models.DateField(_("fecha de aprobación"))
    vigente_desde = models.DateTimeField(
        _("vigente desde"),
        null=True,
        blank=True,
        help_text=_("Cuándo se publicó o se programó su publicación."),
    )
    descripcion_cambio = models.TextField(_("descripción del cambio"), blank=True)
    contenido = models.JSONField(
        _("contenido"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Vacío cuando no se conoce el contenido de la versión."),
    )
    revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisión publicada"),
    )
    created_at = models.DateTimeField(_("registrada el"), auto_now_add=True)

    @property
    def fecha_vigencia(self) -> datetime.date | None:
        """The day (in Bogotá) it entered or enters into force, if known."""
        return timezone.localdate(self.vigente_desde) if self.vigente_desde else None

    @cached_property
    def instantanea(self) -> Contenido | None:
        """The frozen content, or None when it is not known."""
        if self.contenido is None:
            return None
        return Contenido.desde_json(self.contenido)

    def __str__(self) -> str:
        return f"{self.procedimiento.codigo} v{self.numero}"

    class Meta:
        ordering = ["procedimiento", "numero"]
        verbose_name = _("versión de procedimiento")
        verbose_name_plural = _("versiones de procedimientos")
        constraints = [
            models.UniqueConstraint(
                fields=["procedimiento", "numero"], name="version_formal_unica"
            ),
            models.CheckConstraint(
                condition=Q(numero__gte=1), name="version_formal_desde_uno"
            ),
        ]


class BloqueoVersionEnRevision(WorkflowLock):
    """While a version is under review nobody edits it: what is approved is what was
    reviewed, and what is published is what was approved. The message also tells
    whoever may not act on the task why."""

    def get_message(self, user):
        mensaje = _(
            "Esta versión está en «%(tarea)s» del flujo «%(flujo)s» y nadie la edita "
            "mientras tanto. Quien la revisa o la aprueba puede aprobarla o "
            "solicitar cambios desde el panel de inicio."
        ) % {
            "tarea": self.task.name,
            "flujo": self.object.current_workflow_state.workflow.name,
        }
        estado = self.object.current_workflow_task_state
        if estado is not None and not self.task.puede_actuar(estado, user):
            mensaje = f"{mensaje} {self.task.motivo_rechazo(estado, user)}"
        return mensaje


class TareaVersionFormal(AbstractGroupApprovalTask):
    """A step of the "Versión formal" workflow: Revisión, then Aprobación.

    A group approval task with segregation of duties, for superusers too: only
    members of its groups act on it; not whoever submitted or wrote the version, and
    not whoever already acted on another task of the same version (who reviewed does
    not approve). The rule lives in ``_moderables`` and is applied three times: the
    dashboard lists (``get_task_states_user_can_moderate``), the buttons
    (``get_actions``) and the action itself (``on_action``, so a crafted POST fails
    too). ``columna`` says in which column of the change control its approvers are
    written. Created by ``services.version_formal_asegurar``.
    """

    columna = models.CharField(
        _("columna del control de cambios"),
        max_length=10,
        choices=ColumnaControl.choices,
        default=ColumnaControl.REVISO,
        help_text=_("Dónde se escribe quien aprueba esta tarea: REVISÓ o APROBÓ."),
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "columna"]
    lock_class = BloqueoVersionEnRevision

    def _moderables(self, user):
        """Task states of this task in progress that ``user`` may act on."""
        if not (
            user.is_authenticated and user.is_active and self._user_in_groups(user)
        ):
            return TaskState.objects.none()
        del_mismo_flujo = {"workflow_state": OuterRef("workflow_state")}
        redacto = Revision.objects.filter(
            task_states__workflow_state=OuterRef("workflow_state"), user=user
        )
        atendio_otra = TaskState.objects.filter(
            **del_mismo_flujo,
            finished_by=user,
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
        ).exclude(task=self)
        return (
            self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
            .exclude(workflow_state__requested_by=user)
            .exclude(Exists(redacto))
            .exclude(Exists(atendio_otra))
        )

    def puede_actuar(self, task_state, user) -> bool:
        return task_state.task_id == self.pk and (
            self._moderables(user).filter(pk=task_state.pk).exists()
        )

    def motivo_rechazo(self, task_state, user) -> str:
        """Why ``user`` may not act on ``task_state``, for the refusal message."""
        estado = task_state.workflow_state
        if not (user.is_authenticated and self._user_in_groups(user)):
            grupos = ", ".join(g.name for g in self.groups.all())
            return _("Esta tarea la atienden los miembros de: %(grupos)s.") % {
                "grupos": grupos
            }
        if (
            estado.requested_by_id == user.pk
            or Revision.objects.filter(
                task_states__workflow_state=estado, user=user
            ).exists()
        ):
            return _(
                "Quien envía o redacta una versión no puede revisarla ni aprobarla."
            )
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            return _("Esta tarea ya no está pendiente.")
        return _("Quien revisó esta versión no puede también aprobarla.")

    def start(self, workflow_state, user=None):
        # Wagtail resumes a version sent back at the task that sent it back; if it
        # changed since an earlier task approved it, that task must see it again.
        pendiente = self._tarea_anterior_sin_aprobar(workflow_state)
        if pendiente is not None:
            return pendiente.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def _tarea_anterior_sin_aprobar(self, workflow_state):
        tareas = list(
            workflow_state.workflow.workflow_tasks.filter(task__active=True)
            .order_by("sort_order")
            .values_list("task_id", flat=True)
        )
        if self.pk not in tareas:
            return None
        revision = workflow_state.content_object.get_latest_revision()
        for task_id in tareas[: tareas.index(self.pk)]:
            aprobada = workflow_state.task_states.filter(
                task_id=task_id, status=TaskState.STATUS_APPROVED, revision=revision
            ).exists()
            if not aprobada:
                return Task.objects.get(pk=task_id).specific
        return None

    def user_can_access_editor(self, obj, user):
        # Reviewers open the (locked) editor to read the version and compare it.
        return self._user_in_groups(user)

    def locked_for_user(self, obj, user):
        return True

    def user_can_lock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        estado = obj.current_workflow_task_state
        if estado is None or not self.puede_actuar(estado, user):
            return []
        return [
            ("reject", _("Solicitar cambios"), True),
            ("approve", _("Aprobar"), False),
            ("approve", _("Aprobar con comentario"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return self._moderables(user)

    def get_form_for_action(self, action):
        if action == "reject":
            return SolicitudCambiosForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if not self.puede_actuar(task_state, user):
            raise PermissionDenied(self.motivo_rechazo(task_state, user))
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Los miembros de los grupos elegidos revisan o aprueban la versión; no "
            "quien la envió ni quien ya atendió otra tarea de la misma versión."
        )

    class Meta:
        verbose_name = _("tarea de versión formal")
        verbose_name_plural = _("tareas de versión formal")
