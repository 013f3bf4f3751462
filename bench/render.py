"""Rendering benchmark: ``python -m bench.render [--rounds 3] [--clock cpu|wall] [--quick]`` from the
repository root.

Warm process (fonts, stylesheet and templates loaded once, as in a worker): p50/p90 per document and
per page over every kind with realistic data and a 30-document case file, each set in the compact CJK
face (what documents use) and in the full Noto Serif CJK face (the baseline before it), interleaved
round by round so both see the same machine load; then the same documents with WeasyPrint's fontTools
fallback (what a machine without libharfbuzz-subset0 gets).

Times are CPU time of the rendering thread by default (``--clock cpu``): on a shared machine other
processes stretch wall-clock time but not the work a render does; ``--clock wall`` measures elapsed
time, what a caller waits on an idle machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from bench.options import parse_with_quick
from casetrail.documents.casefile import INDEX_KIND, build_case_file
from casetrail.documents.render import RenderedDocument, Typeface, lay_out, render, typeface, write_pdf
from casetrail.documents.samples import all_sample_kinds, sample_data, sample_number

PAGE_TARGET_MS = 60.0
CASE_FILE_TARGET_S = 3.0
CASE_FILE_SIZE = 30
#: Binding the issued PDFs must cost at most this share of laying the same documents out again.
BINDING_TARGET_RATIO = 0.3


@dataclass(frozen=True)
class Sample:
    kind: str
    milliseconds: float
    pages: int


CLOCKS = {"cpu": time.thread_time, "wall": time.perf_counter}
_clock = CLOCKS["cpu"]


def _render_timed(kind: str) -> tuple[Sample, RenderedDocument]:
    started = _clock()
    document = render(kind, sample_data(kind), number=sample_number(kind))
    elapsed = (_clock() - started) * 1000
    return Sample(kind, elapsed, document.page_count), document


def _run(kinds: Sequence[str], rounds: int) -> list[Sample]:
    return [_render_timed(kind)[0] for _ in range(rounds) for kind in kinds]


@dataclass(frozen=True)
class FaceResult:
    samples: list[Sample]
    case_file_seconds: float
    case_file_pages: int
    case_file_bytes: int
    document_bytes: int

    @property
    def per_page(self) -> list[float]:
        return [sample.milliseconds / sample.pages for sample in self.samples]

    @property
    def per_document(self) -> list[float]:
        return [sample.milliseconds for sample in self.samples]


def _case_file_timed(documents: Sequence[RenderedDocument]) -> tuple[float, int, int]:
    started = _clock()
    case_file = build_case_file(documents, case_title="基准测试案卷", bound_on=date(2026, 5, 1))
    return _clock() - started, case_file.page_count, len(case_file.pdf)


def _relayout_timed(documents: Sequence[RenderedDocument]) -> float:
    """The baseline: lay every document out again from its snapshot, then the index, join, write."""
    started = _clock()
    laid_out = [lay_out(d.kind, d.snapshot, number=d.number) for d in documents]
    entries, page = [], 2
    for sequence, (document, layout) in enumerate(zip(documents, laid_out, strict=True), start=1):
        count = len(layout.document.pages)
        entries.append({"sequence": sequence, "title": document.title, "number": document.number_text,
                        "dated": document.issued_on, "first_page": page, "last_page": page + count - 1})  # fmt: skip
        page += count
    first = documents[0].snapshot
    index = lay_out(INDEX_KIND, {"agency": first["agency"], "case_number": first["case_number"],
                                 "issued_on": date(2026, 5, 1), "case_title": "基准测试案卷", "entries": entries})  # fmt: skip
    pages = [*index.document.pages] + [p for layout in laid_out for p in layout.document.pages]
    write_pdf(index.document.copy(pages))
    return _clock() - started


def binding_versus_relayout(documents: Sequence[RenderedDocument], rounds: int) -> tuple[float, float]:
    """Median seconds to bind the issued PDFs and to lay them out again, alternated round by round."""
    bound, relaid = [], []
    for _ in range(rounds):
        bound.append(_case_file_timed(documents)[0])
        relaid.append(_relayout_timed(documents))
    return statistics.median(bound), statistics.median(relaid)


def _measure_faces(kinds: Sequence[str], rounds: int, case_file_size: int) -> dict[Typeface, FaceResult]:
    """Both faces, warmed up, then measured alternately round by round."""
    documents: dict[Typeface, dict[str, RenderedDocument]] = {}
    for face in Typeface:
        with typeface(face):
            documents[face] = {kind: _render_timed(kind)[1] for kind in kinds}
    samples: dict[Typeface, list[Sample]] = {face: [] for face in Typeface}
    for _ in range(rounds):
        for face in Typeface:
            with typeface(face):
                samples[face].extend(_run(kinds, 1))
    results = {}
    case_kinds = [kind for kind in kinds if kind != INDEX_KIND]
    for face in Typeface:
        case_documents = [documents[face][case_kinds[i % len(case_kinds)]] for i in range(case_file_size)]
        with typeface(face):
            seconds, pages, size = _case_file_timed(case_documents)
        document_bytes = round(statistics.mean(len(d.pdf) for d in documents[face].values()))
        results[face] = FaceResult(samples[face], seconds, pages, size, document_bytes)
    return results


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


def _row(label: str, value: str, baseline: str, ratio: str = "", target: str = "") -> str:
    return f"| {label:<40} | {value:>12} | {baseline:>12} | {ratio:>6} | {target:>8} |"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="passes over every kind")
    parser.add_argument(
        "--fallback-kinds", type=int, default=4, help="kinds rendered with the fontTools fallback"
    )
    parser.add_argument("--clock", choices=list(CLOCKS), default="cpu", help="cpu (default) or wall time")
    parser.add_argument("--kinds", type=int, default=0, help="the first N document kinds (default: all)")
    parser.add_argument(
        "--case-file-documents", type=int, default=CASE_FILE_SIZE, help="documents in the bound case file"
    )
    args = parse_with_quick(
        parser, argv, {"rounds": 1, "kinds": 3, "case_file_documents": 4, "fallback_kinds": 1}
    )
    case_file_size = args.case_file_documents
    global _clock
    _clock = CLOCKS[args.clock]

    kinds = all_sample_kinds()[: args.kinds or None]
    results = _measure_faces(kinds, args.rounds, case_file_size)
    compact, full = results[Typeface.COMPACT], results[Typeface.FULL]

    fallback_kinds = kinds[: args.fallback_kinds]
    with typeface(Typeface.FULL):
        harfbuzz = _run(fallback_kinds, 1)
        with fonttools_fallback():
            fonttools = _run(fallback_kinds, 1)
    harfbuzz_p50 = statistics.median(sample.milliseconds for sample in harfbuzz)
    fonttools_p50 = statistics.median(sample.milliseconds for sample in fonttools)

    pages = sum(sample.pages for sample in compact.samples)
    print(f"{len(compact.samples)} renders per face of {len(kinds)} kinds ({pages} pages), warm process,"
          f" {args.clock} time\n")  # fmt: skip
    print(_row("measure", "compact face", "full face", "ratio", "target"))
    print(_row("-" * 40, "-" * 12, "-" * 12, "-" * 6, "-" * 8))

    def compare(label: str, value: float, baseline: float, unit: str, target: str = "") -> None:
        scale = "{:.2f}" if unit == "s" else "{:.0f}"
        print(_row(label, f"{scale.format(value)} {unit}", f"{scale.format(baseline)} {unit}",
                   f"{baseline / value:.2f}x", target))  # fmt: skip

    compare("per document p50", statistics.median(compact.per_document),
            statistics.median(full.per_document), "ms")  # fmt: skip
    compare("per document p90", _percentile(compact.per_document, 0.9),
            _percentile(full.per_document, 0.9), "ms")  # fmt: skip
    compare("per page p50", statistics.median(compact.per_page), statistics.median(full.per_page), "ms",
            f"<= {PAGE_TARGET_MS:.0f} ms")  # fmt: skip
    compare("per page p90", _percentile(compact.per_page, 0.9), _percentile(full.per_page, 0.9), "ms")
    compare("document size, mean", compact.document_bytes / 1024, full.document_bytes / 1024, "KiB")
    compare(f"case file, {case_file_size} documents, {compact.case_file_pages} pages",
            compact.case_file_seconds, full.case_file_seconds, "s",
            f"<= {CASE_FILE_TARGET_S:.0f} s")  # fmt: skip
    compare("case file size", compact.case_file_bytes / 1024, full.case_file_bytes / 1024, "KiB")
    case_kinds = [kind for kind in kinds if kind != INDEX_KIND]
    with typeface(Typeface.COMPACT):
        issued = [render(k, sample_data(k), number=sample_number(k)) for k in case_kinds]
        case_documents = [issued[i % len(issued)] for i in range(case_file_size)]
        bound, relaid = binding_versus_relayout(case_documents, args.rounds)
    print()
    print(_row(f"case file, {case_file_size} documents", "bind issued", "lay out again", "share"))
    print(_row("-" * 40, "-" * 12, "-" * 12, "-" * 6, "-" * 8))
    print(_row("median time", f"{bound:.2f} s", f"{relaid:.2f} s", f"{bound / relaid:.2f}",
               f"<= {BINDING_TARGET_RATIO}"))  # fmt: skip
    print()
    print(_row("fontTools fallback (full face)", "fontTools", "HarfBuzz", "ratio"))
    print(_row("-" * 40, "-" * 12, "-" * 12, "-" * 6, "-" * 8))
    print(_row(f"per document p50 ({len(fallback_kinds)} kinds)", f"{fonttools_p50:.0f} ms",
               f"{harfbuzz_p50:.0f} ms", f"{fonttools_p50 / harfbuzz_p50:.1f}x"))  # fmt: skip


if __name__ == "__main__":
    main()
