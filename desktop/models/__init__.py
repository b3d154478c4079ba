"""Qt item models: thin, holding row ids or rows fetched from the store (`forms.store`)."""
