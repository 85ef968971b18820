from tests.imports.conftest import billing, run_import

__all__ = ["billing", "run_import"]
