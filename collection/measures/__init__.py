"""Measures of an investigation or a disposal (COLL-A36, A38, A40, A43): a second workflow of the collection app."""
