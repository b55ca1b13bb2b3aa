"""The project's URLs with the catalog pages under the workspace, whether or not the workspace mounts them."""

from django.urls import URLPattern, URLResolver, include, path

from config import urls as project
from motcua.workspace import urls as workspace


def _patterns(items: list[object]) -> list[URLPattern | URLResolver]:
    return [p for p in items if isinstance(p, URLPattern | URLResolver)]


_existing = _patterns(workspace.urlpatterns)
_mounted = any(str(p.pattern) == "danh-muc/" for p in _existing)
_workspace = [
    *_existing,
    *([] if _mounted else [path("danh-muc/", include("motcua.workspace.catalog.urls"))]),
]
urlpatterns: list[URLPattern | URLResolver] = [
    path("can-bo/", include((_workspace, "workspace"))),
    *[p for p in _patterns(project.urlpatterns) if str(p.pattern) != "can-bo/"],
]
