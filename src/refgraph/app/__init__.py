"""The use cases, each a plain function chaining the stages; the engine that maps them over
workers (engine.py) and the batched, resumable writer (stream.py)."""
