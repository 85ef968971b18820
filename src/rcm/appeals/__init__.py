"""Appeals of denials: opened against the denial's deadline, a PDF letter, attachments, submission
through the clearinghouse connector, outcomes, and the deadline monitor.

The appeals part of the denials domain: its models and queries live in `rcm.denials`.
"""
