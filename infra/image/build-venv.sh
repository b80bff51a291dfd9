#!/bin/sh
# Builds wagate's runtime venv at $1 from the source tree in the current directory (not
# editable: the package as the image ships it). The image's build stage runs it
# (infra/Dockerfile), and so does `make imagecheck`, which has no Docker: the same
# command, run where CI can run it.
set -eu
venv="$1"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check --upgrade pip
"$venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check .
# the entry point the image's ENTRYPOINT names, and the module its HEALTHCHECK runs
"$venv/bin/wagate" --help > /dev/null
"$venv/bin/python" -c "import wagate.healthcheck"
