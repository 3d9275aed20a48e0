"""Django's own messages that Django REST framework translates differently into Dutch. The
web's forms keep Django's wording ("Dit veld is verplicht."): these lines put Django's Dutch
in this app's catalog, and `droomplan.api` comes before `rest_framework` in INSTALLED_APPS,
so its catalog wins over DRF's (for the API's answers as well)."""

from django.utils.translation import gettext_noop

SAME_AS_DJANGO = [
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
]
