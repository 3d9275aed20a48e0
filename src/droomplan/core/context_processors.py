from django.conf import settings

from .navigation import header_links_for, header_search_for, items_for


def navigation(request):
    """The menu, header links and languages. Worked out once per request: a page renders its
    parts with the request too (the case page: once per section), and each would ask again."""
    user = getattr(request, "user", None)
    cached = request.__dict__.get("_droomplan_navigation")
    if cached is not None and cached[0] is user:
        return cached[1]
    context = _navigation(request, user)
    request.__dict__["_droomplan_navigation"] = (user, context)
    return context


def _navigation(request, user):
    items = items_for(user) if user is not None else []
    path = request.path
    nav = []
    for item in items:
        url = item.url
        current = path == url if url == "/" else path.startswith(url)
        nav.append({"label": item.label, "url": url, "current": current})
    return {
        "nav_items": nav,
        "header_links": header_links_for(user),
        "header_search": header_search_for(user),
        "available_languages": settings.LANGUAGES,
    }
