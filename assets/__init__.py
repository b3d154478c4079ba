"""Bundled assets (fonts, licences) shipped as package data, so a wheel carries them."""
