from django.conf import settings


def portal(request):
    return {
        "DEV_TOOLS": settings.DEV_TOOLS,
        "DEVIDP_ENABLED": settings.DEVIDP_ENABLED,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_ATTRIBUTION": settings.MAP_ATTRIBUTION,
    }
