"""The database schema as migrations, applied in order on open by `store.connect`.

Add a change as a new function at the end of the newest module (m015_..., m016_...), or in a new
module imported last below: never edit one that has shipped, since databases out there have
already run it. The modules are imported in the order their migrations run.
"""

from __future__ import annotations

from pilot.core.sqlite import Migrations

migrations = Migrations("pilot")

from pilot.schema import pilot_data, users_and_audit, playbook, indexes  # noqa: E402,F401,I001  (registers, in this order)
