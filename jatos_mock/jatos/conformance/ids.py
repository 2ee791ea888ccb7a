"""Id planning: the short passes before the generated run that fix {id} to ids that exist, so success answers get
checked (generated ids almost never name an existing study, component or batch)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from jatos_mock.core.conformance import engine
from jatos_mock.core.conformance.transport import seam_for
from jatos_mock.jatos.conformance import discovery
from jatos_mock.jatos.conformance.config import EXISTING_ID_EXAMPLES, Options, Target, configured
from jatos_mock.jatos.conformance.dialects import Dialect


def existing_id_passes(operations: list[engine.Operation], target: Target, options: Options,
                       jatos: Dialect) -> Iterator[tuple]:
    """Per kind (study, component, batch), the read-only `operations` on an id that exists on the target; with
    `own_study` (never when read-only), also every operation on the run's own imported study, its component and
    batch (the deletes last, the study deleted in the end). Yields (note, configured schema). Run it first, while
    the token is intact."""
    reads: dict[str, list[str]] = {}
    writes: dict[str, list[str]] = {}
    deletes: dict[str, list[str]] = {}
    for operation in operations:
        kind = discovery.id_kind(operation.method, operation.path, writes=True)
        if not kind or not operation.operation_id:
            continue
        if discovery.id_kind(operation.method, operation.path):
            reads.setdefault(kind, []).append(operation.operation_id)
        group = deletes if operation.method.upper() == "DELETE" else writes
        group.setdefault(kind, []).append(operation.operation_id)

    def fixed(operation_ids, value):
        extra = replace(options, operations=tuple(operation_ids), parameters={"path.id": value},
                        phases=("fuzzing",), max_examples=min(options.max_examples, EXISTING_ID_EXAMPLES))
        return configured(target, extra, jatos)[0]

    if not reads and not writes and not deletes:
        return
    seam = seam_for(target)
    found = discovery.discover(seam)
    for kind, operation_ids in reads.items():
        if kind in found:
            yield f" ({kind} {found[kind]})", fixed(operation_ids, found[kind])
    if options.read_only or not options.own_study:
        return
    own = discovery.create_own_study(seam, jatos)
    if own is None:
        return
    study_id, ids = own
    try:
        for group in (writes, deletes):
            for kind in ("study", "component", "batch") if group is writes else ("component", "batch", "study"):
                if kind in ids and group.get(kind):
                    yield f" (own {kind} {ids[kind]})", fixed(group[kind], ids[kind])
    finally:
        discovery.delete_study(seam, study_id)
