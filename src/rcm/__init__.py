"""RCM engine."""
