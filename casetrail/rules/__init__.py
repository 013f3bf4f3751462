"""Statutes as data and legal-time arithmetic (pure: stdlib and pydantic only).

Everything here may be imported inside the Temporal workflow sandbox except
:mod:`casetrail.rules.calendar_seed`, the one module that imports ``holidays``.
"""
