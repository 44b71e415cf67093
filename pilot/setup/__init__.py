"""Defining a pilot: the pilot itself, the sponsor's goals, the sample group and its roster file."""
