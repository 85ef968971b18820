"""Synthetic data at scale: a deterministic generator of an org's RCM data and a bulk loader (C13).

`generator.generate(config)` yields batches of plain row tuples (pure, no database); `loader.load`
writes them with COPY (PostgreSQL) or executemany (SQLite) and appends the audit chain. Everything is
invented: names, member ids and NPIs belong to nobody; procedure codes are bare codes.
"""
