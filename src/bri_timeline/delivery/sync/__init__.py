"""CalDAV sync: a timeline pushed into a calendar people own, and kept in step.

:func:`~bri_timeline.delivery.sync.api.sync` in Python, ``bri-timeline sync URL`` on the
command line (:mod:`~bri_timeline.delivery.sync.command`). Needs the ``caldav`` package:
``pip install 'bri-timeline[sync]'``. See ``docs/sync.md``.
"""

from bri_timeline.delivery.sync.api import (
    Credentials,
    SyncAction,
    SyncReport,
    sync,
)

__all__ = ["Credentials", "SyncAction", "SyncReport", "sync"]
