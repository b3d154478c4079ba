"""Subcommands of `siteledger` from `forms`; each module registers its own."""
