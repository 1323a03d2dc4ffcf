"""The Content-Security-Policy middleware: django-csp's, with the admin's exception.

The policy is ``CONTENT_SECURITY_POLICY`` in settings/base.py: scripts and styles
from this site or carrying the request's nonce, nothing inline otherwise.

Wagtail 8's admin cannot run under that for scripts: its widgets write inline
``<script>`` tags that no template of ours renders and that never see the request,
so they cannot carry a nonce. ``BaseChooser.render`` (every page, document and
snippet chooser) returns ``<script>…</script>`` from Python; the date and time
widgets (``wagtailadmin/widgets/date_input.html``: the go-live and expiry dates of
every page editor, the date filters of the page, user and report listings) and
``InlinePanel`` (a procedure's activities and definitions) call their initialisers
from inline scripts too (wagtail/wagtail#1288 is still open). So under
``ADMIN_PREFIJO`` script-src becomes ``'self' 'unsafe-inline'`` (a nonce in the
same directive would make browsers ignore 'unsafe-inline'). Only <script> elements:
``script-src-attr 'none'`` still refuses event-handler attributes (``onerror=``,
``onclick=``), which Wagtail 8 does not use. Everything else stays: no script from
another origin, no plugin, no <base>, forms post here only, and styles still need
the nonce or a file: the admin's styles work without 'unsafe-inline'
(tests/e2e/test_csp.py loads its screens and fails on any CSP message).
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware as _CSPMiddleware

#: Where Wagtail's admin is mounted (portal/urls.py).
ADMIN_PREFIJO = "/admin/"

#: The admin's directives that replace the site's (see the module's docstring).
ADMIN_REEMPLAZOS = {"script-src": [SELF, UNSAFE_INLINE], "script-src-attr": [NONE]}


class CSPMiddleware(_CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        partes = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIJO) and partes.replace is None:
            partes.replace = ADMIN_REEMPLAZOS
        return partes
