"""English words that would mean a message was not translated: shared by the checks that walk
the command line's errors and the product's refusals."""

ENGLISH = frozenset(
    {
        "the", "is", "not", "error", "invalid", "file", "does", "must", "use", "usage", "no",
        "such", "option", "missing", "argument", "command", "value", "expected", "cannot",
        "failed", "try", "aborted", "did", "you", "mean", "got", "unexpected", "extra",
        "requires", "exist", "directory", "permission", "denied", "match", "manifest", "unknown",
        "valid", "date", "traceback", "exception", "found", "only", "be", "are", "was", "one",
        "of", "to", "with", "from", "this", "that", "please", "empty", "already",
    }
)  # fmt: skip


def english_words(text: str) -> list[str]:
    """The words of ``text`` that are English (lower-cased, punctuation stripped)."""
    words = [word.strip(".,:;!?()[]{}'\"“”‘’«»").lower() for word in text.split()]
    return [word for word in words if word in ENGLISH]
