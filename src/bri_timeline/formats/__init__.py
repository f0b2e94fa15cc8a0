"""The formats: one package per format, its reading and its writing side by side.

Each package ``bri_timeline.formats.NAME`` turns a :class:`~bri_timeline.Timeline`
into that format and, where the format can be read, back. Its ``read`` module
reads, its ``write`` module writes, and what both directions must agree on (the
names of properties, fields and keys) lives once in a private module of the
package. A format imports the model, the timeline and the errors and limits;
it never imports another format, and nothing below it imports it. See
``docs/architecture.md``, which also says how to add a format.

* :mod:`bri_timeline.formats.ical`: iCalendar (RFC 5545), the feed and its import;
* :mod:`bri_timeline.formats.toml`: the TOML data file, and the bundled BRI data;
* :mod:`bri_timeline.formats.json_document`: the lossless JSON document;
* :mod:`bri_timeline.formats.timelinejs`: a TimelineJS3 story;
* :mod:`bri_timeline.formats.svg`: the picture;
* :mod:`bri_timeline.formats.html_page`: the site's page;
* :mod:`bri_timeline.formats.text`: plain text for a terminal, the command line's tables;

Private modules here (``_where``, ``_checks``, ``_document``, ``_files``) are helpers
that several formats use; they are not formats and import no format.
"""
