"""The runner (warm kernels, resume), country packs and the book's gallery."""

import sys

# jsonschema (imported by nbformat, hence papermill and nbclient) optionally imports rfc3987_syntax,
# whose grammar takes 1.5-4 s to build at import; nothing here validates IRIs. Skip it.
sys.modules.setdefault("rfc3987_syntax", None)
