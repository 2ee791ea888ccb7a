"""The conformance suite: checks the mock or a real JATOS against the contract (jatos-api.yaml).

One implementation, two doors: `jatos-mock check` (cli.py) and the pytest suite in `contracts/`. Needs the `check`
extra (schemathesis, hypothesis, requests).

- run: `runner.run(target, options)` is the run loop; `config` (Target, Options, the configured schema), `ids`
  (passes with ids that exist: `discovery`), `credentials` (the run keeps its own token), `attribution` and
  `explain` (which registered deviations explain a failure), `results` (the result model), `baseline` (known
  deviations), `report` (summary and JUnit XML).
- engine: `engine` is the only module that imports schemathesis (its internals, hooks and transport patches).
- JATOS's rules: `checks` (answer rules), `selection` (read-only mode, admin-only operations), `preflight`.
- workflows (behaviour, not only shapes): core's `transport` (the HTTP seam), `flow` (a small workflow framework)
  and `verify` (write → read verification); here `workflows` (the list, and the round trips), `effects` (properties,
  members, tokens, study codes, sessions), `import_effects` (the import flags), `result_effects` (results delete),
  `cross_checks` (result exports and selectors, read-only), `read_checks` (assets, study log, lists ↔ items,
  read-only), `result_exports` (reading the exports), `mock_control` (a jatos-mock's control API), `jzip`.
"""
