"""The local web app: browse laws, compare them, draft bills and run simulations in a browser.

`swpolicy serve` starts it on http://127.0.0.1:8000/ (see docs/web.md). `create_app` builds the
FastAPI app for a given database; the JSON API is under /api with OpenAPI docs at /docs.
"""
