"""SiteLedger's Qt (PySide6) user interface: a thin layer of views over `forms` and `sync`.

Nothing here is imported by `forms` or `sync`; Qt itself is imported only by the modules that
show windows, so the command line stays free of it.
"""
