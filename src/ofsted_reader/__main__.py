from ofsted_reader.cli import main

raise SystemExit(main())
