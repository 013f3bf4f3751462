"""Validate document data against its kind's model; explain refusals in Chinese, naming the field."""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from casetrail.documents.base import DocumentData
from casetrail.documents.catalog import DocumentKind
from casetrail.errors import InvalidInput

_MISSING_TYPES = frozenset({"missing", "string_too_short"})


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        if (model := _model_in(argument)) is not None:
            return model
    return None


def field_label(model: type[BaseModel], location: Sequence[int | str]) -> str:
    """Chinese label of a field path from the models' ``title``s: ``party.name`` → 当事人/当事人名称."""
    labels: list[str] = []
    current: type[BaseModel] | None = model
    for part in location:
        if isinstance(part, int):
            labels.append(f"第{part + 1}项")
            continue
        info = current.model_fields.get(part) if current is not None else None
        if info is None:
            labels.append(part)
            current = None
            continue
        labels.append(info.title or part)
        current = _model_in(info.annotation)
    return "/".join(labels)


def _location(error: ErrorDetails) -> list[int | str]:
    location = list(error["loc"])
    context = error.get("ctx") or {}
    if "field" in context:
        location.append(context["field"])
    return location


def _explain(model: type[BaseModel], error: ErrorDetails) -> str:
    location = _location(error)
    path = ".".join(map(str, location))
    label = field_label(model, location)
    context = error.get("ctx") or {}
    if "field" in context:
        return f"{error['msg']}（{path}）"
    if error["type"] in _MISSING_TYPES:
        return f"缺少必填项：{label}（{path}）"
    if error["type"] == "too_short":
        return f"{label}至少需要{context.get('min_length')}项（{path}）"
    if error["type"] == "extra_forbidden":
        return f"不认识的字段：{path}"
    return f"{label}（{path}）不符合要求：{error['msg']}"


def validate_data(kind: DocumentKind, data: Mapping[str, Any]) -> DocumentData:
    """The validated model, or :class:`InvalidInput` listing every problem and naming the first field."""
    if not isinstance(data, Mapping):
        raise InvalidInput("文书数据须为键值对象", field="data", rule="document_data_mapping")
    try:
        return kind.model.model_validate(dict(data))
    except ValidationError as error:
        details = error.errors(include_url=False)
        first_path = ".".join(map(str, _location(details[0])))
        problems = "；".join(_explain(kind.model, detail) for detail in details)
        raise InvalidInput(
            f"《{kind.title}》数据不完整或有误，不予生成：{problems}",
            field=first_path,
            rule=str(details[0]["type"]),
        ) from None
