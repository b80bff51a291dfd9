"""The shape of a company id, checked wherever one comes in."""

import re

# matched with fullmatch: `$` alone would also accept a trailing newline ("B\n")
COMPANY_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
