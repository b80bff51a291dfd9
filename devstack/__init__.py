"""A real wagate deployment on one machine for the tests and the benchmarks: the stack
launcher, a webhook receiver, TCP proxies and whatsmeow's device rows. Both tests/
and bench/ import it; it imports neither (bench must never depend on tests)."""
