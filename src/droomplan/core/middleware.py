from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Dutch unless the user chose another language with the switch (a cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: the
    programme works in Dutch, and English is an explicit choice."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's language is restored afterwards, so a request
        # in English does not leak into later work on the same thread (tests, commands).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
