"""Read-only panels of the procedure editor (``ProcedimientoPage.content_panels``).

The version in force, its approval date and the change-control table are written
only by an approval (``services.version_formal_publicar``); editors see them here
but have no field to type them in.
"""

from wagtail.admin.panels import Panel


class VersionFormalPanel(Panel):
    """Renders ``template`` with the page being edited as ``pagina``; no form field."""

    def __init__(self, template: str, **kwargs):
        super().__init__(**kwargs)
        self.template = template

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "template": self.template}

    class BoundPanel(Panel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.template_name = self.panel.template

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["pagina"] = self.instance
            return context
