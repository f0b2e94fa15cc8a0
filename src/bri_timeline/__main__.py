"""``python -m bri_timeline``: the same as the ``bri-timeline`` command."""

from bri_timeline.delivery.cli import main

raise SystemExit(main())
