"""Plumbing shared by the parts of the bench. No Django here.

The orchestrator (``bench/__main__.py``) and the server part (``bench/servidor.py``)
never import Django settings: every part that needs Django runs in a subprocess with
an environment built by ``entorno()``, so settings never collide.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

#: Variables of the calling shell that would leak into a part's settings.
_NO_HEREDAR = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "CSRF_TRUSTED_ORIGINS",
)

#: Exit code of a part that ran (whatever its PASS/FAIL) and of one that could not.
CORRIO = 0
NO_CORRIO = 2


def entorno(**variables: str) -> dict[str, str]:
    """The environment of a part: the caller's, minus settings, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if k not in _NO_HEREDAR}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(variables)
    return env


def ejecutar_modulo(
    modulo: str, *args: str, env: dict[str, str], timeout: float = 900
) -> int:
    """Run ``python -m modulo args`` from the project root; its output goes through."""
    try:
        return subprocess.run(
            [PYTHON, "-m", modulo, *args],
            cwd=RAIZ,
            env=env,
            timeout=timeout,
            check=False,
        ).returncode
    except subprocess.TimeoutExpired:
        print(f"  {modulo} {' '.join(args)}: timed out after {timeout:.0f} s")
        return NO_CORRIO


def escribir_resultado(ruta: str | Path, datos: dict[str, Any]) -> None:
    Path(ruta).write_text(json.dumps(datos, indent=2, ensure_ascii=False), "utf-8")


def leer_resultado(ruta: Path) -> dict[str, Any] | None:
    try:
        return json.loads(ruta.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def mediana(valores: list[float]) -> float:
    return statistics.median(valores) if valores else float("nan")


def veredicto(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def titulo(texto: str) -> None:
    print(f"\n=== {texto} ===", flush=True)
