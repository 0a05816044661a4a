"""Network: one polite, cached session (http.py); Crossref and doi.org clients; resolution,
discovery and enrichment (resolve.py); DOI and URL checks (linkcheck.py)."""
