"""``openfisca-kz-asp mcp``: the MCP server for AI assistants (``openfisca_kz_asp.assistant``).

Over stdio by default (an MCP client such as Claude Desktop starts the command), or streamable
HTTP with ``--http`` (``http://HOST:PORT/mcp``). docs/assistants.md says how to connect a client.
"""

from __future__ import annotations

import argparse
from typing import Any

from openfisca_kz_asp.cli import UserError

DEFAULT_PORT = 8000


def register(subparsers: Any) -> None:
    """Add the ``mcp`` subcommand."""
    parser = subparsers.add_parser(
        "mcp",
        help="serve the tools for AI assistants (Model Context Protocol)",
        description=(
            "Start an MCP server with tools to calculate a family's ASP (with a named or parametric "
            "reform), explain it in kk/ru/en with the legal references, look up a parameter's history "
            "with its sources and list the inputs a family needs. Over stdio by default; --http serves "
            "streamable HTTP at http://HOST:PORT/mcp."
        ),
    )
    parser.add_argument("--http", action="store_true", help="serve streamable HTTP instead of stdio")
    parser.add_argument("--host", default="127.0.0.1", help="address for --http (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port for --http (default {DEFAULT_PORT})"
    )
    parser.add_argument("--path", default="/mcp", help="URL path for --http (default /mcp)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UserError(f"--port must be from 1 to 65535, not {args.port}")
    if not args.path.startswith("/"):
        raise UserError(f"--path must start with '/', not {args.path!r}")
    from openfisca_kz_asp.assistant.server import run as serve  # noqa: PLC0415 - the SDK is heavy

    serve(http=args.http, host=args.host, port=args.port, path=args.path)
    return 0
