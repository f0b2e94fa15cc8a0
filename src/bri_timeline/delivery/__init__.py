"""Delivery: the ways a timeline reaches people.

The command line, the feed server and the static site.
"""
