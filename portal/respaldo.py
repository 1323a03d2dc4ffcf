"""Back up and restore the whole site: database and files, in one .tar.

Wired to ``manage.py respaldar`` and ``manage.py restaurar``
(portal/management/commands/). They live in ``portal`` because a backup covers
every app (pages, accounts, cases, media), and portal is the app that sits on top
of the others.

The archive holds:

- ``datos.jsonl``: every table but the derived or transient ones (``EXCLUIDOS``),
  written with Django's JSONL serializer (timestamps to the microsecond), primary
  keys kept; ``loaddata`` reads it back.
- ``privado/<name>``: every file of the private storage (case files), whatever
  backend holds it (disk or S3).
- ``media/<name>``: every file of the default storage (Wagtail's images and
  documents).
- ``manifiesto.json``: the applied migrations, the rows per model and the SHA-256
  and size of every other member. ``restaurar`` checks every member against it
  before it touches the database, and refuses an archive that does not match.

Primary keys, not natural keys: a restore empties every table of the new
database (content types and permissions included) and loads them all back with
the keys they had, so generic relations (revisions, audit log, tags) and
foreign keys to content types keep pointing at the same rows. Natural keys would
only be needed to merge into a database that keeps its own rows, which a restore
never does: it refuses a database that holds data.

The manifest's digests catch a damaged or edited archive, not a forger who
rewrites the manifest too: keep backups where only the operators can write.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.timezone import is_aware
from django.utils.translation import ngettext

from informes.calendario import calendario_asegurar

FORMATO = 1
MANIFIESTO = "manifiesto.json"
DATOS = "datos.jsonl"
#: Storage alias -> folder of its files in the archive.
ALMACENES = {"privado": "privado", "default": "media"}
#: Not backed up: rebuilt after a restore (the search index, the reports'
#: business-day calendar), views computed from other tables (the reports'
#: stays and totals, ``informes.vistas``; ``_modelos`` skips unmanaged models
#: anyway), or transient (sessions, finished or pending background tasks,
#: login lockouts).
EXCLUIDOS = (
    "informes.DiaCalendario",
    "informes.Tramo",
    "informes.TiempoTotal",
    "sessions.Session",
    "wagtailsearch.IndexEntry",
    "wagtailsearch.SQLiteFTSIndexEntry",
    "django_tasks_database.DBTaskResult",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
)
#: Rows that ``migrate`` itself puts in a new database (data migrations, content
#: types and permissions), with the most a new database has where it matters.
#: Any other row means the database is in use, and ``restaurar`` refuses it.
SEMBRADAS: dict[str, int | None] = {
    "contenttypes.ContentType": None,
    "auth.Permission": None,
    "auth.Group": None,
    "expedientes.Municipio": None,
    "expedientes.SerieDocumental": None,
    # The law as data and one plan row per municipality (planes 0002).
    "planes.PeriodoConstitucional": None,
    "planes.PlazoLegal": None,
    "planes.PlanMunicipal": None,
    "wagtailcore.Locale": None,
    "wagtailcore.Site": None,
    "wagtailcore.Collection": None,
    "wagtailcore.GroupCollectionPermission": None,
    "wagtailcore.Workflow": None,
    "wagtailcore.WorkflowTask": None,
    "wagtailcore.Task": None,
    "wagtailcore.GroupApprovalTask": None,
    "wagtailcore.GroupPagePermission": None,
    "wagtailcore.WorkflowPage": None,
    # Wagtail's root and its welcome page.
    "wagtailcore.Page": 2,
}
_BLOQUE = 1024 * 1024


class RespaldoError(Exception):
    """A backup or restore refused, with a message for the operator (Spanish)."""


@dataclass
class Resultado:
    ruta: Path
    filas: dict[str, int] = field(default_factory=dict)
    archivos: int = 0
    bytes_archivos: int = 0
    segundos: float = 0.0


# --- backup ----------------------------------------------------------------------


def respaldar(destino: Path) -> Resultado:
    """Write the backup to ``destino`` (a .tar file, or a folder to put one in).

    The data is read in one transaction (REPEATABLE READ on PostgreSQL) so it is
    consistent while the site keeps working; files are listed after it, so every
    row's file is there. The archive appears under its name only when complete.
    """
    inicio = time.monotonic()
    destino = Path(destino)
    if destino.is_dir():
        # Named by Bogotá's date and time, as the operators read them.
        marca = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        destino = destino / f"respaldo-{marca}.tar"
    if destino.exists():
        raise RespaldoError(f"Ya existe {destino}: no se sobrescribe un respaldo.")
    if not destino.parent.is_dir():
        raise RespaldoError(f"No existe la carpeta {destino.parent}.")
    for alias, carpeta in ALMACENES.items():
        try:
            raiz = Path(storages[alias].path("")).resolve()
        except NotImplementedError:
            continue  # not on this disk (S3)
        if destino.resolve().is_relative_to(raiz):
            raise RespaldoError(
                f"El respaldo no puede guardarse dentro de los archivos que respalda "
                f"({carpeta}: {raiz})."
            )

    resultado = Resultado(ruta=destino)
    miembros: dict[str, dict] = {}
    parcial = destino.with_name(f".{destino.name}.parcial")
    try:
        with (
            tempfile.TemporaryDirectory() as temporal,
            tarfile.open(parcial, "w", format=tarfile.PAX_FORMAT) as tar,
        ):
            datos = Path(temporal) / DATOS
            resultado.filas = _volcar(datos)
            with datos.open("rb") as origen:
                miembros[DATOS] = _agregar(tar, DATOS, origen, datos.stat().st_size)
            for alias, carpeta in ALMACENES.items():
                almacen = storages[alias]
                for nombre in _listar(almacen):
                    with almacen.open(nombre, "rb") as origen:
                        miembro = f"{carpeta}/{nombre}"
                        miembros[miembro] = _agregar(
                            tar, miembro, origen, almacen.size(nombre)
                        )
                    resultado.archivos += 1
                    resultado.bytes_archivos += miembros[miembro]["tamano"]
            manifiesto = {
                "formato": FORMATO,
                "creado_en": timezone.now().isoformat(),
                "motor": connection.vendor,
                "migraciones": _migraciones(),
                "filas": resultado.filas,
                "miembros": miembros,
            }
            contenido = json.dumps(manifiesto, indent=1, sort_keys=True).encode()
            _agregar(tar, MANIFIESTO, io.BytesIO(contenido), len(contenido))
        os.replace(parcial, destino)
    finally:
        parcial.unlink(missing_ok=True)
    resultado.segundos = time.monotonic() - inicio
    return resultado


def _volcar(ruta: Path) -> dict[str, int]:
    # Inside a transaction already (a test), the caller's one is kept: the
    # isolation level can only be set as a transaction starts.
    externa = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not externa:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
        filas = {}
        with ruta.open("w", encoding="utf-8") as salida:
            for modelo in _modelos():
                if modelo._meta.label in EXCLUIDOS:
                    continue
                filas[modelo._meta.label] = modelo._base_manager.count()
                serializers.serialize(
                    "jsonl",
                    modelo._base_manager.order_by("pk").iterator(chunk_size=2000),
                    stream=salida,
                    cls=_CodificadorExacto,
                )
        return filas


class _CodificadorExacto(DjangoJSONEncoder):
    """Django's JSON encoder keeps milliseconds only: a restore would move every
    timestamp (revisions, history, audit log). This one keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            if isinstance(o, datetime.time) and is_aware(o):
                return super().default(o)
            return o.isoformat()
        return super().default(o)


