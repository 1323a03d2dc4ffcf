"""The site's Spanish catalogue as one dictionary per plural rule.

Django keeps the catalogue of ``es-co`` as 18 dictionaries (one per app whose
plural rule it did not recognise as the same: ``TranslationCatalog.update``
compares a function's code with a function, so it always prepends) and four
Spanish (``es``) fallbacks behind them (Django's own and its contrib apps ship
``es_CO`` catalogues, whose fallback is ``es``). A message with no translation,
which is most of ours (the source is already Spanish), walks all 22 before it is
returned as written: about 15 µs, and the admin's page of a case with 500 files
looked up about 9,000 of them (``bench`` part 7).

``aplanar`` merges them, keeping which translation wins: the catalogues in
Django's order, then the fallbacks in theirs. Plural translations stay with the
plural rule they were written for (one dictionary per distinct rule); a message
translated under two rules keeps only the one that won. ``PortalConfig.ready``
flattens the default language once; a catalogue Django loads again (the
development server after a ``.mo`` changed) is only slower, never different.
"""

from __future__ import annotations

from django.utils.translation import trans_real

__all__ = ["aplanar"]

#: The numbers a plural rule is told apart by (Spanish has "1", "millones", rest).
MUESTRA = (*range(12), 21, 100, 101, 1_000_000, 1_000_001, 2_000_000)


def aplanar(traduccion: trans_real.DjangoTranslation) -> None:
    """Fold ``traduccion``'s catalogues and fallbacks into one dictionary per
    plural rule, the same translation winning for every message."""
    catalogo = traduccion._catalog
    fuentes = list(zip(catalogo._catalogs, catalogo._plurals, strict=True))
    respaldo = traduccion._fallback
    while respaldo is not None:
        if not isinstance(respaldo, trans_real.gettext_module.GNUTranslations):
            return  # a NullTranslations or another kind: leave it as it is
        fuentes.append((respaldo._catalog, respaldo.plural))
        respaldo = respaldo._fallback
    # One dictionary per rule, in the order the rules first win.
    reglas: dict[tuple[int, ...], tuple[dict, object]] = {}
    ganadoras: dict[str, tuple[int, ...]] = {}  # plural msgid -> its rule
    simples: dict[str, str] = {}
    for diccionario, plural in fuentes:
        firma = tuple(plural(n) for n in MUESTRA)
        destino = reglas.setdefault(firma, ({}, plural))[0]
        for clave, texto in diccionario.items():
            if isinstance(clave, tuple):
                if ganadoras.setdefault(clave[0], firma) == firma:
                    destino.setdefault(clave, texto)
            else:
                simples.setdefault(clave, texto)
    nuevo = trans_real.TranslationCatalog()
    primero, *resto = reglas.values()
    nuevo._catalogs = [{**primero[0], **simples}, *(d for d, _p in resto)]
    nuevo._plurals = [primero[1], *(p for _d, p in resto)]
    traduccion._catalog = nuevo
    traduccion._fallback = None
