"""Exporters: a Timeline out to a format (iCalendar, JSON, SVG, ...).

Each exporter is a module of its own and knows nothing of the others.
"""
