"""Project wiring: settings, URLs, WSGI/ASGI entry points. No domain rules live here."""
