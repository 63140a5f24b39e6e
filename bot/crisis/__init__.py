"""Noticing messages about suicide and self-harm: pure logic, no Discord."""
