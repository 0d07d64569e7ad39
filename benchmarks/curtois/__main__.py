import sys

from benchmarks.curtois.run import main

sys.exit(main())
