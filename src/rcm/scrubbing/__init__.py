"""Claim scrubbing: built-in edits and payer rule packs, evaluated before submission."""
