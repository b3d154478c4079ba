"""Subcommands of `siteledger` from `desktop`; each module registers its own."""