def _agregar(tar: tarfile.TarFile, nombre: str, origen, tamano: int) -> dict:
    """Add ``tamano`` bytes of ``origen`` as ``nombre``, hashing them on the way."""
    lector = _LectorConHash(origen)
    info = tarfile.TarInfo(nombre)
    info.size = tamano
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, lector)
    if lector.leidos != tamano:
        raise RespaldoError(f"{nombre} cambió de tamaño mientras se copiaba.")
    return {"sha256": lector.hash.hexdigest(), "tamano": tamano}


class _LectorConHash(io.RawIOBase):
    def __init__(self, origen):
        self.origen = origen
        self.hash = hashlib.sha256()
        self.leidos = 0

    def read(self, n=-1):
        datos = self.origen.read(n)
        self.hash.update(datos)
        self.leidos += len(datos)
        return datos


def _listar(almacen: Storage, carpeta: str = "") -> list[str]:
    """Every file of a storage, recursively (disk, memory or S3 alike)."""
    try:
        carpetas, archivos = almacen.listdir(carpeta)
    except FileNotFoundError:
        return []  # a local storage whose folder was never created
    nombres = [str(PurePosixPath(carpeta, a)) for a in archivos]
    for sub in carpetas:
        nombres += _listar(almacen, str(PurePosixPath(carpeta, sub)))
    return sorted(nombres)


def _modelos():
    """Every concrete model, content types first: anything a signal looks up while
    the rest loads finds them in the table, with the backup's keys."""
    modelos = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    return sorted(modelos, key=lambda m: m is not ContentType)


def _migraciones() -> list[list[str]]:
    return sorted(
        [app, nombre]
        for app, nombre in MigrationRecorder(connection).applied_migrations()
    )


# --- restore ---------------------------------------------------------------------


