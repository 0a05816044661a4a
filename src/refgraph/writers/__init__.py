"""Writers: Works -> BibTeX, CSL-JSON, RIS. Pure functions returning strings."""
