"""The pipeline's own steps on large inputs."""
from refgraph.ingest.text import document_from_text
from refgraph.pipeline import body_links


def test_body_links_of_many_urls_are_each_listed_once_in_order():
    n = 50_000  # a list-membership test made this quadratic
    urls = [f"https://example.org/page/{i}" for i in range(n)]
    text = " ".join(f"see {u} and again {u} here." for u in urls)
    doc = document_from_text("x.txt", "x", "text", text)
    assert body_links(doc, len(doc.text)) == tuple(urls)
