"""Admin hooks of the site: deletes that protected rows forbid (borrado.py), and
the help menu without Wagtail's links to its English site.

"What's new in Wagtail 8.0" and the "Editor Guide" open docs.wagtail.org, in
English, about a product staff do not need to know by name; the help menu keeps
the keyboard shortcuts (translated in ``locale/``). The dashboard's link to the
same guide is removed in ``templates/wagtailadmin/home/account_summary.html``.
"""

from wagtail import hooks

from .borrado import rechazar_si_protegido

#: Help menu items (their ``name``) that lead to Wagtail's English site.
AYUDA_EN_INGLES = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("before_delete_snippet")
def borrar_fragmentos(request, instances):
    return rechazar_si_protegido(request, instances)


@hooks.register("before_delete_user")
def borrar_usuario(request, user):
    return rechazar_si_protegido(request, [user])


@hooks.register("before_bulk_action")
def borrar_en_bloque(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    return rechazar_si_protegido(request, objects)


@hooks.register("construct_help_menu")
def ayuda_sin_enlaces_en_ingles(request, items):
    items[:] = [item for item in items if not item.name.startswith(AYUDA_EN_INGLES)]
