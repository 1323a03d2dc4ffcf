"""State changes of the plans of record. The admin's views, the archive of a case
(``expedientes.services.archivo``) and the demo all call these.

Each is atomic, locks the municipality's plan, checks who acts, appends an act
(never edits one), recomputes the cached state of the plan from the acts in force,
writes the audit log and, after commit, empties the anonymous page cache so the
public board and the open data show the change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .constants import (
    ETAPA_DE_HITO,
    HITOS_METROPOLITANOS,
    PREVIOS,
    REINICIAN_VIGENCIAS,
    ClaseActo,
    EtapaRevision,
    FuenteHito,
    FuenteRegistro,
    TipoActo,
    TipoHito,
    TipoRevision,
)
from .models import (
    ActoPlan,
    HitoRevision,
    PeriodoConstitucional,
    PlanMunicipal,
    PlazoLegal,
    RevisionPlan,
)
from .plazos import vigencias


class PlanError(Exception):
    """A change refused, with a message a person can read (``campo``: the form
    field it concerns, when there is one)."""

    def __init__(self, mensaje: str, campo: str | None = None) -> None:
        super().__init__(mensaje)
        self.campo = campo


@dataclass(frozen=True)
class DatosActo:
    """What staff type about an act (the admin form) or the archive passes."""

    tipo: str
    tipo_plan: str
    clase: str
    numero: str
    fecha: datetime.date
    fuente: str
    fuente_detalle: str = ""
    documento: object | None = None


def _vaciar_cache() -> None:
    transaction.on_commit(caches["paginas"].clear)


def _en_vigor(plan: PlanMunicipal):
    """The acts not replaced by a correction."""
    return plan.actos.filter(correccion__isnull=True)


def plan_recalcular(plan: PlanMunicipal) -> PlanMunicipal:
    """Derive the cached state from the acts in force (called inside the lock)."""
    base = (
        _en_vigor(plan)
        .filter(tipo__in=REINICIAN_VIGENCIAS, fecha__isnull=False)
        .order_by("-fecha", "-pk")
        .first()
    )
    ultimo_con_tipo = (
        _en_vigor(plan).exclude(tipo_plan="").order_by("-fecha", "-pk").first()
    )
    plan.tipo_plan = ultimo_con_tipo.tipo_plan if ultimo_con_tipo else ""
    plan.acto_base = base
    plan.periodo_adopcion = None
    plan.fin_corto = plan.fin_mediano = plan.fin_largo = None
    plan.verificado = bool(base and base.fuente != FuenteRegistro.CARGA_INICIAL)
    if base is not None:
        periodos = list(PeriodoConstitucional.objects.order_by("inicio"))
        plazos = dict(
            PlazoLegal.objects.filter(clave__startswith="vigencia_").values_list(
                "clave", "cantidad"
            )
        )
        v = vigencias(
            base.fecha,
            [(p.inicio, p.fin) for p in periodos],
            plazos.get("vigencia_corto", 1),
            plazos.get("vigencia_mediano", 2),
            plazos.get("vigencia_largo", 3),
        )
        if v.periodo is not None:
            plan.periodo_adopcion = periodos[v.periodo]
        plan.fin_corto, plan.fin_mediano, plan.fin_largo = (
            v.fin_corto,
            v.fin_mediano,
            v.fin_largo,
        )
    plan.save()
    return plan


def _bloquear(municipio) -> PlanMunicipal:
    plan, _creado = PlanMunicipal.objects.get_or_create(municipio=municipio)
    return PlanMunicipal.objects.select_for_update().get(pk=plan.pk)


def _validar(datos: DatosActo) -> None:
    if datos.tipo not in TipoActo.values:
        raise PlanError(_("Elija qué hizo el acto."), "tipo")
    if datos.clase not in ClaseActo.values:
        raise PlanError(_("Elija si es un Acuerdo o un decreto."), "clase")
    if not (datos.numero or "").strip():
        raise PlanError(_("Escriba el número del acto."), "numero")
    if datos.fecha is None:
        raise PlanError(_("Escriba la fecha del acto."), "fecha")
    if datos.fecha > timezone.localdate():
        raise PlanError(
            _("La fecha del acto no puede ser posterior a hoy (hora de Bogotá)."),
            "fecha",
        )
    if datos.fecha < datetime.date(1997, 7, 18):
        raise PlanError(
            _("Los planes de ordenamiento existen desde la Ley 388 del 18/07/1997."),
            "fecha",
        )
    if datos.fuente not in FuenteRegistro.values or (
        datos.fuente == FuenteRegistro.CARGA_INICIAL
    ):
        raise PlanError(_("Diga de dónde viene el dato."), "fuente")


def _nuevo(plan: PlanMunicipal, datos: DatosActo, actor, **extra) -> ActoPlan:
    return ActoPlan.objects.create(
        plan=plan,
        tipo=datos.tipo,
        tipo_plan=datos.tipo_plan,
        clase=datos.clase,
        numero=datos.numero.strip(),
        fecha=datos.fecha,
        fuente=datos.fuente,
        fuente_detalle=datos.fuente_detalle.strip(),
        documento=datos.documento,
        registrado_por=actor if getattr(actor, "pk", None) else None,
        **extra,
    )


def _puede(actor, permiso: str) -> None:
    if actor is None or not actor.is_active or not actor.has_perm(permiso):
        raise PlanError(_("Su cuenta no puede registrar actos de los planes."))


@transaction.atomic
def acto_registrar(*, municipio, datos: DatosActo, actor) -> ActoPlan:
    """Record an act that adopted, revised or modified a municipality's plan."""
    _puede(actor, "planes.add_actoplan")
    _validar(datos)
    plan = _bloquear(municipio)
    acto = _nuevo(plan, datos, actor)
    plan_recalcular(plan)
    log(acto, "planes.registrar_acto", user=actor, data={"acto": acto.denominacion})
    _vaciar_cache()
    return acto


