"""Read your own data file: read_toml and from_toml, the events they give, and their errors.

Reads river-town.toml, next to this script; docs/data-file.md describes every field.
"""

from pathlib import Path

from bri_timeline import DataFileError, describe, from_toml, read_toml

town = read_toml(Path(__file__).with_name("river-town.toml"))
print(f"{town.info.name}: {len(town)} events, updated {town.info.updated:%Y-%m-%d}")
for event in town:
    print(f"  {describe(event.time)}: {event.title}")

festival = town.get("festival")
assert festival.location is not None
place = festival.location
print(f"{festival.title}: {place.name} ({place.latitude}, {place.longitude})")
print(f"  revision {festival.revision}, updated {festival.updated:%Y-%m-%d}")
keynote = town.get("keynote")
print("Keynote:", ", ".join(f"{person.name} ({person.role})" for person in keynote.participants))
founded = town.get("town-founded")
assert founded.source is not None
print(f"Founded: “{founded.source.quote}” ({founded.source.document}, {founded.source.locator})")
print(f"  inferred {founded.inferred[0].field}: {founded.inferred[0].reason}")

# Every mistake in a file is a DataFileError naming the file, the line, the event and the field;
# from_toml reads a file's text, with the name to use in errors.
broken = '[[events]]\nid = "launch"\ntitle = "Launch"\nwhen = "2025-02-29"\n'
try:
    from_toml(broken, path="broken.toml")
except DataFileError as error:
    print(f"refused: {error}")
    print(f"  file {error.path}, line {error.line}, event {error.event}, field {error.field}")
