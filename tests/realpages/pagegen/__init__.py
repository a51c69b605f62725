"""The generator of the real-layout page set (see ../README.md)."""
