"""Subcommands of `siteledger` from `sync`; each module registers its own."""
