"""The SPARQL client's defaults, apart from it: the `--endpoint` options show them in every
command's help, and a command on the local files should not import the client (http.client,
ssl) for three values."""

PASSWORD_ENV = "FOOTBALLKG_PASSWORD"
DEFAULT_MAX_ANSWER_BYTES = 256 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
