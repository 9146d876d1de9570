"""kefu's launcher: the typed settings every process shares and the process supervisor."""
