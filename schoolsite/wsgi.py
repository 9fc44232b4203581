"""WSGI entry point: `gunicorn schoolsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolsite.settings")

application = get_wsgi_application()

from schoolsite.dates import activate_site_locale  # noqa: E402 (after the apps are loaded)

# A worker serves its requests in the thread that loaded it (gunicorn's sync workers).
activate_site_locale()
