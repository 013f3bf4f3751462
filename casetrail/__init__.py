"""casetrail: administrative enforcement cases as durable workflows with a whole-process record."""
