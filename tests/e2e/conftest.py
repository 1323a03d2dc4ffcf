"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium).

`make test` installs Chromium with apt when it is missing; Playwright never downloads
a browser of its own.
"""

import os
import shutil

import pytest

from wagtail.models import Locale, Page

from portal.services import inicio_asegurar

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make to set up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def navegador():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"No está Chromium en {CHROMIUM}: instálelo con `make browser`.")
    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield navegador
        navegador.close()


@pytest.fixture
def pagina(navegador):
    contexto = navegador.new_context(accept_downloads=True, locale="es-CO")
    pagina = contexto.new_page()
    yield pagina
    contexto.close()


@pytest.fixture
def inicio(live_server):
    """The home page, on the live server's database.

    Between browser tests Django flushes every table, including the root page and
    the locale that Wagtail's migrations created; put them back first.
    """
    if not Locale.objects.exists():
        Locale.objects.create(language_code="es-co")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    return inicio_asegurar()[0]
