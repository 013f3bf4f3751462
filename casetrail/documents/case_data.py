"""What a document knows about its case without being told: agency, case number, party, cause, officers.

Stage code passes only the fields of its own step; the standing facts of the case come from the
database (``CaseFacts``). The merge rule is one line: **explicit data wins**, key by key and
recursively into objects, so a caller may add ``party.address`` without restating the party, or
replace ``officers`` (lists are replaced whole). Only fields the kind's model declares are filled in,
so a kind without a party gets no party.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from casetrail.documents.catalog import DocumentKind

# The case read model stores the party as the API took it (``api.schemas.Party``).
_PARTY_TYPES = {"person": "individual", "organisation": "legal_person"}


@dataclass(frozen=True, slots=True)
class CaseOfficerFacts:
    name: str
    certificate_number: str


@dataclass(frozen=True, slots=True)
class CaseFacts:
    agency_name: str
    agency_short_name: str
    case_number: str
    cause: str
    party: Mapping[str, Any]
    officers: Sequence[CaseOfficerFacts]


def _party(party: Mapping[str, Any]) -> dict[str, Any]:
    """The read model's party in the documents' shape; blanks are left out so validation names them."""
    fields = {
        "name": party.get("name"),
        "party_type": _PARTY_TYPES.get(str(party.get("kind"))),
        "id_number": party.get("id_number"),
        "address": party.get("address"),
        "legal_representative": party.get("representative"),
        "phone": party.get("phone"),
    }
    return {key: value for key, value in fields.items() if value}


def case_fields(facts: CaseFacts, *, issued_on: date) -> dict[str, Any]:
    """Every field the case can supply, in the documents' shape."""
    return {
        "agency": {"name": facts.agency_name, "short_name": facts.agency_short_name},
        "case_number": facts.case_number,
        "issued_on": issued_on.isoformat(),
        "party": _party(facts.party),
        "case_cause": facts.cause,
        "officers": [
            {"name": officer.name, "certificate_number": officer.certificate_number}
            for officer in facts.officers
        ],
    }


def merge(defaults: Mapping[str, Any], explicit: Mapping[str, Any]) -> dict[str, Any]:
    """``defaults`` overlaid with ``explicit``: explicit wins, objects merge by key, lists are replaced."""
    merged = dict(defaults)
    for key, value in explicit.items():
        default = merged.get(key)
        if isinstance(value, Mapping) and isinstance(default, Mapping):
            merged[key] = merge(default, value)
        else:
            merged[key] = value
    return merged


def document_data(
    kind: DocumentKind, facts: CaseFacts, explicit: Mapping[str, Any], *, issued_on: date
) -> dict[str, Any]:
    """The data to render ``kind`` with: the case's fields the kind declares, overlaid with ``explicit``."""
    declared = kind.model.model_fields
    defaults = {
        key: value for key, value in case_fields(facts, issued_on=issued_on).items() if key in declared
    }
    return merge(defaults, explicit)
