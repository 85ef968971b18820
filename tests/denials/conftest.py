from tests.denials.helpers import denied, world

__all__ = ["denied", "world"]