@transaction.atomic
def acto_corregir(*, acto: ActoPlan | int, datos: DatosActo, motivo: str, actor):
    """Replace an act by a corrected one; the old row stays, marked as replaced."""
    _puede(actor, "planes.change_actoplan")
    motivo = (motivo or "").strip()
    if not motivo:
        raise PlanError(_("Escriba el motivo de la corrección."), "motivo")
    pk = acto.pk if isinstance(acto, ActoPlan) else acto
    anterior = ActoPlan.objects.select_related("plan").get(pk=pk)
    plan = _bloquear(anterior.plan.municipio)
    anterior = ActoPlan.objects.select_for_update().get(pk=pk)
    if ActoPlan.objects.filter(corrige=anterior).exists():
        raise PlanError(
            _("Ese acto ya fue corregido: corrija el registro que lo reemplazó.")
        )
    _validar(datos)
    nuevo = _nuevo(plan, datos, actor, corrige=anterior, motivo=motivo)
    plan_recalcular(plan)
    log(
        nuevo,
        "planes.corregir_acto",
        user=actor,
        data={"acto": nuevo.denominacion, "reemplaza": anterior.pk, "motivo": motivo},
    )
    _vaciar_cache()
    return nuevo


@transaction.atomic
def acuerdo_del_expediente_registrar(
    *,
    municipio,
    numero: str,
    fecha: datetime.date,
    tipo_plan: str,
    radicado: str,
    actor,
    excepcional: str = "",
) -> ActoPlan | None:
    """The procedure's output: the Acuerdo recorded in activity 5 of an advisory
    case becomes the municipality's plan of record when the case is archived,
    unless the plan already rests on a later act (``None`` then).

    ``excepcional``: ``TipoActo.REVISION_EXCEPCIONAL`` or
    ``MODIFICACION_EXCEPCIONAL`` when the case asked for one (the terms do not
    start again); otherwise the Acuerdo adopts the plan or revises it in general.

    Called only by ``expedientes.services.archivo`` inside the archive's own
    transition, which already checked that the actor may archive the case.
    """
    plan = _bloquear(municipio)
    base = plan.acto_base
    if base is not None and base.fecha and base.fecha > fecha:
        return None
    if excepcional in (
        TipoActo.REVISION_EXCEPCIONAL,
        TipoActo.MODIFICACION_EXCEPCIONAL,
    ):
        tipo = excepcional
    else:
        tipo = TipoActo.REVISION_GENERAL if base is not None else TipoActo.ADOPCION
    datos = DatosActo(
        tipo=tipo,
        tipo_plan=tipo_plan,
        clase=ClaseActo.ACUERDO,
        numero=str(numero),
        fecha=fecha,
        fuente=FuenteRegistro.ACUERDO_DEL_CASO,
        fuente_detalle=_("Asesoría %(radicado)s") % {"radicado": radicado},
    )
    acto = _nuevo(plan, datos, actor)
    plan_recalcular(plan)
    log(acto, "planes.registrar_acto", user=actor, data={"acto": acto.denominacion})
    _vaciar_cache()
    return acto


