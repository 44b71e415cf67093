"""The command line's commands by area; `pilot.cli` parses and runs them."""
