"""Finding, cutting and reading reference lists, and the callouts that point at them."""
