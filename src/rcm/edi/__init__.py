"""X12 5010 codec: pure text <-> dataclasses, no database, no settings, no web framework."""
