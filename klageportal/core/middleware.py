class DanishFirstMiddleware:
    """Danish is the interface language: the browser's language is ignored, only the person's choice counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
