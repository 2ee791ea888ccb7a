"""The conformance suite: checks the mock or a real JATOS against the contract (jatos-api.yaml).

One implementation, two doors: `jatos-mock check` (cli.py) and the pytest suite in `contracts/`. Needs the `check`
extra (schemathesis, hypothesis, requests).

- run: `runner.run(target, options)` is the run loop; `config` (Target, Options, the configured schema), `ids`
  (passes with ids that exist: `discovery`), `credentials` (the run keeps its own token), `attribution` and
  `explain` (which registered deviations explain a failure), `results` (the result model), `baseline` (known
  deviations), `report` (summary and JUnit XML).
- engine: `engine` is the only module that imports schemathesis (its internals, hooks and transport patches).
- JATOS's rules: `checks` (answer rules), `selection` (read-only mode, admin-only operations), `preflight`.
- workflows: `transport` (the HTTP seam), `flow` (a small workflow framework), `jzip` (study archives),
  `workflows` (the round trips themselves).
"""
