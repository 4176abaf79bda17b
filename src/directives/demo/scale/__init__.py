"""A province-sized, deterministic database for the benchmark: ``directives demo --scale 1.0``.

At scale 1.0: about 1,000 units (ten districts' communes, towns and organizations, plus the
province's organizations; some communes merged into a neighbour in 2019 or 2024), about 2,500
meetings with their conclusions from 2016 to mid-2025, about 22,000 tasks, 200,000 assignments
and 1,000,000 status updates. Every assignment's current columns equal its last update, as
:func:`directives.services.updates.record_update` would leave them; updates are numbered in the
order they were recorded, as a live database would number them.

Rows go in with Core ``insert`` executemany, in batches, in one transaction. The same seed gives
the same rows (only the salted password hash differs). Text is synthetic; place names are used
for flavour only.

:mod:`.writer` fills the database; :mod:`.units`, :mod:`.documents` and :mod:`.history` make the
rows, with the words of :mod:`.vocabulary` and the calendar of :mod:`.base`.
"""

from directives.demo.scale.base import AS_OF
from directives.demo.scale.writer import generate

__all__ = ["AS_OF", "generate"]