def planes_asegurar() -> int:
    """A plan row for every municipality (idempotent; the migration and cargar_demo
    call it): a municipality without acts is shown as 'sin datos, por verificar'."""
    from django.apps import apps

    Municipio = apps.get_model("expedientes", "Municipio")
    faltan = Municipio.objects.filter(plan__isnull=True)
    nuevos = [PlanMunicipal(municipio=m) for m in faltan]
    PlanMunicipal.objects.bulk_create(nuevos)
    return len(nuevos)


# --- The revision under way ---------------------------------------------------


@dataclass(frozen=True)
class DatosHito:
    """What staff type about a milestone (``viewsets.HitoForm``)."""

    tipo: str
    fecha: datetime.date
    fuente: str
    fuente_detalle: str
    clase: str = ""
    numero: str = ""
    documento: object | None = None


def _puede_revision(actor, permiso: str) -> None:
    if actor is None or not actor.is_active or not actor.has_perm(permiso):
        raise PlanError(_("Su cuenta no puede registrar las revisiones de los planes."))


def _hitos_en_vigor(revision):
    return revision.hitos.filter(correccion__isnull=True)


def es_metropolitano(municipio) -> bool:
    from .revisiones import metropolitanos

    return municipio.codigo_divipola in metropolitanos()


def revision_recalcular(revision: RevisionPlan) -> RevisionPlan:
    """Cache the stage and the adoption from the milestones in force."""
    orden = {t: i for i, t in enumerate(TipoHito.values)}
    en_vigor = dict(_hitos_en_vigor(revision).values_list("tipo", "fecha"))
    ultimo = max(en_vigor, key=orden.__getitem__, default=None)
    revision.etapa = ETAPA_DE_HITO[ultimo] if ultimo else EtapaRevision.SEGUIMIENTO
    revision.adoptada_el = en_vigor.get(TipoHito.ADOPCION)
    revision.save(update_fields=["etapa", "adoptada_el"])
    return revision


@transaction.atomic
def revision_abrir(
    *, municipio, tipo: str, inicio: datetime.date, fuente_detalle: str, actor
) -> RevisionPlan:
    """Open the revision (or new plan) a municipality has started."""
    _puede_revision(actor, "planes.add_revisionplan")
    if tipo not in TipoRevision.values:
        raise PlanError(_("Elija qué tramita el municipio."), "tipo")
    if inicio is None:
        raise PlanError(_("Escriba la fecha de inicio."), "inicio")
    if inicio > timezone.localdate():
        raise PlanError(
            _("La fecha de inicio no puede ser posterior a hoy (hora de Bogotá)."),
            "inicio",
        )
    if not (fuente_detalle or "").strip():
        raise PlanError(
            _("Diga de dónde se sabe (oficio, asesoría…)."), "fuente_detalle"
        )
    plan = _bloquear(municipio)
    if plan.revisiones.filter(adoptada_el__isnull=True).exists():
        raise PlanError(
            _("%(municipio)s ya tiene una revisión en curso: registre sus hitos.")
            % {"municipio": municipio},
            "plan",
        )
    revision = RevisionPlan.objects.create(
        plan=plan,
        tipo=tipo,
        inicio=inicio,
        fuente_detalle=fuente_detalle.strip(),
        registrada_por=actor,
    )
    log(revision, "planes.abrir_revision", user=actor, data={"tipo": tipo})
    _vaciar_cache()
    return revision


