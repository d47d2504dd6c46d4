from django.conf import settings


def portal(request):
    return {
        "DEV_TOOLS": settings.DEV_TOOLS,
        "IS_STAGING": settings.IS_STAGING,
        "DEVIDP_ENABLED": settings.DEVIDP_ENABLED,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_ATTRIBUTION": settings.MAP_ATTRIBUTION,
    }
