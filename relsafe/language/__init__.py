"""Language with care: finds victim-blaming or labelling wording and offers better words (PRODUCT.md §6)."""
