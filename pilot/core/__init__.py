"""The ground floor: errors, vocabularies, weeks, text, the CSV policy, number formats.

Imports nothing of pilot: everything else stands on it."""