def _validar_hito(revision: RevisionPlan, datos: DatosHito, en_vigor: dict) -> None:
    """``en_vigor``: type -> date of the other milestones in force."""
    from .revisiones import relojes

    municipio = revision.plan.municipio
    if datos.tipo not in TipoHito.values:
        raise PlanError(_("Elija el hito."), "tipo")
    metropolitano = es_metropolitano(municipio)
    if datos.tipo in HITOS_METROPOLITANOS and not metropolitano:
        raise PlanError(
            _(
                "%(municipio)s no hace parte del Área Metropolitana de Bucaramanga: "
                "no tiene concertación con la Junta Metropolitana."
            )
            % {"municipio": municipio},
            "tipo",
        )
    if datos.fecha is None:
        raise PlanError(_("Escriba la fecha del hito."), "fecha")
    if datos.fecha > timezone.localdate():
        raise PlanError(
            _("La fecha del hito no puede ser posterior a hoy (hora de Bogotá)."),
            "fecha",
        )
    if datos.fecha < revision.inicio:
        raise PlanError(
            _("La fecha es anterior al inicio de la revisión (%(inicio)s).")
            % {"inicio": revision.inicio.strftime("%d/%m/%Y")},
            "fecha",
        )
    if datos.fuente not in FuenteHito.values:
        raise PlanError(_("Diga de dónde viene el dato."), "fuente")
    if not (datos.fuente_detalle or "").strip():
        raise PlanError(
            _("Escriba el oficio, el acta o el radicado."), "fuente_detalle"
        )
    if datos.tipo in en_vigor:
        raise PlanError(
            _("Ese hito ya está registrado: si el dato está mal, corríjalo."), "tipo"
        )
    etiquetas = dict(TipoHito.choices)
    for previo in PREVIOS.get(datos.tipo, ()):
        if previo in HITOS_METROPOLITANOS and not metropolitano:
            continue
        if previo not in en_vigor:
            raise PlanError(
                _("Antes registre: %(previo)s.") % {"previo": etiquetas[previo]},
                "tipo",
            )
        if datos.fecha < en_vigor[previo]:
            raise PlanError(
                _("La fecha es anterior a la del hito previo (%(previo)s, %(f)s).")
                % {
                    "previo": etiquetas[previo],
                    "f": en_vigor[previo].strftime("%d/%m/%Y"),
                },
                "fecha",
            )
    if datos.tipo != TipoHito.ADOPCION:
        return
    if datos.clase not in ClaseActo.values:
        raise PlanError(_("Diga si se adoptó por Acuerdo o por decreto."), "clase")
    if not (datos.numero or "").strip():
        raise PlanError(_("Escriba el número del acto de adopción."), "numero")
    if datos.clase != ClaseActo.DECRETO:
        return
    # Ley 388 art. 26 / Ley 810 art. 12: the mayor adopts by decree only once the
    # Concejo's term ran out; within the constitutional period in which the
    # project was presented (the reading the table's debate explains).
    plazos = {p.clave: p for p in PlazoLegal.objects.filter(clave__startswith="adop")}
    reloj = next(
        (
            r
            for r in relojes(
                hitos={**en_vigor, TipoHito.ADOPCION: datos.fecha},
                plazos=plazos,
                tipo_revision=revision.tipo,
                metropolitano=metropolitano,
                hoy=datos.fecha,
            )
            if r.clave.startswith("adopcion")
        ),
        None,
    )
    if reloj and datos.fecha <= reloj.vence:
        raise PlanError(
            _(
                "El alcalde adopta por decreto solo si el Concejo no decidió en su "
                "término, que vence el %(vence)s."
            )
            % {"vence": reloj.vence.strftime("%d/%m/%Y")},
            "fecha",
        )
    presentado = en_vigor[TipoHito.RADICACION_CONCEJO]
    periodo = PeriodoConstitucional.objects.filter(
        inicio__lte=presentado, fin__gte=presentado
    ).first()
    if periodo and datos.fecha > periodo.fin:
        raise PlanError(
            _(
                "El decreto cabe solo en el período constitucional en que se "
                "presentó el proyecto al Concejo (%(periodo)s, hasta el %(fin)s)."
            )
            % {"periodo": periodo, "fin": periodo.fin.strftime("%d/%m/%Y")},
            "fecha",
        )


