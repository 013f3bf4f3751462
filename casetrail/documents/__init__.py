"""Official documents (文书): catalog, templates, PDF rendering, case files.

Public API (import from the submodules; this package imports nothing so that workflow code can use
``numbering`` and ``catalog`` without pulling in WeasyPrint):

- ``render.render(kind, data, *, number=None) -> RenderedDocument``
- ``casefile.build_case_file(documents, *, case_title, bound_on) -> RenderedCaseFile``
- ``numbering.DocumentNumber`` and ``format_document_number``
- ``catalog.CATALOG`` / ``catalog.get_kind(key)`` -> ``DocumentKind``
- ``fonts.check_rendering_prerequisites()`` (for ``doctor``)
"""
