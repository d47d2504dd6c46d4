from django.conf import settings


def portal(request):
    return {"DEV_TOOLS": settings.DEV_TOOLS, "DEVIDP_ENABLED": settings.DEVIDP_ENABLED}
