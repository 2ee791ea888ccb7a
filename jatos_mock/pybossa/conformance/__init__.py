"""`jatos-mock check --api pybossa`: PyBossa's workflows against any PyBossa (the mock or a real server), every
answer checked against our contract (pybossa-api.yaml) and PyBossa's own rules (checks.py)."""
