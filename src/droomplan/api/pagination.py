from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Cursor pages (stable while records are added): follow `next` until it is null."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError(
                {"cursor": [_("This cursor is not valid: use the `next` link of a page.")]}
            ) from None
