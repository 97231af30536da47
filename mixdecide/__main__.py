import sys

from mixdecide.cli import main

sys.exit(main())
