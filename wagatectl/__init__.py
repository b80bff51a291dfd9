"""The composition root: the `wagate` command that starts each part (gateway, connector,
sim network) or all of them (`wagate up`, with embedded servers on a first run), and the
admin commands. It sits above the parts and the shared kernel (`wagate/`); nothing below
imports it."""
