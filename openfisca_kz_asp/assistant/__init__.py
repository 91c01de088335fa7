"""AI assistants: an MCP server (``openfisca-kz-asp mcp``) over the web API's code paths.

:mod:`.service` answers the tools (calculate, explain, a parameter's history, the inputs a family
needs, the reforms) exactly as ``POST /calculate`` and ``POST /explain`` do; :mod:`.server` wraps
it in the official ``mcp`` SDK's server, over stdio or streamable HTTP. The package is not named
``mcp`` so that it never shadows the SDK. docs/assistants.md says how to connect a client.
"""

from openfisca_kz_asp.assistant.service import Assistant, AssistantError

__all__ = ["Assistant", "AssistantError"]
