"""Site set-up (the home page) and municipal accounts."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from expedientes.models import Municipio

from .models import HomePage, Usuario

INTRODUCCION = (
    "La Secretaría de Planeación de la Gobernación de Santander asesora a los 87 "
    "municipios del departamento en la formulación y revisión de sus planes de "
    "ordenamiento territorial (POT, PBOT y EOT)."
)


@transaction.atomic
def inicio_asegurar() -> tuple[HomePage, bool]:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page.

    Returns the home page and whether it was created. Called by ``cargar_demo``.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        sitio_direccion_asegurar()
        return site.root_page.specific, False
    inicio = HomePage(
        title="Secretaría de Planeación", slug="inicio", introduccion=INTRODUCCION
    )
    Page.get_first_root_node().add_child(instance=inicio)
    inicio.save_revision().publish()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=inicio, is_default_site=True
        )
        sitio_direccion_asegurar()
        return inicio, True
    bienvenida = site.root_page
    site.root_page = inicio
    site.save()
    if not bienvenida.get_children().exists():
        bienvenida.delete()
    sitio_direccion_asegurar()
    return inicio, True


def sitio_direccion_asegurar() -> bool:
    """The default site's host and port are those of the public address, and its
    name is the entity's (``WAGTAIL_SITE_NAME``), not "localhost:8000".

    Wagtail builds absolute page URLs (sitemap, the API's ``html_url``) from the
    ``Site`` row, the rest of the site from ``WAGTAILADMIN_BASE_URL`` (``SITE_URL``
    in production, the served port in development): one address for both. The
    admin names the site by the row (its sites, the page explorer), by host and
    port when it has no name. Called by ``inicio_asegurar``, so by every
    ``cargar_demo`` (each deployment). Returns whether the row changed.
    """
    direccion = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    puerto = direccion.port or (443 if direccion.scheme == "https" else 80)
    nombre = settings.WAGTAIL_SITE_NAME
    cambiado = False
    for site in Site.objects.filter(is_default_site=True).exclude(
        hostname=direccion.hostname, port=puerto, site_name=nombre
    ):
        site.hostname, site.port, site.site_name = direccion.hostname, puerto, nombre
        site.save()  # also empties Wagtail's cache of site root URLs
        cambiado = True
    return cambiado


# --- Municipal accounts ---------------------------------------------------------------


class CuentaError(Exception):
    """An account could not be created; the message is for a person, in Spanish."""


def _nombre_y_apellidos(nombre: str) -> tuple[str, str]:
    """Split "Nombre Apellido" for the admin's two fields.

    Colombian names usually carry two surnames: with four words or more, the first
    two are taken as given names. Only the display is at stake (``get_full_name``
    joins them again), and staff can correct it in the admin.
    """
    partes = nombre.split()
    corte = 2 if len(partes) >= 4 else 1
    return " ".join(partes[:corte]), " ".join(partes[corte:])


def usuario_municipal_crear(
    *,
    municipio: Municipio,
    email: str,
    nombre: str = "",
    cargo: str = "",
    enviado_por: Usuario | None = None,
) -> Usuario:
    """An active account of ``municipio`` that sets its own password by e-mail.

    The username is the e-mail address (lowercase), so municipal staff log in with
    the address the invitation reached. The password is unusable until the person
    follows the link of the e-mail, sent after commit; if it cannot be sent the
    account stays and the person can ask for a new link at "¿Olvidó su contraseña?"
    (``forms_cuenta.RestablecerClaveForm`` accepts accounts that never set one).
    A municipal account never gets admin access (``Usuario.has_perm``).
    Called by ``manage.py crear_usuario_municipal``.
    """
    email = Usuario.objects.normalize_email(email.strip())
    try:
        validate_email(email)
    except ValidationError as error:
        raise CuentaError(
            _("«%(email)s» no es un correo electrónico válido.") % {"email": email}
        ) from error
    usuario_nombre = email.lower()
    existente = (
        Usuario.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .select_related("municipio")
        .first()
    )
    if existente is not None:
        raise CuentaError(
            _(
                "Ya existe una cuenta con el correo %(email)s (usuario «%(usuario)s», "
                "%(municipio)s). No se creó otra."
            )
            % {
                "email": email,
                "usuario": existente.get_username(),
                "municipio": existente.municipio or _("sin municipio"),
            }
        )
    nombres, apellidos = _nombre_y_apellidos(nombre)
    usuario = Usuario(
        username=usuario_nombre,
        email=email,
        first_name=nombres,
        last_name=apellidos,
        cargo=cargo.strip(),
        municipio=municipio,
        is_active=True,
    )
    usuario.set_unusable_password()
    try:
        usuario.full_clean()
    except ValidationError as error:
        raise CuentaError(" ".join(error.messages)) from error
    try:
        with transaction.atomic():
            usuario.save()
            log(
                instance=usuario,
                action="wagtail.create",
                user=enviado_por,
                data={"municipio": municipio.codigo_divipola},
            )
            transaction.on_commit(partial(correo_bienvenida_enviar, usuario=usuario))
    except IntegrityError as error:  # the same e-mail, at the same moment
        raise CuentaError(
            _("Ya existe una cuenta con el correo %(email)s. No se creó otra.")
            % {"email": email}
        ) from error
    return usuario


def correo_bienvenida_enviar(*, usuario: Usuario) -> None:
    """The invitation: what the portal is for, the username and a set-password link.

    The link is Django's password reset link (``password_reset_confirm``, one use,
    valid ``PASSWORD_RESET_TIMEOUT``), absolute from ``WAGTAILADMIN_BASE_URL``:
    a command has no request to take the host from.
    """
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    enlace = base + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(usuario.pk)),
            "token": default_token_generator.make_token(usuario),
        },
    )
    contexto = {
        "usuario": usuario,
        "enlace": enlace,
        "ingresar": base + reverse("ingresar"),
        "restablecer": base + reverse("password_reset"),
        "dias": max(1, settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24)),
    }
    asunto = render_to_string("portal/cuenta/correo_bienvenida_asunto.txt", contexto)
    cuerpo = render_to_string("portal/cuenta/correo_bienvenida.txt", contexto)
    send_mail(" ".join(asunto.split()), cuerpo, None, [usuario.email])
