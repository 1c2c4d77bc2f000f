"""Typed pydantic response models built from `.rq` headers, for /openapi.json and /docs.

Responses are serialised by the portal itself (pre-built JSON bytes); the models document
them: every field with its type, whether it can be null, and its description.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from rolegraph.queries import FieldSpec, FieldType, QuerySpec

_PYTHON_TYPES: dict[FieldType, Any] = {
    FieldType.ID: str,
    FieldType.IRI: str,
    FieldType.STRING: str,
    FieldType.CONCEPT: str,
    FieldType.DATETIME: str,
    FieldType.INTEGER: int,
    FieldType.DECIMAL: float,
    FieldType.BOOLEAN: bool,
    FieldType.ANY: Any,
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def model_name(spec: QuerySpec) -> str:
    """`role_kpi_skill_matrix` -> `RoleKpiSkillMatrix`."""
    return "".join(part.capitalize() for part in spec.name.split("_"))


def _type(field: FieldSpec) -> Any:
    if field.enum and field.type in (FieldType.STRING, FieldType.CONCEPT):
        return Literal[field.enum]  # type: ignore[valid-type]
    return _PYTHON_TYPES[field.type]


def _description(field: FieldSpec) -> str:
    text = field.description
    if field.type is FieldType.ID and field.kind:
        text += f" (a {field.kind} id: the last segment of its IRI)"
    elif field.type is FieldType.CONCEPT and field.kind:
        text += f" (a value of the {field.kind} scheme)"
    elif field.type is FieldType.DATETIME:
        text += " (xsd:dateTime)"
    if field.of:
        text += f"; looked up from {field.of}"
    return text.strip()


def _scalar(field: FieldSpec, required: bool) -> tuple[Any, Any]:
    kind = _type(field)
    if required:
        return kind, Field(description=_description(field))
    return kind | None, Field(default=None, description=_description(field))


_ITEM_MODELS: dict[str, type[BaseModel]] = {}


def item_model(spec: QuerySpec) -> type[BaseModel]:
    """The model of one answer object of `spec` (key, scalar, list and nested fields)."""
    if spec.name not in _ITEM_MODELS:
        _ITEM_MODELS[spec.name] = _build_item_model(spec)
    return _ITEM_MODELS[spec.name]


def _build_item_model(spec: QuerySpec) -> type[BaseModel]:
    shape = spec.shape
    fields = {f.name: f for f in spec.field_specs}
    key = set(shape.key) if shape else set()
    many = set(shape.many) if shape else set()
    nested = shape.nested_fields() if shape else set()
    definitions: dict[str, Any] = {}
    first_of = {group[0]: (name, group) for name, group in (shape.nest if shape else ())}
    for field in spec.field_specs:
        if field.name in first_of:
            nest, group = first_of[field.name]
            sub = create_model(  # type: ignore[call-overload]
                f"{model_name(spec)}{nest[0].upper()}{nest[1:]}",
                __base__=_Model,
                **{g: _scalar(fields[g], fields[g].required or g == group[0]) for g in group},
            )
            definitions[nest] = (list[sub], Field(description=f"{nest} (a list, may be empty)"))
        elif field.name in nested:
            continue
        elif field.name in many:
            definitions[field.name] = (
                list[_type(field)],
                Field(description=_description(field) + " (a list, may be empty)"),
            )
        else:
            definitions[field.name] = _scalar(field, field.required or field.name in key)
    return create_model(model_name(spec), __base__=_Model, **definitions)  # type: ignore[call-overload]


def page_model(name: str, item: type[BaseModel]) -> type[BaseModel]:
    """The envelope of one page of answers (`name`Page)."""
    return create_model(  # type: ignore[call-overload]
        f"{name}Page",
        __base__=_Model,
        items=(list[item], Field(description="The answers on this page")),
        total=(int, Field(description="How many answers there are in all")),
        limit=(int, Field(description="Most answers per page (as requested, default 50)")),
        offset=(int, Field(description="Answers skipped before this page")),
        next=(str | None, Field(description="URL of the next page; null on the last")),
        prev=(str | None, Field(description="URL of the previous page; null on the first")),
    )


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(description="URI naming the kind of problem (documented in docs/api.md)")
    title: str = Field(description="Short summary of the kind of problem")
    status: int = Field(description="The HTTP status code")
    detail: str = Field(description="What went wrong in this request and how to fix it")
    instance: str | None = Field(default=None, description="The request path")
