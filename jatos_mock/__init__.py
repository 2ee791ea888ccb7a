"""jatos-mock: a faithful, stateful mock of the JATOS HTTP API and a contract-testing toolkit."""

__version__ = "0.1.0"
