"""The pytest plugin (registered through the pytest11 entry point). Grows in the plugin issue."""
