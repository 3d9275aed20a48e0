from django.http import Http404


def programme_list(request):
    raise Http404
