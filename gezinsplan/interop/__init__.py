"""Exchange with the standards of the social domain (the iWmo and iJw messages)."""
