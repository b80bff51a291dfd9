"""A real wagate deployment on one machine for the tests and the benchmarks: the stack
launcher, a webhook receiver, TCP proxies and the whatsmeow pairing helpers. Both tests/
and bench/ import it; it imports neither (bench must never depend on tests)."""
