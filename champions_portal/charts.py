"""Bar charts drawn in HTML: a bar's width is its share of a whole, as a whole percentage."""


def percent(part, whole, *, cap: int | None = 100) -> int:
    """`part` as a percentage of `whole`, rounded half to even (Python's `round`), at most `cap`
    (None: no cap, for a figure that may pass 100, such as spending against a grant).
    0 when there is no whole (0 or None), so an empty chart draws no bars rather than failing."""
    if not whole:
        return 0
    share = round(100 * part / whole)
    return share if cap is None else min(share, cap)
