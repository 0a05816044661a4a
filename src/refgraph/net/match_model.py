"""The coefficients of the DOI matcher's logistic model, written by benchmarks/fit_match.py.

Features per field (title, author, year, container, volume, issue, page): `<field>_has` (both
sides give it) and `<field>_score` (how well they agree, 0..1). `ACCEPT` is the probability at
which a found DOI is applied, chosen for precision on the fitting pairs; `POSSIBLE` the one at
which it is reported as a possible DOI, not applied.
"""
BIAS: float = -13.7925
WEIGHTS: dict[str, float] = {
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
    "page_score": 2.9986,
}
ACCEPT: float = 0.563
POSSIBLE: float = 0.2
