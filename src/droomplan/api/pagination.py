from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Cursor pages (stable while records are added): follow `next` until it is null."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
