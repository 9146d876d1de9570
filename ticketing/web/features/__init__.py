"""Service features; each module here exposes ``setup(app: web.Application) -> None``.

``ticketing.web.app.init_app`` mounts every module of this package (see ``FEATURE_ORDER``).
"""
