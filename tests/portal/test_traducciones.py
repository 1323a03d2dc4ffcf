"""``portal/traducciones.aplanar``: the flattened catalogue translates every
message, singular and plural, exactly as Django's own chain of catalogues."""

from django.conf import settings
from django.utils.translation import trans_real

from portal.traducciones import MUESTRA, aplanar


def _claves(traduccion) -> tuple[set[str], set[tuple[str, str]]]:
    """Every singular msgid and every plural (msgid, msgid_plural) Django loaded
    for the language, in its catalogues and its fallbacks."""
    simples: set[str] = set()
    plurales: set[str] = set()
    diccionarios = list(traduccion._catalog._catalogs)
    respaldo = traduccion._fallback
    while respaldo is not None:
        diccionarios.append(respaldo._catalog)
        respaldo = respaldo._fallback
    for diccionario in diccionarios:
        for clave in diccionario:
            (plurales.add(clave[0]) if isinstance(clave, tuple) else simples.add(clave))
    return simples, plurales


def test_aplanado_traduce_igual_que_la_cadena_de_django():
    lenguaje = settings.LANGUAGE_CODE
    de_django = trans_real.DjangoTranslation(lenguaje)
    aplanado = trans_real.DjangoTranslation(lenguaje)
    assert de_django._fallback is not None, "Django's own chain has fallbacks"
    aplanar(aplanado)
    assert aplanado._fallback is None
    assert len(aplanado._catalog._catalogs) < len(de_django._catalog._catalogs)

    simples, plurales = _claves(de_django)
    assert "Save" in simples and len(plurales) > 50
    for msgid in [*simples, "Un texto que ningún catálogo tiene"]:
        assert aplanado.gettext(msgid) == de_django.gettext(msgid), msgid
    for msgid in [*plurales, "%(n)s cosa sin traducir"]:
        for n in MUESTRA:
            assert aplanado.ngettext(msgid, "plural", n) == de_django.ngettext(
                msgid, "plural", n
            ), (msgid, n)


def test_el_idioma_del_sitio_queda_aplanado_al_arrancar():
    assert trans_real.translation(settings.LANGUAGE_CODE)._fallback is None


def test_tipo_de_documento_dice_lo_mismo_que_el_de_django():
    """``Documento.get_tipo_display`` (one label looked up) says what Django's
    generated one says, for every type and for a value that is not one."""
    from django.db.models import Model

    from expedientes.constants import TipoDocumento
    from expedientes.models import Documento

    de_django = Model._get_FIELD_display
    campo = Documento._meta.get_field("tipo")
    for valor in [*TipoDocumento.values, "otra_cosa"]:
        documento = Documento(tipo=valor)
        assert str(documento.get_tipo_display()) == de_django(documento, campo)
