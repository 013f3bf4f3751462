"""Custom Temporal search attributes, registered when the server starts.

Upserting an attribute the server does not know makes the workflow task fail forever
(DESIGN.md), so the dev server, the compose init job and the tests all register this list.
"""

from __future__ import annotations

from temporalio.client import Client
from temporalio.common import SearchAttributeKey, SearchAttributePair, TypedSearchAttributes

CASE_PHASE = SearchAttributeKey.for_keyword("CasePhase")
CASE_AGENCY = SearchAttributeKey.for_keyword("CaseAgency")
CASE_NUMBER = SearchAttributeKey.for_keyword("CaseNumber")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("NextDeadline")

ALL = (CASE_PHASE, CASE_AGENCY, CASE_NUMBER, NEXT_DEADLINE)


def cli_flags() -> list[str]:
    """`--search-attribute Name=Type` flags for `temporal server start-dev`."""
    flags: list[str] = []
    for key in ALL:
        kind = key.indexed_value_type.name.removeprefix("INDEXED_VALUE_TYPE_")
        flags += ["--search-attribute", f"{key.name}={_CLI_TYPE_NAMES[kind]}"]
    return flags


_CLI_TYPE_NAMES = {"KEYWORD": "Keyword", "DATETIME": "Datetime", "TEXT": "Text", "INT": "Int"}


def initial(case_no: str, agency_code: str) -> TypedSearchAttributes:
    return TypedSearchAttributes(
        [
            SearchAttributePair(CASE_NUMBER, case_no),
            SearchAttributePair(CASE_AGENCY, agency_code),
            SearchAttributePair(CASE_PHASE, "starting"),
        ]
    )


async def register(client: Client) -> None:
    """Register our attributes on a server that does not know them (test server, new namespace)."""
    from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
    from temporalio.service import RPCError, RPCStatusCode

    request = AddSearchAttributesRequest(
        namespace=client.namespace,
        search_attributes={key.name: key.indexed_value_type for key in ALL},  # type: ignore[misc]
    )
    try:
        await client.operator_service.add_search_attributes(request)
    except RPCError as exc:
        if exc.status != RPCStatusCode.ALREADY_EXISTS:
            raise
