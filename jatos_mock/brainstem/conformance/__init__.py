"""`jatos-mock check --api brainstem`: BrainSTEM's conformance kit (a contract sweep and behaviour workflows)."""
