"""The reader's screens: the report, the library and its views, and the dialogs over them."""
