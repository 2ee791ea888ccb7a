"""The BrainSTEM API kit: a stateful mock of BrainSTEM's REST API (Django REST framework with dynamic-rest)."""
