"""Placeholder replaced below."""

from __future__ import annotations

from fastapi import APIRouter


def add_search_route(router: APIRouter) -> None:
    return None
