"""Tools for developing Gazette (checks the test suite runs over the source); nothing here runs in production."""
