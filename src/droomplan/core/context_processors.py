from django.conf import settings

from .navigation import header_links_for, header_search_for, items_for


def navigation(request):
    user = getattr(request, "user", None)
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
