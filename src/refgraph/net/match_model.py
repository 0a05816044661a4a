"""The coefficients of the DOI matcher's logistic model, written by benchmarks/fit_match.py.

Features per field (title, author, year, container, volume, issue, page): `<field>_has` (both
sides give it) and `<field>_score` (how well they agree, 0..1). `accept` is the probability at
which a found DOI is applied, chosen for precision on the fitting pairs; `possible` the one at
which it is reported as a possible DOI, not applied.
"""
MODEL = {
    "bias": -13.7925,
    "weights": {
        "title_has": 0.0,
        "title_score": 10.5912,
        "author_has": 0.666,
        "author_score": 0.4299,
        "year_has": 1.7771,
        "year_score": 1.7771,
        "container_has": -0.3445,
        "container_score": -0.3445,
        "volume_has": 0.036,
        "volume_score": 0.036,
        "issue_has": -0.518,
        "issue_score": -0.518,
        "page_has": 2.9986,
        "page_score": 2.9986
    },
    "accept": 0.563,
    "possible": 0.2
}
