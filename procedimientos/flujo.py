"""What Wagtail runs when a workflow is approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail imports this while its own models load (``wagtail.models.workflows``), before
our models exist, so the service is imported only when an approval happens.
"""


def al_aprobar(workflow_state, user=None):
    """Publish a formal version of a procedure, or anything else as Wagtail would."""
    from .services import version_formal_publicar

    version_formal_publicar(workflow_state=workflow_state, user=user)
