"""Plain functions taking a database session first; they flush, the caller commits."""
