"""SiteLedger's domain, free of Qt: the workspace store, form definitions, ledger and documents."""
