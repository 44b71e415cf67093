"""Typed errors: pages show them with st.error, the CLI prints one line and exits 2."""


class PilotError(Exception):
    """Anything a user can fix: bad input, a refused import, an unknown pilot."""


class ValidationError(PilotError):
    """Input broke one or more rules; every message is kept so all can be shown at once."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


class NotFound(PilotError):
    """A pilot, participant, goal or import that is not in the database."""


class ImportRefused(PilotError):
    """An admin export that cannot be stored as it is (format, period, concealed names...)."""


class PermissionDenied(PilotError):
    """The acting user's role on the pilot does not allow this (a viewer's write, another pilot)."""


class StaleEdit(PilotError):
    """Someone changed the record since the form showing it was opened: saving would lose their change."""
