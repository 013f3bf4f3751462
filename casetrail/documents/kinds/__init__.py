"""Data models of every document kind, grouped by procedural stage."""
