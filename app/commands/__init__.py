"""Subcommands of `newsdesk`, one module per area; each exposes ``register(subparsers)``."""
