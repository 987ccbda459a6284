"""limepkg-userlike-relay: the Lime half of the Userlike to Lime relay.

Lime finds this module through the ``lime_plugins`` entry point. It serves the package's web
components (``web_components.register_static_content``) and ships their translations in
``translations/*.po``. The package has no server-side logic: the relay, run separately, writes the
conversations into Lime through Lime's REST API.

Standard library only; the code runs on Python 3.7 and newer.
"""

__version__ = "0.1.0"

from .web_components import register_static_content as _web_components_static_content
from .web_components import register_web_components  # noqa: F401 (Lime looks it up on the package)

# The conversation limetype of Lime Chat (limepkg-userlike), which this package shares.
DEFAULT_CONVERSATION_LIMETYPE = "ulconversation"


def default_config():
    """The package's configuration defaults.

    Lime makes them available under ``lime_config.config['plugins']['limepkg_userlike_relay']``
    and a solution's configuration file may override them. The web client's loader reads the same
    keys from its config repository (``state.configs``, key ``limepkg_userlike_relay``) when the web
    client offers one:

    - ``conversationLimetype``: the limetype whose "create" command opens the connect prompt.
    - ``relationName``: the hasmany on an object's limetype that lists its conversations.
    - ``userlikeBaseUrl``: a conversation opens in Userlike at this address + its ID.
    - ``conversationRelations``: limetype of a card object -> name of the belongsto on the
      conversation limetype that points to it. A limetype not listed uses its own name, as Lime Chat
      names these relations.
    """
    return {
        "conversationLimetype": DEFAULT_CONVERSATION_LIMETYPE,
        "relationName": DEFAULT_CONVERSATION_LIMETYPE,
        "userlikeBaseUrl": "https://userlike.com/en/umc#/conversation/",
        "conversationRelations": {},
    }


def register_static_content():
    """Returns a list of ``(route, path_to_static_content)`` tuples.

    lime-webserver calls this to find the static content of the package, which it then serves at
    ``/<rooturl-to-app>/static/limepkg-userlike-relay/<route>``. The only static content is the
    built frontend of ``web_components``.
    """
    return list(_web_components_static_content())
