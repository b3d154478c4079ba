"""The English translation of the desktop: siteledger_en.ts (edited), siteledger_en.qm (built).

See docs/translations.md and `python -m desktop.translations.update`.
"""
