"""What every command shares: turning rolegraph errors into messages and exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from rolegraph.errors import InputError, NotFoundError
from rolegraph.store.errors import StoreError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print InputError/NotFoundError as `file:line:col: message` and exit 2, a store that cannot
    serve (unreachable, misconfigured) as its message and exit 1: never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (InputError, NotFoundError) as err:
            click.echo(f"error: {err}", err=True)
            raise SystemExit(EXIT_BAD_INPUT) from None
        except StoreError as err:
            click.echo(f"error: {err}", err=True)
            raise SystemExit(EXIT_FAILED) from None

    return wrapper
