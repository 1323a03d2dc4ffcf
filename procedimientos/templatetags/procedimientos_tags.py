import datetime

from django import template
from django.template.base import token_kwargs
from django.utils import translation
from django.utils.dateformat import format as formato_fecha

from ..congelados import Memo, clave

register = template.Library()

#: Entries each ``{% congelado %}`` block keeps: the page in force and the past
#: versions people open, each once per URL.
TAMANO_MEMO = 32


@register.filter
def fecha_larga(fecha: datetime.date | None) -> str:
    """«25 de agosto de 2017»: Spanish writes month names in lower case."""
    if not fecha:
        return ""
    return formato_fecha(fecha, r"j \d\e F \d\e Y").lower()


@register.filter
def ancestros(pagina):
    """The page's ancestors, the tree's root first: those ``rutas.servir`` read
    with the page in the same query, or ``get_ancestors()``."""
    resueltos = getattr(pagina, "ancestros_resueltos", None)
    return pagina.get_ancestors() if resueltos is None else resueltos


class CongeladoNode(template.Node):
    """``{% congelado a b nombre=expr %}…{% endcongelado %}``: the block rendered
    with nothing but the variables named (as ``{% include … only %}`` does: no
    ``request``, no ``user``, no context processor), and its HTML kept in a memo
    (``congelados.Memo``) keyed by their values (``congelados.clave``: immutable
    values only, compared by value) and the language and formatting switches in
    force. Identical inputs give identical HTML, so a hit is what a render would
    give; any other input is another key. The memo belongs to this compiled node,
    so a template reloaded (``runserver`` after an edit) starts empty."""

    def __init__(self, nodelist, variables):
        self.nodelist = nodelist
        self.variables = variables
        self.memo: Memo[str] = Memo(TAMANO_MEMO)

    def render(self, context):
        valores = {
            nombre: expresion.resolve(context)
            for nombre, expresion in self.variables.items()
        }
        llave = (
            translation.get_language(),
            context.autoescape,
            context.use_l10n,
            context.use_tz,
            clave(tuple(sorted(valores.items()))),
        )
        return self.memo.obtener(
            llave, lambda: self.nodelist.render(context.new(valores))
        )


@register.tag
def congelado(parser, token):
    """Positional arguments are variable names passed under the same name; named
    ones (``nombre=expresion``) any expression. See ``CongeladoNode``."""
    partes = token.split_contents()[1:]
    variables = {}
    while partes:
        nombrados = token_kwargs(partes, parser)
        if nombrados:
            variables.update(nombrados)
            continue
        nombre = partes.pop(0)
        if not nombre.isidentifier():
            raise template.TemplateSyntaxError(
                f"congelado: {nombre!r} no es un nombre de variable."
            )
        variables[nombre] = parser.compile_filter(nombre)
    nodelist = parser.parse(("endcongelado",))
    parser.delete_first_token()
    return CongeladoNode(nodelist, variables)
