"""The package's web components: the built frontend in ``frontend/dist``.

``npm run build`` writes it in Stencil's namespace layout,
``frontend/dist/<namespace>/<namespace>.esm.js`` with the namespace
``limepkg-userlike-relay-lwc-components``: a module that defines every element of the package when
imported:

- ``lwc-limepkg-userlike-relay-loader``: the plugin loader the web client creates once at start;
- ``lwc-limepkg-userlike-relay-conversations``: the conversations view for an object card;
- ``lwc-limepkg-userlike-relay-connect-dialog``: the "connect a Userlike conversation" prompt.
"""

import logging
import os

logger = logging.getLogger(__name__)

DISTRIBUTION_NAME = "limepkg-userlike-relay"
# Stencil names a package's bundle `<package name>-lwc-components`.
FRONTEND_NAMESPACE = DISTRIBUTION_NAME + "-lwc-components"

_MODULE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def frontend_dist_path():
    """Absolute path of the built frontend (``frontend/dist`` inside the package)."""
    return os.path.join(_MODULE_DIR, "frontend", "dist")


def frontend_entry_path():
    """Absolute path of the namespace module the web client loads."""
    return os.path.join(
        frontend_dist_path(), FRONTEND_NAMESPACE, FRONTEND_NAMESPACE + ".esm.js"
    )


def package_version():
    """The installed distribution's version; the source's ``__version__`` when not installed."""
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # Python 3.7 has no importlib.metadata
        return _source_version()
    try:
        return version(DISTRIBUTION_NAME)
    except PackageNotFoundError:
        return _source_version()


def _source_version():
    from .. import __version__

    return __version__


def register_web_components():
    """No longer in use (lime-project's template keeps it); still needs to exist."""
    return []


def register_static_content():
    """Returns ``[("lwc-components-<version>", <absolute path of frontend/dist>)]``.

    The web client serves it at
    ``<app root>/static/limepkg-userlike-relay/lwc-components-<version>/``; the version in the route
    makes browsers fetch a new release instead of a cached one.
    """
    dist = frontend_dist_path()
    if not os.path.isfile(frontend_entry_path()):
        logger.warning(
            "%s: the frontend is not built (no %s); the web client will not find the package's "
            "components. Build the package with `npm run package`.",
            DISTRIBUTION_NAME,
            os.path.relpath(frontend_entry_path(), _MODULE_DIR),
        )
    return [("lwc-components-" + package_version(), dist)]
