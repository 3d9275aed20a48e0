"""Management screens for the functional administrator (placeholder, being built)."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


organisation_list = organisation_create = organisation_edit = _todo
user_list = user_create = user_edit = _todo
