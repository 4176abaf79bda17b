"""Writes and rules. Every function takes ``*, session`` and never commits: the caller owns the
transaction (one per user action), so a failure anywhere leaves nothing half-written."""
