from django.http import Http404


def caseload(request):
    raise Http404
