from django.http import HttpResponse


def clue_list(request):
    return HttpResponse("")
