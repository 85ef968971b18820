from tests.denials.helpers import app_client, denied, world

__all__ = ["app_client", "denied", "world"]
