"""WSGI entry for `gunicorn bench.wsgi`: the production site plus the floor view (bench/urls.py).

The floor's URL exists only in this process, never in the site's own URLconf.
"""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolsite.settings")
django.setup(set_prefix=False)
settings.ROOT_URLCONF = "bench.urls"
application = get_wsgi_application()
