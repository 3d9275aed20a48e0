from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .home import landing_for, sections_for, top_parts_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if url_name := landing_for(request.user):
        return redirect(url_name)
    return render(
        request,
        "core/home.html",
        {"top_parts": top_parts_for(request), "sections": sections_for(request)},
    )


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: they may be what failed.
    return HttpResponse(get_template("500.html").render(), status=500)