def _bloquear_revision(revision: RevisionPlan | int) -> RevisionPlan:
    pk = revision.pk if isinstance(revision, RevisionPlan) else revision
    plan_id = RevisionPlan.objects.values_list("plan_id", flat=True).get(pk=pk)
    PlanMunicipal.objects.select_for_update().get(pk=plan_id)
    return RevisionPlan.objects.select_related("plan__municipio").get(pk=pk)


def _nuevo_hito(revision, datos: DatosHito, actor, **extra) -> HitoRevision:
    return HitoRevision.objects.create(
        revision=revision,
        tipo=datos.tipo,
        fecha=datos.fecha,
        clase=datos.clase if datos.tipo == TipoHito.ADOPCION else "",
        numero=datos.numero.strip() if datos.tipo == TipoHito.ADOPCION else "",
        fuente=datos.fuente,
        fuente_detalle=datos.fuente_detalle.strip(),
        documento=datos.documento,
        registrado_por=actor if getattr(actor, "pk", None) else None,
        **extra,
    )


@transaction.atomic
def hito_registrar(*, revision: RevisionPlan | int, datos: DatosHito, actor):
    """Record a dated milestone of a revision under way."""
    _puede_revision(actor, "planes.add_hitorevision")
    revision = _bloquear_revision(revision)
    if not revision.abierta:
        raise PlanError(
            _("La revisión ya terminó con la adopción: si un hito está mal, corríjalo.")
        )
    en_vigor = dict(_hitos_en_vigor(revision).values_list("tipo", "fecha"))
    _validar_hito(revision, datos, en_vigor)
    hito = _nuevo_hito(revision, datos, actor)
    revision_recalcular(revision)
    log(hito, "planes.registrar_hito", user=actor, data={"hito": str(hito)})
    _vaciar_cache()
    return hito


@transaction.atomic
def hito_corregir(*, hito: HitoRevision | int, datos: DatosHito, motivo: str, actor):
    """Replace a milestone by a corrected one; the old row stays, replaced."""
    _puede_revision(actor, "planes.change_hitorevision")
    motivo = (motivo or "").strip()
    if not motivo:
        raise PlanError(_("Escriba el motivo de la corrección."), "motivo")
    pk = hito.pk if isinstance(hito, HitoRevision) else hito
    revision = _bloquear_revision(
        HitoRevision.objects.values_list("revision_id", flat=True).get(pk=pk)
    )
    anterior = HitoRevision.objects.select_for_update().get(pk=pk)
    if HitoRevision.objects.filter(corrige=anterior).exists():
        raise PlanError(_("Ese hito ya fue corregido: corrija el que lo reemplazó."))
    en_vigor = dict(
        _hitos_en_vigor(revision).exclude(pk=pk).values_list("tipo", "fecha")
    )
    _validar_hito(revision, datos, en_vigor)
    nuevo = _nuevo_hito(revision, datos, actor, corrige=anterior, motivo=motivo)
    revision_recalcular(revision)
    log(
        nuevo,
        "planes.corregir_hito",
        user=actor,
        data={"hito": str(nuevo), "reemplaza": anterior.pk, "motivo": motivo},
    )
    _vaciar_cache()
    return nuevo
