"""The iWmo and iJw 3.2 messages: read 301/305/307/315 into provisions, write 301/305/307.

The reader and writer need ``lxml`` (the ``interop`` extra); importing this package does not.
"""
