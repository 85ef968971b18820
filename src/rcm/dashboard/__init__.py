"""The web dashboard (C12): HTML shells and small scripts that read the authenticated JSON API."""
