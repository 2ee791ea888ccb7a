"""The contract layer: spec loading, validation, deviations registry, violation ledger."""
