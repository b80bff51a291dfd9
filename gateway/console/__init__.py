"""The browser console (/console) and the API docs (/docs): static files served by the
gateway itself, under a strict Content-Security-Policy. They call the public API only."""