def restaurar(origen: Path) -> Resultado:
    """Load a backup into an empty database and empty storages.

    Order: check every member of the archive against the manifest; migrate a
    database that has no tables yet; check the migrations match and nothing is
    there yet; then, in one transaction, empty the tables ``migrate`` filled, load
    the rows and write the files (deleted again if anything fails). Last, rebuild
    the search index and empty the caches.
    """
    inicio = time.monotonic()
    origen = Path(origen)
    if not origen.is_file():
        raise RespaldoError(f"No existe el archivo de respaldo {origen}.")
    try:
        tar = tarfile.open(origen, "r:")
    except tarfile.TarError as error:
        raise RespaldoError(f"{origen} no es un respaldo (.tar) legible.") from error
    with tar, tempfile.TemporaryDirectory() as temporal:
        manifiesto = _verificar(tar)
        # A brand-new database gets its tables here; one that has tables is never
        # migrated by a restore, which must not change a database it refuses.
        if not connection.introspection.table_names():
            call_command("migrate", interactive=False, verbosity=0)
        _comprobar_migraciones(manifiesto)
        _comprobar_vacio()

        # The data file is used from a copy checked again, not from the archive.
        datos = Path(temporal) / DATOS
        with tar.extractfile(DATOS) as fuente, datos.open("wb") as copia:
            shutil.copyfileobj(fuente, copia, _BLOQUE)
        if _sha256_de(datos) != manifiesto["miembros"][DATOS]["sha256"]:
            raise RespaldoError("El archivo de datos cambió durante la restauración.")

        escritos: list[tuple[Storage, str]] = []
        resultado = Resultado(ruta=origen, filas=manifiesto["filas"])
        try:
            with transaction.atomic():
                _vaciar_tablas()
                ContentType.objects.clear_cache()
                call_command("loaddata", str(datos), verbosity=0)
                for miembro, info in sorted(manifiesto["miembros"].items()):
                    if miembro == DATOS:
                        continue
                    carpeta, nombre = miembro.split("/", 1)
                    almacen = storages[_alias_de(carpeta)]
                    with (
                        tar.extractfile(miembro) as fuente,
                        tempfile.SpooledTemporaryFile(max_size=8 * _BLOQUE) as copia,
                    ):
                        lector = _LectorConHash(fuente)
                        shutil.copyfileobj(lector, copia, _BLOQUE)
                        if lector.hash.hexdigest() != info["sha256"]:
                            raise RespaldoError(
                                f"{miembro} cambió durante la restauración."
                            )
                        copia.seek(0)
                        guardado = almacen.save(nombre, File(copia, name=nombre))
                    escritos.append((almacen, guardado))
                    if guardado != nombre:
                        raise RespaldoError(
                            f"No se pudo restaurar {miembro} con su nombre: el "
                            "almacenamiento le dio otro."
                        )
                    resultado.archivos += 1
                    resultado.bytes_archivos += info["tamano"]
                _comprobar_filas(manifiesto["filas"])
                calendario_asegurar()
        except BaseException:
            for almacen, nombre in escritos:
                almacen.delete(nombre)
            raise
    ContentType.objects.clear_cache()
    for alias in caches:
        caches[alias].clear()
    call_command("update_index", verbosity=0)
    resultado.segundos = time.monotonic() - inicio
    return resultado


def _verificar(tar: tarfile.TarFile) -> dict:
    """The manifest, once every member of the archive matches it."""
    try:
        with tar.extractfile(MANIFIESTO) as fuente:
            manifiesto = json.load(fuente)
    except (KeyError, AttributeError, ValueError) as error:
        raise RespaldoError(
            "El archivo no tiene un manifiesto legible: no es un respaldo de este "
            "sitio o está dañado."
        ) from error
    if manifiesto.get("formato") != FORMATO:
        raise RespaldoError(
            f"Formato de respaldo {manifiesto.get('formato')!r} desconocido "
            f"(se espera {FORMATO})."
        )
    esperados = dict(manifiesto.get("miembros", {}))
    if DATOS not in esperados:
        raise RespaldoError("El respaldo no incluye los datos.")
    vistos: set[str] = set()
    for info in tar.getmembers():
        nombre = info.name
        if nombre == MANIFIESTO:
            continue
        if not info.isfile() or not _nombre_seguro(nombre) or nombre in vistos:
            raise RespaldoError(f"El respaldo tiene una entrada no válida: {nombre}.")
        vistos.add(nombre)
        if nombre not in esperados:
            raise RespaldoError(
                f"El respaldo está alterado: {nombre} no figura en el manifiesto."
            )
        with tar.extractfile(info) as fuente:
            digesto = _sha256_de_flujo(fuente)
        if (
            digesto != esperados[nombre]["sha256"]
            or info.size != esperados[nombre]["tamano"]
        ):
            raise RespaldoError(
                f"El respaldo está alterado o dañado: {nombre} no coincide con el "
                "manifiesto. No se restauró nada."
            )
    faltan = sorted(set(esperados) - vistos)
    if faltan:
        raise RespaldoError(
            ngettext(
                "Al respaldo le falta %(n)s archivo del manifiesto, p. ej. %(f)s. "
                "No se restauró nada.",
                "Al respaldo le faltan %(n)s archivos del manifiesto, p. ej. %(f)s. "
                "No se restauró nada.",
                len(faltan),
            )
            % {"n": len(faltan), "f": faltan[0]}
        )
    return manifiesto


