"""Rendering benchmark: ``python -m bench.render`` from the repository root.

Warm process (fonts, stylesheet and templates loaded once, as in a worker): p50/p90 per document and
per page over every kind with realistic data, a 30-document case file, and the same documents with
WeasyPrint's fontTools fallback (what a machine without libharfbuzz-subset0 gets).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from casetrail.documents.casefile import INDEX_KIND, build_case_file
from casetrail.documents.render import RenderedDocument, render
from casetrail.documents.samples import all_sample_kinds, sample_data, sample_number

PAGE_TARGET_MS = 60.0
CASE_FILE_TARGET_S = 3.0
CASE_FILE_SIZE = 30


@dataclass(frozen=True)
class Sample:
    kind: str
    milliseconds: float
    pages: int


def _render_timed(kind: str) -> tuple[Sample, RenderedDocument]:
    started = time.perf_counter()
    document = render(kind, sample_data(kind), number=sample_number(kind))
    elapsed = (time.perf_counter() - started) * 1000
    return Sample(kind, elapsed, document.page_count), document


def _run(kinds: Sequence[str], rounds: int) -> list[Sample]:
    return [_render_timed(kind)[0] for _ in range(rounds) for kind in kinds]


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@contextmanager
def fonttools_fallback() -> Iterator[None]:
    """Force the branch WeasyPrint takes when libharfbuzz-subset is absent (``pdf.fonts.Font.subset``)."""
    from weasyprint.pdf import fonts

    saved = fonts.harfbuzz_subset
    fonts.harfbuzz_subset = None
    try:
        yield
    finally:
        fonts.harfbuzz_subset = saved


def _row(label: str, value: str, target: str = "") -> str:
    return f"| {label:<44} | {value:>12} | {target:>10} |"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="passes over every kind")
    parser.add_argument(
        "--fallback-kinds", type=int, default=4, help="kinds rendered with the fontTools fallback"
    )
    args = parser.parse_args(argv)

    kinds = all_sample_kinds()
    documents = {kind: _render_timed(kind)[1] for kind in kinds}  # warm-up, and the case-file input

    samples = _run(kinds, args.rounds)
    per_document = [sample.milliseconds for sample in samples]
    per_page = [sample.milliseconds / sample.pages for sample in samples]

    case_kinds = [kind for kind in kinds if kind != INDEX_KIND]
    case_documents = [documents[case_kinds[index % len(case_kinds)]] for index in range(CASE_FILE_SIZE)]
    started = time.perf_counter()
    case_file = build_case_file(case_documents, case_title="基准测试案卷", bound_on=date(2026, 5, 1))
    case_file_seconds = time.perf_counter() - started

    fallback_kinds = kinds[: args.fallback_kinds]
    harfbuzz = _run(fallback_kinds, 1)
    with fonttools_fallback():
        fonttools = _run(fallback_kinds, 1)
    harfbuzz_p50 = statistics.median(sample.milliseconds for sample in harfbuzz)
    fonttools_p50 = statistics.median(sample.milliseconds for sample in fonttools)

    pages = sum(sample.pages for sample in samples)
    print(f"{len(samples)} renders of {len(kinds)} kinds ({pages} pages), warm process\n")
    print(_row("measure", "value", "target"))
    print(_row("-" * 44, "-" * 12, "-" * 10))
    print(_row("per document p50", f"{statistics.median(per_document):.0f} ms"))
    print(_row("per document p90", f"{_percentile(per_document, 0.9):.0f} ms"))
    print(_row("per page p50", f"{statistics.median(per_page):.0f} ms", f"<= {PAGE_TARGET_MS:.0f} ms"))
    print(_row("per page p90", f"{_percentile(per_page, 0.9):.0f} ms"))
    case_file_label = f"case file, {CASE_FILE_SIZE} documents, {case_file.page_count} pages"
    print(_row(case_file_label, f"{case_file_seconds:.2f} s", f"<= {CASE_FILE_TARGET_S:.0f} s"))
    print(_row("case file size", f"{len(case_file.pdf) / 1024:.0f} KiB"))
    print(_row(f"per document p50, HarfBuzz ({len(fallback_kinds)} kinds)", f"{harfbuzz_p50:.0f} ms"))
    print(_row("per document p50, fontTools fallback", f"{fonttools_p50:.0f} ms"))
    print(_row("fontTools / HarfBuzz", f"{fonttools_p50 / harfbuzz_p50:.1f}x"))


if __name__ == "__main__":
    main()
