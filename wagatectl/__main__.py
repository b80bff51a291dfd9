from wagatectl.cli import main

main()
