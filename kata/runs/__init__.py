"""Test runs: the sandbox, the fork server and its client, cache, services, pytest plugin."""