def _nombre_seguro(nombre: str) -> bool:
    ruta = PurePosixPath(nombre)
    return nombre == DATOS or (
        len(ruta.parts) >= 2
        and ruta.parts[0] in ALMACENES.values()
        and not ruta.is_absolute()
        and ".." not in ruta.parts
        and "\\" not in nombre
    )


def _alias_de(carpeta: str) -> str:
    return next(alias for alias, c in ALMACENES.items() if c == carpeta)


def _comprobar_migraciones(manifiesto: dict) -> None:
    respaldo = {tuple(m) for m in manifiesto["migraciones"]}
    aqui = {tuple(m) for m in _migraciones()}
    if respaldo != aqui and respaldo == _migraciones_del_codigo():
        raise RespaldoError(
            "A la base de datos le faltan migraciones de este código: ejecute "
            "manage.py migrate (en una base de datos nueva) y vuelva a intentarlo."
        )
    if respaldo != aqui:
        sobran = sorted(respaldo - aqui)
        faltan = sorted(aqui - respaldo)
        detalle = "; ".join(
            [f"solo en el respaldo: {'.'.join(m)}" for m in sobran[:3]]
            + [f"solo en este código: {'.'.join(m)}" for m in faltan[:3]]
        )
        raise RespaldoError(
            "El respaldo se hizo con otra versión del código (migraciones distintas: "
            f"{detalle}). Restáurelo con la versión con que se hizo y después "
            "ejecute migrate."
        )


def _migraciones_del_codigo() -> set[tuple[str, str]]:
    return set(MigrationLoader(connection, ignore_no_migrations=True).disk_migrations)


def _comprobar_vacio() -> None:
    ocupadas = []
    for modelo in _modelos():
        etiqueta = modelo._meta.label
        if etiqueta in EXCLUIDOS:
            continue
        filas = modelo._base_manager.count()
        if etiqueta in SEMBRADAS:
            maximo = SEMBRADAS[etiqueta]
            if maximo is None or filas <= maximo:
                continue
        if filas:
            ocupadas.append(f"{modelo._meta.verbose_name_plural} ({filas})")
    if ocupadas:
        raise RespaldoError(
            "La base de datos no está vacía: tiene "
            + ", ".join(ocupadas[:5])
            + (" y más" if len(ocupadas) > 5 else "")
            + ". Un respaldo se restaura solo en una base de datos nueva (creada y "
            "con migrate); no se cambió nada."
        )
    for alias, carpeta in ALMACENES.items():
        if _listar(storages[alias]):
            raise RespaldoError(
                f"El almacenamiento «{alias}» ({carpeta}) ya tiene archivos. Un "
                "respaldo se restaura solo en un almacenamiento vacío; no se cambió "
                "nada."
            )


def _vaciar_tablas() -> None:
    """Empty every table (what ``migrate`` seeded included), keeping the schema
    and the migration history, so the backup's rows load with their own keys."""
    tablas = connection.introspection.django_table_names(
        only_existing=True, include_views=False
    )
    sentencias = connection.ops.sql_flush(
        no_style(), tablas, reset_sequences=True, allow_cascade=True
    )
    connection.ops.execute_sql_flush(sentencias)


def _comprobar_filas(esperadas: dict[str, int]) -> None:
    for etiqueta, filas in esperadas.items():
        modelo = apps.get_model(etiqueta)
        if modelo._base_manager.count() != filas:
            raise RespaldoError(
                f"Tras cargar los datos, {etiqueta} no tiene las {filas} filas del "
                "respaldo. No se restauró nada."
            )


def _sha256_de(ruta: Path) -> str:
    with ruta.open("rb") as fuente:
        return _sha256_de_flujo(fuente)


def _sha256_de_flujo(fuente) -> str:
    digesto = hashlib.sha256()
    while bloque := fuente.read(_BLOQUE):
        digesto.update(bloque)
    return digesto.hexdigest()


def describir(resultado: Resultado) -> str:
    filas = sum(resultado.filas.values())
    megas = resultado.bytes_archivos / 1024 / 1024
    return (
        f"{resultado.ruta}: {filas} filas de {len(resultado.filas)} modelos, "
        f"{resultado.archivos} archivos ({megas:.1f} MB), "
        f"{resultado.segundos:.1f} s."
    )


__all__ = ["RespaldoError", "Resultado", "describir", "respaldar", "restaurar"]
