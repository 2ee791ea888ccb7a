"""The conformance suite: checks the mock or a real JATOS against the contract (jatos-api.yaml).

One implementation, two doors: `jatos-mock check` (cli.py) and the pytest suite in `contracts/`.
`runner.run(target, options)` drives schemathesis's engine with our JATOS checks beside its built-in ones;
`workflows` holds example-based round trips; `baseline` tells known deviations from new failures; `report`
prints the summary and writes JUnit XML.
"""
