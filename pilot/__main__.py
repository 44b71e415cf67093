from pilot.cli import main

raise SystemExit(main())
