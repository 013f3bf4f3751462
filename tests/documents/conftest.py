from __future__ import annotations

import pytest

from casetrail.documents.render import RenderedDocument, render
from casetrail.documents.samples import sample_data, sample_number


class RenderCache:
    """Each kind's sample rendered once per session: 38 documents are a few seconds of layout."""

    def __init__(self) -> None:
        self._documents: dict[str, RenderedDocument] = {}

    def __call__(self, kind: str) -> RenderedDocument:
        if kind not in self._documents:
            self._documents[kind] = render(kind, sample_data(kind), number=sample_number(kind))
        return self._documents[kind]


@pytest.fixture(scope="session")
def rendered() -> RenderCache:
    return RenderCache()
