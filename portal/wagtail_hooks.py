"""Admin hooks of the site: deletes that protected rows forbid (borrado.py)."""

from wagtail import hooks

from .borrado import rechazar_si_protegido


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
