"""Survey form definitions and the WTForms built from them."""
