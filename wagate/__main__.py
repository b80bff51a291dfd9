# `python -m wagate <part>` keeps working: the command itself lives in the composition root
# (wagatectl), above this kernel. A script entry, never imported by a module, so it is the
# one file of wagate/ allowed to reach up (tests/wagate/test_layering.py exempts it by name).
from wagatectl.cli import main

main()
