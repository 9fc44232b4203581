from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"


@never_cache
@require_safe
def healthz(request):
    """Report whether the site can reach its database: 200 ok or 503 with the reason."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        reason = f"database unavailable: {error.__class__.__name__}"
        return JsonResponse({"status": "error", "reason": reason}, status=503)
    return JsonResponse({"status": "ok"})
