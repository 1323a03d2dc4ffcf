"""Keeps the anonymous page cache (CACHES["paginas"]) honest.

Whole responses are cached by Django's cache middleware (settings/base.py); any
publish or unpublish can change the page itself, the catalogue on the home page and
the search results, so the whole page cache is emptied.
"""

from django.core.cache import caches
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished


@receiver(page_published)
@receiver(page_unpublished)
def vaciar_cache_de_paginas(**kwargs):
    caches["paginas"].clear()
