"""ofsted-reader: a terminal reader for Ofsted children's services inspection reports."""

__version__ = "0.4.0"
