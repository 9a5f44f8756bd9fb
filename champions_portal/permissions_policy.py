"""Permissions-Policy on every response. (The Content-Security-Policy is django-csp's, set in settings.)"""

# The portal uses none of these device or browser features, so browsers refuse them to it and to anything
# it might ever embed. Only names Chromium knows: it warns in the console about any other.
FEATURES_TURNED_OFF = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in FEATURES_TURNED_OFF)


def permissions_policy_middleware(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware
