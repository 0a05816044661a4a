"""The coefficients of the DOI matcher's logistic model, written by benchmarks/fit_match.py.

Features per field (title, author, year, container, volume, issue, page): `<field>_has` (both
sides give it) and `<field>_score` (how well they agree, 0..1). `accept` is the probability at
which a found DOI is applied, chosen for precision on the fitting pairs; `possible` the one at
which it is reported as a possible DOI, not applied.
"""
MODEL = {
    "bias": -13.741,
    "weights": {
        "title_has": 0.0,
        "title_score": 10.5626,
        "author_has": 0.6843,
        "author_score": 0.345,
        "year_has": 1.752,
        "year_score": 1.752,
        "container_has": -0.3223,
        "container_score": -0.3223,
        "volume_has": 0.053,
        "volume_score": 0.053,
        "issue_has": -0.5145,
        "issue_score": -0.5145,
        "page_has": 3.0045,
        "page_score": 3.0045
    },
    "accept": 0.541,
    "possible": 0.2
}
