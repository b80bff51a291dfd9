from pathlib import Path

# the repository's root, however deep a test module sits under tests/
REPO_ROOT = Path(__file__).resolve().parent.parent
